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

test('an unknown command is named, with the one probably meant and the known ones, and exits 2', () => {
  const result = run(['scna', '.']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^jobsentinel: unknown command "scna" \(did you mean scan\?\); commands: scan, audit, policy, serve\.$/m);
  assert.match(run(['adit']).stderr, /did you mean audit\?/);
  assert.match(run(['verison']).stderr, /did you mean version\?/);
  // Nothing near: no guess.
  assert.doesNotMatch(run(['kubectl']).stderr, /did you mean/);
  const help = run(['help', 'sacn']);
  assert.equal(help.status, 2, 'help for a command that does not exist');
  assert.match(help.stderr, /unknown command "sacn" \(did you mean scan\?\)/);
});

test('an unknown command is echoed with its control characters escaped', () => {
  const result = run(['sc\x1b]0;pwned\x07an\r']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command "sc\\x1b\]0;pwned\\x07an\\r"/);
  assert.doesNotMatch(result.stderr, /[\x00-\x09\x0b-\x1f]/);
});

test('-V, -v, --version and the version command print the version', () => {
  for (const word of ['-V', '-v', '--version', 'version']) {
    const result = run([word]);
    assert.equal(result.status, 0, word);
    assert.equal(result.stdout, `${version}\n`, word);
  }
  assert.match(run(['--help']).stdout, /^\s+version\s+print the version$/m);
});

test("every command's --help is whole: every option of its table, the exit status, and no line cut off", async () => {
  const { COMMANDS } = await import('../src/commands/index.ts');
  for (const command of COMMANDS) {
    const result = run([command.name, '--help']);
    assert.equal(result.status, 0, command.name);
    assert.equal(result.stdout, command.help);
    for (const option of command.options) assert.match(result.stdout, new RegExp(`--${option.name}\\b`), `${command.name} --help lists --${option.name}`);
    assert.match(result.stdout, /Exit status/, command.name);
    assert.match(result.stdout, /[.)]\n$/, `${command.name} --help ends with a whole sentence`);
    for (const line of result.stdout.split('\n')) assert.ok(line.length <= 100, `${command.name}: a line over 100 columns: ${line}`);
  }
});

test('every command suggests the option probably meant, serve included', () => {
  for (const [args, meant] of [[['scan', '--fromat', 'json'], '--format'], [['audit', '--sinse', '1d'], '--since'], [['serve', '--tls-crt', 'x'], '--tls-cert'], [['policy', '--actoin', 'Deny'], '--action'], [['scan', '--baseine', 'b.json'], '--baseline'], [['scan', '--ouput', 'x'], '--output']] as Array<[string[], string]>) {
    const result = run(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, new RegExp(`unknown option ${args[1]} \\(did you mean ${meant}\\?\\)`), args.join(' '));
    assert.doesNotMatch(result.stderr, /TypeError|ERR_PARSE_ARGS/);
  }
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
