/**
 * The language server binary started by a person, not an editor: --help, --version and no arguments
 * answer in words and exit, instead of the protocol library's stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ROOT, SERVER_BIN } from './session.ts';

const version = (JSON.parse(readFileSync(`${ROOT}server/package.json`, 'utf8')) as { version: string }).version;

function start(args: string[]) {
  const result = spawnSync(SERVER_BIN, args, { input: '', encoding: 'utf8', timeout: 30_000 });
  if (result.error) throw result.error;
  return result;
}

test('--help and -h explain that it speaks LSP over stdio, and exit 0', () => {
  for (const flag of ['--help', '-h']) {
    const result = start([flag]);
    assert.equal(result.status, 0, flag);
    assert.match(result.stdout, /^Usage: jobsentinel-language-server --stdio$/m);
    assert.match(result.stdout, /Language Server Protocol/);
    assert.match(result.stdout, /--stdio\s+talk LSP over standard input and output/);
    assert.equal(result.stderr, '');
  }
});

test('--version, -V and -v print the package version', () => {
  for (const flag of ['--version', '-V', '-v']) {
    const result = start([flag]);
    assert.equal(result.status, 0, flag);
    assert.equal(result.stdout, `${version}\n`);
  }
});

test('no arguments: usage on stderr, exit 2, no stack trace', () => {
  const result = start([]);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /no connection given.*jobsentinel-language-server --stdio/);
  assert.doesNotMatch(result.stderr, /\n\s+at |Error:/);
});
