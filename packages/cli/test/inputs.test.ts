import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLEAN_CRONJOB, PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

const files = (json: { findings: Array<{ file: string }> }) => [...new Set(json.findings.map((finding) => finding.file))];

test('folders: *.yaml, *.yml and *.json are found recursively; other extensions are not', () => {
  const json = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { hostIPC: true, containers: [] } } } });
  const dir = workspace({
    'a/deep/er/one.yaml': PRIVILEGED_CRONJOB,
    'a/two.yml': REVERSE_SHELL_JOB,
    'b/three.json': json,
    'b/UPPER.YAML': PRIVILEGED_CRONJOB,
    'b/notes.txt': PRIVILEGED_CRONJOB,
    'b/chart.tpl': PRIVILEGED_CRONJOB,
  });
  const { status, json: out } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(files(out), ['a/deep/er/one.yaml', 'a/two.yml', 'b/UPPER.YAML', 'b/three.json']);
  assert.equal(out.summary.files, 4);
});

test('folders: node_modules and .git are skipped at any depth', () => {
  const dir = workspace({
    'node_modules/pkg/job.yaml': PRIVILEGED_CRONJOB,
    'app/node_modules/x/job.yaml': PRIVILEGED_CRONJOB,
    '.git/hooks/job.yaml': PRIVILEGED_CRONJOB,
    'app/.github/workflows/job.yaml': PRIVILEGED_CRONJOB,
    'app/job.yaml': CLEAN_CRONJOB,
  });
  const { json } = runJson(['scan', '.'], { cwd: dir });
  assert.deepEqual(files(json), ['app/.github/workflows/job.yaml'], 'only those two names are skipped, not every dot-folder');
  assert.equal(json.summary.files, 2);
});

test('folders: the order is sorted and the same on every run, whatever the creation order', () => {
  const dir = workspace({ 'z.yaml': PRIVILEGED_CRONJOB, 'b/a.yaml': PRIVILEGED_CRONJOB, 'a.yaml': PRIVILEGED_CRONJOB, 'B.yaml': PRIVILEGED_CRONJOB });
  const first = runJson(['scan', '.'], { cwd: dir }).json;
  assert.deepEqual(files(first), ['B.yaml', 'a.yaml', 'b/a.yaml', 'z.yaml']);
  assert.deepEqual(runJson(['scan', '.'], { cwd: dir }).json, first);
});

test('the default path is the current folder', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(files(json), ['jobs/a.yaml']);
});

test('a file named on the command line is scanned whatever its extension', () => {
  const dir = workspace({ 'cronjob.txt': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', 'cronjob.txt'], { cwd: dir });
  assert.equal(status, 1);
  assert.deepEqual(files(json), ['cronjob.txt']);
});

test('a file reached twice (named and inside a named folder) is scanned once', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  const { json } = runJson(['scan', 'jobs/a.yaml', 'jobs', './jobs/a.yaml'], { cwd: dir });
  assert.equal(json.summary.files, 1);
  assert.equal(json.findings.length, 1);
});

test('a symbolic-link loop is walked once and does not hang', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  symlinkSync(join(dir, 'jobs'), join(dir, 'jobs', 'loop'));
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  assert.equal(json.summary.files, 1);
});

test('an empty folder is a clean scan of no files', () => {
  const dir = workspace({ 'empty/.keep': '' });
  const result = run(['scan', 'empty'], { cwd: dir });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^No findings in 0 files; no config file$/m);
});

test('stdin: - reads the manifest from standard input, reported as <stdin>', () => {
  const { status, json } = runJson(['scan', '-'], { input: REVERSE_SHELL_JOB, cwd: workspace({}) });
  assert.equal(status, 1);
  assert.deepEqual(files(json), ['<stdin>']);
  assert.ok(json.findings.some((finding: { indicator: string }) => finding.indicator === 'host-network'));
});

test('stdin: --stdin-name names it, and it mixes with files', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  const { json } = runJson(['scan', 'a.yaml', '-', '--stdin-name', 'k8s/job.yaml'], { input: REVERSE_SHELL_JOB, cwd: dir });
  assert.deepEqual(files(json), ['a.yaml', 'k8s/job.yaml']);
});

test('stdin: a clean manifest exits 0', () => {
  const result = run(['scan', '-'], { input: CLEAN_CRONJOB, cwd: workspace({}) });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /No findings in 1 file/);
});
