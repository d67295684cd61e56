import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, run, runJson, workspace } from './helpers.ts';

test('a binary file is skipped with a note, and the run goes on', () => {
  const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]);
  const dir = workspace({ 'a.yaml': binary, 'b.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1, 'a skipped file is not a failure; the finding in b.yaml decides');
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'a.yaml');
  assert.equal(json.errors[0].skipped, true);
  assert.match(json.errors[0].message, /binary/);
  assert.equal(json.findings[0].file, 'b.yaml');
});

test('a binary file is a note in text output, not an error', () => {
  const dir = workspace({ 'blob.yaml': Buffer.from([0x00, 0x01, 0x02]) });
  const result = run(['scan', '.'], { cwd: dir });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^blob\.yaml:1:1\s+note\s+skipped\s+binary/m);
  assert.match(result.stdout, /1 skipped/);
});

test('a non-UTF-8 file is reported at the line of the first bad byte; other files are still scanned', () => {
  const latin1 = Buffer.concat([Buffer.from('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  const dir = workspace({ 'latin1.yaml': latin1, 'ok.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  const [error] = json.errors;
  assert.equal(error.file, 'latin1.yaml');
  assert.equal(error.range.start.line, 4);
  assert.match(error.message, /UTF-8/);
  assert.equal(error.skipped, false);
});

test('a UTF-8 byte-order mark is dropped and positions stay right', () => {
  const dir = workspace({ 'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PRIVILEGED_CRONJOB)]) });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(json.errors, []);
  assert.deepEqual(json.findings[0].range, { start: { line: 15, column: 45 }, end: { line: 15, column: 49 } });
});

test('a UTF-16 file is skipped with a note that says how to fix it', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED_CRONJOB, 'utf16le')]);
  const dir = workspace({ 'utf16.yaml': utf16 });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 0);
  assert.match(json.errors[0].message, /UTF-16.*UTF-8/);
  assert.equal(json.errors[0].skipped, true);
});

test('a file over 64 MB is skipped with a note, without being read', () => {
  const dir = workspace({ 'ok.yaml': PRIVILEGED_CRONJOB });
  const big = join(dir, 'huge.yaml');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 65 * 1024 * 1024); // sparse: no disk space, but a 65 MB size
  closeSync(fd);
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'huge.yaml');
  assert.equal(json.errors[0].skipped, true);
  assert.match(json.errors[0].message, /65 MB, over the 64 MB limit/);
});

test('a path that cannot be read (through a file) is a failure to run (exit 2), reported with its path', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB, 'jobs/not-a-folder': 'x' });
  const result = runJson(['scan', 'jobs/not-a-folder/deeper'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.json.errors[0].file, 'jobs/not-a-folder/deeper');
  assert.match(result.json.errors[0].message, /cannot read: not a directory/);
});

test('a Helm template is skipped with a note naming the file and line, not a crash', () => {
  const helm = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n';
  const dir = workspace({ 'templates/cron.yaml': helm });
  const result = run(['scan', '.'], { cwd: dir });
  assert.notEqual(result.status, 2);
  assert.match(result.stdout, /^templates\/cron\.yaml:\d+:\d+\s+(note|error)\s+(skipped|input-error)\s+.*(Helm|template)/im);
});

test('YAML that is a list or a scalar is reported, not analysed, and does not crash', () => {
  const dir = workspace({ 'list.yaml': '- a\n- b\n', 'scalar.yaml': 'just text\n' });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 0);
  assert.deepEqual(json.errors.map((e: { file: string }) => e.file), ['list.yaml', 'scalar.yaml']);
});
