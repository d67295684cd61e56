import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectAuditLog, type UninspectableWrite } from '../src/entries/audit.js';
import { jsonLines, kubeEvent } from './fixtures/audit/events.ts';

async function hidden(text: string) {
  const listened: UninspectableWrite[] = [];
  const result = await collectAuditLog(new Blob([text]).stream(), { source: 'audit.log', onUninspectable: (write) => listened.push(write) });
  assert.deepEqual(listened, result.uninspectable, 'the listener hears each write the collected result lists');
  assert.equal(result.summary.uninspectable, result.uninspectable.length);
  return result;
}

describe('what could not be seen is listed: who, when, which object, why', () => {
  test('a Metadata-level write', async () => {
    const { uninspectable, matches } = await hidden(jsonLines(kubeEvent({ auditID: 'm', level: 'Metadata', requestObject: undefined, responseObject: undefined })));
    assert.equal(matches.length, 0);
    assert.deepEqual(uninspectable, [
      {
        file: 'audit.log', line: 1, auditID: 'm', timestamp: '2026-03-02T10:00:00.100000Z', verb: 'create', resource: 'cronjobs', namespace: 'ci', name: 'build',
        user: 'alice@example.com', impersonatedUser: null, cloudIdentity: null, owner: null, sourceIPs: ['10.1.2.3'], userAgent: 'kubectl/v1.30.1', outcome: 'allowed',
        reason: 'Metadata level',
      },
    ]);
  });

  test("a body AKS dropped as too big (skipped-too-big-size-object)", async () => {
    const { uninspectable } = await hidden(jsonLines(kubeEvent({ requestObject: 'skipped-too-big-size-object', responseObject: 'skipped-too-big-size-object' })));
    assert.deepEqual(uninspectable.map((write) => write.reason), ['body dropped as too big']);
  });

  test('a body that is not an object', async () => {
    const { uninspectable } = await hidden(jsonLines(kubeEvent({ requestObject: 'apiVersion: batch/v1\nkind: CronJob' }), kubeEvent({ requestObject: 42 })));
    assert.deepEqual(uninspectable.map((write) => write.reason), ['body not an object', 'body not an object']);
  });

  test('a Request-level write refused before its body was read', async () => {
    const { uninspectable } = await hidden(jsonLines(kubeEvent({ level: 'Request', requestObject: undefined, responseStatus: { code: 403 }, annotations: { 'authorization.k8s.io/decision': 'forbid' } })));
    assert.deepEqual(uninspectable.map((write) => [write.reason, write.outcome]), [['no body logged', 'denied']]);
  });

  test('both stages of one request are one entry, with the outcome of the last', async () => {
    const metadata = { auditID: 'two', level: 'Metadata', requestObject: undefined, responseObject: undefined };
    const { uninspectable } = await hidden(jsonLines(kubeEvent({ ...metadata, stage: 'RequestReceived', responseStatus: undefined }), kubeEvent({ ...metadata, responseStatus: { code: 422 } })));
    assert.deepEqual(uninspectable.map((write) => [write.line, write.outcome]), [[1, 'denied']]);
  });

  test('a first stage without a body and a later one with it: inspected, not listed', async () => {
    const { uninspectable, matches } = await hidden(
      jsonLines(kubeEvent({ auditID: 'x', stage: 'RequestReceived', level: 'Metadata', requestObject: undefined, responseStatus: undefined }), kubeEvent({ auditID: 'x' })),
    );
    assert.deepEqual([uninspectable.length, matches.length], [0, 1]);
  });

  test('a write whose last stage never came is still listed at the end', async () => {
    const { uninspectable } = await hidden(jsonLines(kubeEvent({ auditID: 'cut', stage: 'RequestReceived', level: 'Metadata', requestObject: undefined, responseStatus: undefined, annotations: {} })));
    assert.deepEqual(uninspectable.map((write) => [write.auditID, write.outcome]), [['cut', 'unknown']]);
  });

  test('writes with a body, and reads without one, are not listed', async () => {
    const { uninspectable } = await hidden(jsonLines(kubeEvent(), kubeEvent({ verb: 'get', level: 'Metadata', requestObject: undefined })));
    assert.deepEqual(uninspectable, []);
  });
});
