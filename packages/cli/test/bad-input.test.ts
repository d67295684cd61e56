import assert from 'node:assert/strict';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, run, runJson, workspace } from './helpers.ts';

test('a binary file is not analysed: reported, the run goes on, and it is incomplete (exit 2)', () => {
  const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe]);
  const dir = workspace({ 'a.yaml': binary, 'b.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 2, 'input it never judged must not pass CI');
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'a.yaml');
  assert.equal(json.errors[0].skipped, false, 'kubectl refuses it: an error, not a skip');
  assert.equal(json.errors[0].incomplete, true);
  assert.equal(json.summary.incomplete, 1);
  assert.match(json.errors[0].message, /binary/);
  assert.equal(json.findings[0].file, 'b.yaml');
});

test('a binary file is an error in text output, and the summary says the run is incomplete', () => {
  const dir = workspace({ 'blob.yaml': Buffer.from([0x00, 0x01, 0x02]) });
  const result = run(['scan', '.'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.match(result.stdout, /^blob\.yaml:1:1\s+error\s+input-error\s+binary file/m);
  assert.match(result.stdout, /^Incomplete \(1 file not fully analysed\): no findings in 0 files, 1 input error; no config file$/m);
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
  assert.equal(status, 2);
  assert.equal(json.findings.length, 1, 'ok.yaml is still reported');
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

test('a Helm template that is not YAML is reported at its file and line, and the run is incomplete', () => {
  const helm = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n';
  const dir = workspace({ 'templates/cron.yaml': helm });
  const result = run(['scan', '.'], { cwd: dir });
  assert.equal(result.status, 2, 'a chart folder it could not read is not a clean scan');
  assert.match(result.stdout, /^templates\/cron\.yaml:\d+:\d+\s+error\s+skipped\s+.*Helm template/m);
  assert.match(result.stdout, /^Incomplete \(1 file not fully analysed\): no findings in 1 file/m, 'the summary does not read as clean');
});

test('YAML that is a list or a scalar holds no Kubernetes object: a note in JSON, no failure, quiet in text', () => {
  const dir = workspace({ 'list.yaml': '- a\n- b\n', 'scalar.yaml': 'just text\n' });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 0);
  assert.ok(json.errors.length > 0);
  assert.deepEqual([...new Set(json.errors.map((e: { file: string }) => e.file))], ['list.yaml', 'scalar.yaml']);
  assert.ok(json.errors.every((e: { incomplete: boolean }) => !e.incomplete));
  assert.equal(json.summary.incomplete, 0);
  const text = run(['scan', '.'], { cwd: dir });
  assert.equal(text.stdout, 'No findings in 2 files; no config file\n');
});

test('files that decode but hold no Kubernetes object are no failure, and --verbose lists them', () => {
  const dir = workspace({
    'package.json': '{"name": "app", "version": "1.0.0"}\n',
    'chart/values.yaml': 'image:\n  repository: nginx\n  tag: "1.27"\n',
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
  });
  const quiet = run(['scan', '.'], { cwd: dir });
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stdout, 'No findings in 3 files; no config file\n');
  const verbose = run(['scan', '.', '--verbose'], { cwd: dir });
  assert.equal(verbose.status, 0);
  assert.match(verbose.stdout, /^chart\/values\.yaml:1:1\s+note\s+skipped\s+no Kubernetes object/m);
  assert.match(verbose.stdout, /^package\.json:1:1\s+note/m);
  assert.doesNotMatch(verbose.stdout, /svc\.yaml/, 'an object of another kind is a Kubernetes object: nothing to note');
});
