import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIN, CLEAN_CRONJOB, PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

test('exit 0 and "No findings" for a clean manifest, look-alike words included', () => {
  const dir = workspace({ 'clean.yaml': CLEAN_CRONJOB });
  const result = run(['scan', 'clean.yaml'], { cwd: dir });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^No findings in 1 file; no config file$/m);
});

test('exit 1 when anything is found', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  const result = run(['scan', 'backup.yaml'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.match(result.stdout, /privileged-container/);
});

test('exit 0 for a finding of information severity alone: the default --fail-on is warning', () => {
  const manifest = CLEAN_CRONJOB.replace('ghcr.io/acme/superlative-reporter:1.0', 'alpine:3.20');
  const dir = workspace({ 'alpine.yaml': manifest });
  const { status, json } = runJson(['scan', 'alpine.yaml'], { cwd: dir });
  assert.equal(status, 0);
  assert.deepEqual(json.findings.map((f: { severity: string }) => f.severity), ['information'], 'still reported');
  assert.equal(runJson(['scan', 'alpine.yaml', '--fail-on', 'information'], { cwd: dir }).status, 1);
});

test('exit 2 for a path that does not exist, and the other paths are still scanned', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', 'missing.yaml', 'backup.yaml'], { cwd: dir });
  assert.equal(status, 2);
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'missing.yaml');
  assert.match(json.errors[0].message, /no such file or directory/);
  assert.equal(json.findings[0].file, 'backup.yaml');
});

test('a malformed document is reported with its line and the other documents are still analysed', () => {
  const broken = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: [broken\n';
  const dir = workspace({ 'mixed.yaml': `${broken}---\n${PRIVILEGED_CRONJOB}` });
  const { status, json } = runJson(['scan', 'mixed.yaml'], { cwd: dir });
  assert.equal(status, 2, 'a document it could not decode makes the run incomplete');
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'mixed.yaml');
  assert.ok(json.errors[0].range.start.line <= 4, JSON.stringify(json.errors[0]));
  assert.equal(json.findings.length, 1);
  assert.equal(json.findings[0].indicator, 'privileged-container');
  assert.equal(json.findings[0].range.start.line, 19, 'line 15 of the CronJob, after the 4 lines before it');
});

test('a malformed file alone is reported and the run is incomplete: exit 2', () => {
  const dir = workspace({ 'bad.yaml': 'key: [unclosed\n' });
  const result = run(['scan', 'bad.yaml'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.match(result.stdout, /^bad\.yaml:\d+:\d+\s+error\s+input-error\s+\S/m);
});

test('findings in several files: exit 1, and each file is reported', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'b.yaml': REVERSE_SHELL_JOB, 'c.yaml': CLEAN_CRONJOB });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual([...new Set(json.findings.map((f: { file: string }) => f.file))], ['a.yaml', 'b.yaml']);
  assert.equal(json.summary.files, 3);
});

test('a reader that stops early (| head) is not a crash: no stack trace, the status stays 1', () => {
  const dir = workspace({ 'many.yaml': Array(400).fill(PRIVILEGED_CRONJOB).join('---\n') });
  const piped = spawnSync('bash', ['-c', `"${BIN}" scan --format json many.yaml | head -c 100 >/dev/null; exit \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8' });
  assert.equal(piped.stderr, '');
  assert.equal(piped.status, 1);
});

test('a slow reader gets the whole report: the command does not leave before its output is written', () => {
  const dir = workspace({ 'many.yaml': Array(400).fill(PRIVILEGED_CRONJOB).join('---\n') });
  // Far more than a pipe holds (64 KB), read only after the command has finished writing.
  const piped = spawnSync('bash', ['-c', `"${BIN}" scan --format json many.yaml | (sleep 1; cat); exit \${PIPESTATUS[0]}`], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(piped.status, 1);
  assert.ok(piped.stdout.length > 128 << 10, `only ${piped.stdout.length} bytes`);
  assert.equal(JSON.parse(piped.stdout).findings.length, 400);
});
