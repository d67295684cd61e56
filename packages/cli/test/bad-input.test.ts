import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, run, runJson, workspace } from './helpers.ts';

test('a binary file is an error, as kubectl refuses it, and the run goes on', () => {
  const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]);
  const dir = workspace({ 'a.yaml': binary, 'b.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1, 'the finding in b.yaml decides; the refused file is an error, not a note');
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'a.yaml');
  assert.equal(json.errors[0].skipped, false);
  assert.match(json.errors[0].message, /binary file/);
  assert.equal(json.findings[0].file, 'b.yaml');
});

test('a Latin-1 byte is read as U+FFFD, as kubectl reads it: the file is analysed', () => {
  const latin1 = Buffer.concat([Buffer.from(PRIVILEGED_CRONJOB + '# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
  const dir = workspace({ 'latin1.yaml': latin1 });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(json.errors, []);
  assert.ok(json.findings.length > 0);
});

test('a UTF-8 byte-order mark is dropped and positions stay right', () => {
  const dir = workspace({ 'bom.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PRIVILEGED_CRONJOB)]) });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(json.errors, []);
  assert.deepEqual(json.findings[0].range, { start: { line: 15, column: 45 }, end: { line: 15, column: 49 } });
});

test('a UTF-16 file with a byte order mark is transcoded, as kubectl does, and positions are its characters', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED_CRONJOB, 'utf16le')]);
  const plain = runJson(['scan', '.'], { cwd: workspace({ 'plain.yaml': PRIVILEGED_CRONJOB }) }).json;
  const { status, json } = runJson(['scan', '.'], { cwd: workspace({ 'utf16.yaml': utf16 }) });
  assert.equal(status, 1);
  assert.deepEqual(json.errors, []);
  assert.deepEqual(json.findings.map((finding: { range: unknown }) => finding.range), plain.findings.map((finding: { range: unknown }) => finding.range));
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

test('YAML that is a list or a scalar is no manifest: quiet, unless it holds Kubernetes objects kubectl would refuse', () => {
  const quiet = runJson(['scan', '.'], { cwd: workspace({ 'list.yaml': '- a\n- b\n', 'scalar.yaml': 'just text\n' }) });
  assert.equal(quiet.status, 0);
  assert.deepEqual(quiet.json.errors, []);
  const refused = runJson(['scan', '.'], { cwd: workspace({ 'jobs.yaml': '- apiVersion: batch/v1\n  kind: Job\n' }) });
  assert.deepEqual(refused.json.errors.map((e: { file: string; message: string }) => [e.file, e.message]), [['jobs.yaml', 'document 1: a list, not a Kubernetes object (kubectl refuses it)']]);
});
