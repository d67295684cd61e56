import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

/** The Kubernetes documentation's CronJob example: busybox printing the date and a greeting. */
const HELLO_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`;

test("the Kubernetes docs' busybox hello-world CronJob exits 0 by default, its information finding still reported", () => {
  const dir = workspace({ 'hello.yaml': HELLO_CRONJOB });
  const { status, json } = runJson(['scan', 'hello.yaml'], { cwd: dir });
  assert.equal(status, 0);
  assert.deepEqual(json.findings.map((finding: { severity: string }) => finding.severity), ['information']);
});

test('--fail-on sets the lowest severity that fails: error, warning, information, never', () => {
  const dir = workspace({ 'hello.yaml': HELLO_CRONJOB, 'net.yaml': PRIVILEGED_CRONJOB.replace('securityContext: {privileged: true}', 'securityContext: {}').replace('containers:', 'hostNetwork: true\n          containers:') });
  const status = (file: string, level: string) => run(['scan', file, '--fail-on', level], { cwd: dir }).status;
  assert.deepEqual(['error', 'warning', 'information', 'never'].map((level) => status('hello.yaml', level)), [0, 0, 1, 0]);
  assert.deepEqual(['error', 'warning', 'information', 'never'].map((level) => status('net.yaml', level)), [0, 1, 1, 0]);
  assert.deepEqual(['error', 'never'].map((level) => status('.', level)), [0, 0]);
  const priv = workspace({ 'p.yaml': PRIVILEGED_CRONJOB });
  assert.equal(run(['scan', 'p.yaml', '--fail-on=error'], { cwd: priv }).status, 1);
});

test('--fail-on never still exits 2 when input could not be analysed', () => {
  const dir = workspace({ 'bad.yaml': 'key: [unclosed\n', 'ok.yaml': REVERSE_SHELL_JOB });
  const result = runJson(['scan', '.', '--fail-on', 'never'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.ok(result.json.findings.length > 0, 'every result is still printed');
  assert.equal(result.json.summary.incomplete, 1);
});

test('a mistyped --fail-on level is bad usage with a suggestion', () => {
  const result = run(['scan', '.', '--fail-on', 'warnings']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown --fail-on level "warnings" \(did you mean "warning"\?\); use one of: error, warning, information, never/);
});

const EVENT = (id: string, image: string) =>
  JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: id,
    stage: 'ResponseComplete',
    verb: 'create',
    user: { username: 'mallory' },
    objectRef: { resource: 'jobs', namespace: 'default', name: id, apiGroup: 'batch', apiVersion: 'v1' },
    responseStatus: { code: 201 },
    requestObject: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: id }, spec: { template: { spec: { containers: [{ name: 'c', image }], restartPolicy: 'Never' } } } },
  });

test('audit: a record it cannot decode makes the run incomplete (exit 2), and every match is still printed', () => {
  const log = [EVENT('a', 'busybox:1.36'), '{"kind":"Event", "auditID": "cut', EVENT('b', 'debian:12'), ''].join('\n');
  const dir = workspace({ 'audit.log': log, 'clean.log': EVENT('c', 'busybox:1.36') + '\n' });
  const broken = runJson(['audit', 'audit.log'], { cwd: dir });
  assert.equal(broken.status, 2);
  assert.equal(broken.json.matches.length, 2);
  assert.equal(broken.json.summary.incomplete, 1);
  assert.match(run(['audit', 'audit.log'], { cwd: dir }).stdout, /Incomplete: 1 file was not fully analysed/);
  // Control: the same kind of match in a log that decodes is information only, below the default --fail-on.
  assert.equal(runJson(['audit', 'clean.log'], { cwd: dir }).status, 0);
  assert.equal(runJson(['audit', 'clean.log', '--fail-on', 'information'], { cwd: dir }).status, 1);
  assert.equal(runJson(['audit', '-', '--fail-on', 'information'], { cwd: dir, input: gzipSync(EVENT('d', 'busybox:1.36') + '\n') }).status, 1);
});
