// Node: check manifest files named on the command line, print one line per finding, exit 1 if any.
import { readFile } from 'node:fs/promises';
import { analyseManifest } from '@jobsentinel/core';

let found = 0;
for (const file of process.argv.slice(2)) {
  const { findings, errors } = analyseManifest(await readFile(file, 'utf8'), file);
  for (const { range, severity, indicator, message } of findings) {
    console.log(`${file}:${range.start.line}:${range.start.column} ${severity} ${indicator} ${message}`);
  }
  for (const { range, message } of errors) console.error(`${file}:${range.start.line}:${range.start.column} ${message}`);
  found += findings.length;
}
process.exitCode = found > 0 ? 1 : 0;
