import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, runJson, workspace } from './helpers.ts';

const FINDING_KEYS = ['file', 'document', 'kind', 'name', 'namespace', 'indicator', 'severity', 'message', 'path', 'range'];

test('json: one version-1 object with every field of each finding', () => {
  const dir = workspace({ 'jobs/backup.yaml': PRIVILEGED_CRONJOB });
  const { status, json } = runJson(['scan', 'jobs'], { cwd: dir });
  assert.equal(status, 1);
  assert.equal(json.version, 1);
  assert.ok(Array.isArray(json.findings) && Array.isArray(json.errors) && Array.isArray(json.suppressed));
  assert.deepEqual(json.summary, { files: 1, documents: 1, findings: 1, suppressed: 0, baseline: 0, excluded: 0, errors: 0, incomplete: 0 });
  assert.equal(json.config, null);
  assert.equal(json.baseline, null, 'no --baseline given');
  assert.deepEqual(json.excluded, []);
  const [finding] = json.findings;
  for (const key of FINDING_KEYS) assert.ok(key in finding, `finding has ${key}`);
  assert.deepEqual(
    { ...finding, message: undefined, evidence: undefined },
    {
      file: 'jobs/backup.yaml',
      document: 0,
      kind: 'CronJob',
      name: 'backup',
      namespace: 'ops',
      indicator: 'privileged-container',
      severity: 'error',
      message: undefined,
      path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged',
      range: { start: { line: 15, column: 45 }, end: { line: 15, column: 49 } },
      evidence: undefined,
    },
  );
  assert.match(finding.message, /privileged/);
});

test('json: the range is the exact scalar in the source text', () => {
  const dir = workspace({ 'job.yaml': REVERSE_SHELL_JOB });
  const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
  const lines = REVERSE_SHELL_JOB.split('\n');
  const text = (range: { start: { line: number; column: number }; end: { line: number; column: number } }) => {
    assert.equal(range.start.line, range.end.line, 'single-line node');
    return lines[range.start.line - 1].slice(range.start.column - 1, range.end.column - 1);
  };
  const byIndicator = new Map(json.findings.map((f: { indicator: string }) => [f.indicator, f]));
  assert.equal(text((byIndicator.get('host-network') as { range: never }).range), 'true');
  assert.equal(text((byIndicator.get('attacker-tooling') as { range: never }).range).replace(/"/g, ''), 'alpine:3.20');
});

test('json: documents are counted across files and multi-document files', () => {
  const dir = workspace({ 'a.yaml': `${PRIVILEGED_CRONJOB}---\n${REVERSE_SHELL_JOB}`, 'b.yml': REVERSE_SHELL_JOB });
  const { json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(json.summary.files, 2);
  assert.equal(json.summary.documents, 3);
  assert.equal(json.summary.findings, json.findings.length);
  assert.deepEqual([...new Set(json.findings.map((f: { document: number; file: string }) => `${f.file}#${f.document}`))], ['a.yaml#0', 'a.yaml#1', 'b.yml#0']);
});

test('json: file paths are relative to the working folder with forward slashes, also for ../ paths', () => {
  const dir = workspace({ 'deploy/jobs/nightly.yaml': PRIVILEGED_CRONJOB, 'work/.keep': '' });
  const { json } = runJson(['scan', '../deploy'], { cwd: `${dir}/work` });
  assert.equal(json.findings[0].file, '../deploy/jobs/nightly.yaml');
});

test('json: findings in a file come in source order', () => {
  const dir = workspace({ 'job.yaml': REVERSE_SHELL_JOB });
  const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
  const starts = json.findings.map((f: { range: { start: { line: number; column: number } } }) => f.range.start.line * 1000 + f.range.start.column);
  assert.deepEqual(starts, [...starts].sort((a: number, b: number) => a - b));
  assert.ok(json.findings.length >= 2);
});

test('json: a JSON manifest is analysed with positions too', () => {
  const manifest = JSON.stringify(
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { hostPID: true, containers: [{ name: 'c', image: 'registry.example.com/x:1' }] } } } },
    null,
    2,
  );
  const dir = workspace({ 'job.json': manifest });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  const [finding] = json.findings;
  assert.equal(finding.indicator, 'host-pid');
  const line = manifest.split('\n')[finding.range.start.line - 1];
  assert.equal(line.slice(finding.range.start.column - 1, finding.range.end.column - 1), 'true');
});
