import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectAuditLog } from '../src/entries/audit.js';
import { jobObject } from './fixtures/audit/canonical.ts';
import { CONTROLLER_AGENT, CRONJOB_CONTROLLER, controllerJob, HARMLESS, jsonLines, kubeEvent, REVERSE_SHELL } from './fixtures/audit/events.ts';
import { scan } from './fixtures/audit/canonical.ts';

const EKS_USER = {
  username: 'arn:aws:sts::111122223333:assumed-role/DevOps/alice',
  uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLEROLEID',
  groups: ['system:authenticated'],
  extra: {
    accessKeyId: ['ASIAEXAMPLEKEYID'],
    arn: ['arn:aws:sts::111122223333:assumed-role/DevOps/alice'],
    canonicalArn: ['arn:aws:iam::111122223333:role/DevOps'],
    principalId: ['AROAEXAMPLEROLEID'],
    sessionName: ['alice'],
  },
};

describe('who made a request', () => {
  test('EKS: the IAM ARN, role session name and access key id behind the Kubernetes user', async () => {
    const { matches } = await scan(jsonLines(kubeEvent({ user: EKS_USER })));
    assert.deepEqual(matches[0].cloudIdentity, {
      provider: 'aws', principal: 'arn:aws:sts::111122223333:assumed-role/DevOps/alice', sessionName: 'alice', accessKeyId: 'ASIAEXAMPLEKEYID',
    });
  });

  test('EKS access entries that log only the canonical ARN still name the role', async () => {
    const user = { username: 'admin', extra: { canonicalArn: ['arn:aws:iam::111122223333:role/Admin'] } };
    const { matches } = await scan(jsonLines(kubeEvent({ user })));
    assert.deepEqual(matches[0].cloudIdentity, { provider: 'aws', principal: 'arn:aws:iam::111122223333:role/Admin', sessionName: null, accessKeyId: null });
  });

  test('AKS with Entra ID: the object id (oid)', async () => {
    const user = { username: 'alice@contoso.com', groups: ['system:authenticated'], extra: { oid: ['8d1f3c2a-5b6e-4f70-9a81-0c2d3e4f5a6b'] } };
    const { matches } = await scan(jsonLines(kubeEvent({ user })));
    assert.deepEqual(matches[0].cloudIdentity, { provider: 'azure', principal: '8d1f3c2a-5b6e-4f70-9a81-0c2d3e4f5a6b', sessionName: null, accessKeyId: null });
  });

  test('GKE: the Google account of authenticationInfo; a Kubernetes service account there is none', async () => {
    const entry = (principalEmail: string) => ({
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: { principalEmail },
        methodName: 'io.k8s.batch.v1.cronjobs.create',
        resourceName: 'batch/v1/namespaces/ci/cronjobs/build',
        request: kubeEvent().requestObject,
        status: { code: 0 },
      },
      operation: { id: `op-${principalEmail}` },
      timestamp: '2026-03-02T10:00:00Z',
    });
    const { matches } = await scan(jsonLines(entry('alice@example.com'), entry('system:serviceaccount:ci:deployer')));
    assert.deepEqual(matches.map((match) => match.cloudIdentity), [{ provider: 'gcp', principal: 'alice@example.com', sessionName: null, accessKeyId: null }, null]);
  });

  test('impersonation (kubectl --as): the requesting user stays the user, the impersonated one is named', async () => {
    const { matches } = await scan(jsonLines(kubeEvent({ impersonatedUser: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] } })));
    assert.deepEqual([matches[0].user, matches[0].impersonatedUser], ['alice@example.com', 'system:serviceaccount:ci:deployer']);
  });

  test('a plain user (certificate, service account) has no cloud identity and impersonates nobody', async () => {
    const user = { username: 'system:serviceaccount:ci:deployer', uid: 'a1', groups: ['system:serviceaccounts'], extra: { 'authentication.kubernetes.io/pod-name': ['runner-1'] } };
    const { matches } = await scan(jsonLines(kubeEvent({ user })));
    assert.deepEqual([matches[0].impersonatedUser, matches[0].cloudIdentity], [null, null]);
  });

  test('Elastic documents carry the same fields under kubernetes.audit', async () => {
    const event = kubeEvent({ user: EKS_USER, impersonatedUser: { username: 'bob' } });
    const { matches } = await scan(jsonLines({ '@timestamp': '2026-03-02T10:00:00Z', kubernetes: { audit: event }, event: { dataset: 'kubernetes.audit_logs' } }));
    assert.equal(matches[0].impersonatedUser, 'bob');
    assert.equal(matches[0].cloudIdentity?.sessionName, 'alice');
  });
});

describe('which object created a Job', () => {
  test("a Job the CronJob controller created names its CronJob, from the owner reference", async () => {
    const { matches } = await scan(jsonLines(controllerJob('backup', 1, REVERSE_SHELL)));
    assert.deepEqual(matches[0].owner, { kind: 'CronJob', name: 'backup' });
  });

  test('another controller (a Workflow) is the owner when it is the controller reference', async () => {
    const job = jobObject('step-1', 'ci', REVERSE_SHELL) as { metadata: Record<string, unknown> };
    job.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'inputs', uid: 'c1' },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', name: 'nightly', uid: 'w1', controller: true },
    ];
    const { matches } = await scan(jsonLines(kubeEvent({ requestObject: job }, { resource: 'jobs', name: 'step-1' })));
    assert.deepEqual(matches[0].owner, { kind: 'Workflow', name: 'nightly' });
  });

  test('without a body, the controller user agent and the scheduled name say which CronJob', async () => {
    const uninspectable: unknown[] = [];
    const event = controllerJob('backup', 2, REVERSE_SHELL, { level: 'Metadata', requestObject: undefined, responseObject: undefined, user: { username: 'system:kube-controller-manager' } });
    await collectAuditLog(new Blob([jsonLines(event)]).stream(), { onUninspectable: (write) => uninspectable.push(write.owner) });
    assert.deepEqual(uninspectable, [{ kind: 'CronJob', name: 'backup' }]);
    assert.match(CONTROLLER_AGENT, new RegExp(`/${CRONJOB_CONTROLLER}$`));
  });

  test('look-alikes have no owner: a person creating a Job with a timestamped name, a CronJob, a Job with an unrelated reference', async () => {
    const { matches } = await scan(
      jsonLines(
        kubeEvent({ requestObject: jobObject('report-29000001', 'ci', REVERSE_SHELL) }, { resource: 'jobs', name: 'report-29000001' }),
        kubeEvent(),
        kubeEvent({ requestObject: { ...jobObject('x', 'ci', REVERSE_SHELL), metadata: { name: 'x', ownerReferences: [{ kind: 'ConfigMap', name: 'a' }, { kind: 'Secret', name: 'b' }] } } }, { resource: 'jobs', name: 'x' }),
      ),
    );
    assert.deepEqual(matches.map((match) => match.owner), [null, null, null]);
  });

  test('a clean Job of a controller is no match and no owner is invented for it', async () => {
    const { matches, summary } = await scan(jsonLines(controllerJob('backup', 3, HARMLESS)));
    assert.deepEqual([matches.length, summary.jobWrites], [0, 1]);
  });
});
