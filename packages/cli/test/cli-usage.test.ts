import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { run } from './helpers.ts';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

test('--help lists the commands and the exit statuses, and exits 0', () => {
  const result = run(['--help']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /Usage: jobsentinel <command>/);
  assert.match(result.stdout, /^\s+scan\s+scan manifests/m);
  assert.match(result.stdout, /0 nothing found, 1 something found, 2/);
});

test('scan --help documents paths, formats, config lookup and exit statuses', () => {
  for (const args of [['scan', '--help'], ['scan', '-h'], ['help', 'scan']]) {
    const result = run(args);
    assert.equal(result.status, 0, args.join(' '));
    assert.match(result.stdout, /Usage: jobsentinel scan \[options\] \[PATH\.\.\.\]/);
    assert.match(result.stdout, /text .*json .*sarif/s);
    assert.match(result.stdout, /Default: \. \(the current folder\)/);
    assert.match(result.stdout, /\.jobsentinel\.yaml/);
    assert.match(result.stdout, /^\s+2\s+could not run/m);
  }
});

test('--version prints the package version', () => {
  const result = run(['--version']);
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), version);
});

test('no command prints usage on stderr and exits 2', () => {
  const result = run([]);
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /Usage: jobsentinel <command>/);
});

test('an unknown command is named, with the known ones, and exits 2', () => {
  const result = run(['scna', '.']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command "scna"/);
  assert.match(result.stderr, /scan/);
});

test('an unknown option is bad usage: exit 2 and a pointer to --help', () => {
  const result = run(['scan', '--frmat', 'json', '.']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--frmat/);
  assert.match(result.stderr, /jobsentinel scan --help/);
  assert.equal(result.stdout, '');
});

test('an unknown format is bad usage and names the valid ones', () => {
  const result = run(['scan', '--format', 'xml', '.']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown format "xml".*text, json, sarif/);
});
