#!/usr/bin/env node
// Runs every *.test.ts of the workspace with Node's built-in test runner (TypeScript through tsx).
// Node 20's runner does not expand globs itself, hence this small finder.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
// `--unit`: the fast suite (core, CLI, language server over stdio). The rest drives browsers, editors,
// other runtimes and installs, and runs only in the full suite.
const unit = process.argv.includes('--unit');
const roots = unit ? ['packages', 'server', 'extension', 'test/lsp'] : ['packages', 'server', 'extension', 'test'];
const filter = process.argv.slice(2).filter((arg) => arg !== '--unit');

function* testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

const files = roots
  .flatMap((name) => [...testFiles(join(root, name))])
  .map((file) => relative(root, file))
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort();

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
