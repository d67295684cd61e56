// The CLI offers exactly the core's FORMATTERS: --format accepts each name, the help lists each with
// its description, and anything else is bad usage naming the valid ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFormatters, FORMATTERS } from '@jobsentinel/core/formats';
import { PRIVILEGED_CRONJOB, run, workspace } from './helpers.ts';

/** The format names the help lists under --format: one per line, `name: description`. */
function helpFormats(command: string): string[] {
  const lines = run([command, '--help']).stdout.split('\n');
  const first = lines.findIndex((line) => line.includes('--format FORMAT'));
  const names: string[] = [];
  for (const line of lines.slice(first)) {
    const match = (names.length === 0 ? /--format FORMAT\s+([a-z][a-z0-9-]*): / : /^\s+([a-z][a-z0-9-]*): /).exec(line);
    if (!match) break;
    names.push(match[1]);
  }
  return names;
}

test('scan --help lists every format of the table with its description, and audit --help those with an audit report', () => {
  assert.deepEqual(helpFormats('scan'), FORMATTERS.map((format) => format.name));
  assert.deepEqual(helpFormats('audit'), auditFormatters().map((format) => format.name));
  const help = run(['scan', '--help']).stdout;
  for (const format of FORMATTERS) assert.ok(help.includes(`${format.name}: ${format.description}`), format.name);
});

test('scan --format accepts every format of the table and nothing else', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  for (const format of FORMATTERS) {
    const result = run(['scan', '--format', format.name, 'backup.yaml'], { cwd: dir });
    assert.equal(result.status, 1, `${format.name}: ${result.stderr}`);
    assert.ok(result.stdout.length > 0);
  }
  const bad = run(['scan', '--format', 'toString', 'backup.yaml'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, new RegExp(`unknown format "toString".*${FORMATTERS.map((format) => format.name).join(', ')}`));
});
