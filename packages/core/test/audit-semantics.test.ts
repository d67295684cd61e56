import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG, type JobSentinelConfig } from '../src/index.js';
import { UNINSPECTABLE_ADVICE } from '../src/entries/audit.js';
import { cronJobObject, jobObject, scan } from './fixtures/audit/canonical.ts';

/** One kube-apiserver event line; fields override a RequestResponse create of a CronJob. */
function event(fields: Record<string, unknown> = {}, objectRef: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: 'id-1',
    stage: 'ResponseComplete',
    requestURI: '/apis/batch/v1/namespaces/ci/cronjobs',
    verb: 'create',
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    sourceIPs: ['10.1.2.3'],
    userAgent: 'kubectl/v1.30.1',
    objectRef: { resource: 'cronjobs', namespace: 'ci', name: 'build', apiGroup: 'batch', apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: 201 },
    requestObject: cronJobObject('build', 'ci', { containers: [{ name: 'build', image: 'registry.example.com/ci/builder:3', securityContext: { privileged: true } }] }),
    requestReceivedTimestamp: '2026-03-02T10:00:00.000000Z',
    stageTimestamp: '2026-03-02T10:00:00.100000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    ...fields,
  });
}
const log = (...lines: string[]) => lines.join('\n') + '\n';
const ids = (matches: Array<{ indicators: Array<{ indicator: string }> }>) => matches.flatMap((match) => match.indicators.map((hit) => hit.indicator)).sort();

describe('which requests count', () => {
  test('a job write with an indicator is a match, with who, what, where and the evidence', async () => {
    const { matches, summary } = await scan(log(event()), { source: 'audit.log' });
    assert.equal(matches.length, 1);
    const [match] = matches;
    assert.deepEqual(
      { ...match, indicators: undefined },
      {
        file: 'audit.log', line: 1, auditID: 'id-1', stage: 'ResponseComplete', timestamp: '2026-03-02T10:00:00.100000Z', verb: 'create',
        resource: 'cronjobs', namespace: 'ci', name: 'build', user: 'alice@example.com', impersonatedUser: null, cloudIdentity: null, owner: null,
        sourceIPs: ['10.1.2.3'], userAgent: 'kubectl/v1.30.1',
        outcome: 'allowed', indicators: undefined,
      },
    );
    assert.deepEqual(match.indicators, [
      {
        indicator: 'privileged-container', severity: 'error', message: 'Container "build" runs privileged (full access to the node).',
        path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged', evidence: 'privileged: true',
      },
    ]);
    assert.deepEqual(summary, { events: 1, jobWrites: 1, matches: 1, uninspectable: 0, malformed: 0, duplicates: 0, filteredOut: 0, suppressed: 0 });
  });

  for (const verb of ['create', 'update', 'patch']) {
    test(`${verb} counts as a write`, async () => {
      assert.equal((await scan(log(event({ verb })))).matches.length, 1);
    });
  }

  for (const verb of ['get', 'list', 'watch', 'delete', 'deletecollection']) {
    test(`${verb} is not a write, even with a body`, async () => {
      const { matches, summary } = await scan(log(event({ verb })));
      assert.equal(matches.length, 0);
      assert.equal(summary.jobWrites, 0);
    });
  }

  test('writes to the status subresource are not job writes, though their body holds the whole job', async () => {
    const { matches, summary } = await scan(log(event({ verb: 'update' }, { subresource: 'status' })));
    assert.deepEqual([matches.length, summary.jobWrites, summary.events], [0, 0, 1]);
  });

  test('pods are not jobs, however privileged', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] } };
    const { matches } = await scan(log(event({ requestObject: pod }, { resource: 'pods', apiGroup: '' })));
    assert.equal(matches.length, 0);
  });

  test('a "jobs" resource of another API group is not a batch job', async () => {
    const { summary } = await scan(log(event({}, { resource: 'jobs', apiGroup: 'kueue.x-k8s.io' })));
    assert.equal(summary.jobWrites, 0);
  });

  test('a Job, as well as a CronJob', async () => {
    const job = jobObject('migrate', 'ci', { containers: [{ name: 'm', image: 'alpine:3.19' }] });
    const { matches } = await scan(log(event({ requestObject: job }, { resource: 'jobs', name: 'migrate' })));
    assert.deepEqual(matches[0].indicators.map((hit) => [hit.indicator, hit.path, hit.evidence]), [['attacker-tooling', '/spec/template/spec/containers/0/image', 'alpine:3.19']]);
  });

  test('a clean job write is counted, not matched', async () => {
    const clean = cronJobObject('build', 'ci', { containers: [{ name: 'build', image: 'registry.example.com/ci/builder:3', securityContext: { privileged: false, readOnlyRootFilesystem: true } }] });
    const { matches, summary } = await scan(log(event({ requestObject: clean })));
    assert.deepEqual([matches.length, summary.jobWrites], [0, 1]);
  });
});

describe('request bodies', () => {
  test('a JSON Patch is judged at the paths it writes', async () => {
    const patch = [{ op: 'add', path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext', value: { privileged: true } }];
    const { matches } = await scan(log(event({ verb: 'patch', requestObject: patch, responseObject: undefined })));
    assert.deepEqual(matches[0].indicators.map((hit) => hit.path), ['/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged']);
  });

  test('a harmless JSON Patch between two whole writes of one privileged spec: only the whole writes match', async () => {
    const privileged = cronJobObject('build', 'ci', { containers: [{ name: 'build', image: 'registry.example.com/ci/builder:3', securityContext: { privileged: true } }] });
    const harmless = [{ op: 'replace', path: '/spec/schedule', value: '*/5 * * * *' }];
    const { matches } = await scan(
      log(
        event({ auditID: 'whole', requestObject: privileged }),
        event({ auditID: 'patch', verb: 'patch', requestObject: harmless, responseObject: privileged }),
        event({ auditID: 'again', requestObject: privileged }),
      ),
    );
    assert.deepEqual(matches.map((match) => match.auditID), ['whole', 'again']);
  });

  test('a JSON Patch that writes something harmless is clean, even when the stored object (the response) is not', async () => {
    const patch = [{ op: 'replace', path: '/spec/schedule', value: '0 3 * * *' }];
    const stored = cronJobObject('build', 'ci', { containers: [{ name: 'build', image: 'x', securityContext: { privileged: true } }] });
    const { matches, summary } = await scan(log(event({ verb: 'patch', requestObject: patch, responseObject: stored })));
    assert.deepEqual([matches.length, summary.jobWrites, summary.uninspectable], [0, 1, 0]);
  });

  test('a JSON Patch appending a container with "-" is judged at the index it lands on', async () => {
    const patch = [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar', image: 'kalilinux/kali-rolling' } }];
    const { matches } = await scan(log(event({ verb: 'patch', requestObject: patch }, { resource: 'jobs' })));
    assert.deepEqual(matches[0].indicators.map((hit) => [hit.indicator, hit.path]), [['attacker-tooling', '/spec/template/spec/containers/0/image']]);
  });

  test('remove, test, move and copy operations write no value of their own', async () => {
    const patch = [
      { op: 'test', path: '/spec/jobTemplate/spec/template/spec/hostNetwork', value: true },
      { op: 'remove', path: '/spec/jobTemplate/spec/template/spec/hostNetwork' },
      { op: 'copy', from: '/a', path: '/spec/jobTemplate/spec/template/spec/hostPID' },
    ];
    const { matches } = await scan(log(event({ verb: 'patch', requestObject: patch })));
    assert.equal(matches.length, 0);
  });

  test('a merge or strategic-merge patch is judged as the partial object it is', async () => {
    const partial = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'build', securityContext: { privileged: true } }] } } } } } };
    const { matches } = await scan(log(event({ verb: 'patch', requestObject: partial })));
    assert.deepEqual(ids(matches), ['privileged-container']);
  });

  test('a server-side apply body (a full object, kind and apiVersion included) is judged as a whole', async () => {
    const applied = cronJobObject('build', 'ci', { hostIPC: true, containers: [{ name: 'b', image: 'x' }] });
    const { matches } = await scan(log(event({ verb: 'patch', requestObject: applied, userAgent: 'kubectl/v1.30.1 (apply)' })));
    assert.deepEqual(ids(matches), ['host-ipc']);
  });

  test('the response object is judged when no request body was logged', async () => {
    const stored = cronJobObject('build', 'ci', { hostNetwork: true, containers: [{ name: 'b', image: 'x' }] });
    const { matches } = await scan(log(event({ requestObject: undefined, responseObject: stored })));
    assert.deepEqual(ids(matches), ['host-network']);
  });

  test('a refusal (a Status response) without a request body cannot be inspected', async () => {
    const refusal = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 };
    const { summary } = await scan(log(event({ requestObject: undefined, responseObject: refusal, responseStatus: { code: 403 } })));
    assert.deepEqual([summary.jobWrites, summary.uninspectable, summary.matches], [1, 1, 0]);
  });
});

describe('one match per request', () => {
  test('RequestReceived and ResponseComplete of one audit ID count once; the later stage is a duplicate', async () => {
    const text = log(event({ stage: 'RequestReceived', responseStatus: undefined, annotations: undefined }), event());
    const { matches, summary } = await scan(text);
    assert.equal(matches.length, 1);
    assert.deepEqual([matches[0].stage, matches[0].line, matches[0].outcome], ['ResponseComplete', 2, 'allowed']);
    assert.deepEqual([summary.events, summary.jobWrites, summary.duplicates, summary.matches], [2, 1, 1, 1]);
  });

  test('a request logged only at RequestReceived still matches, its outcome unknown', async () => {
    const { matches } = await scan(log(event({ stage: 'RequestReceived', responseStatus: undefined, annotations: undefined })));
    assert.deepEqual([matches.length, matches[0].outcome], [1, 'unknown']);
  });

  test('different audit IDs are different requests', async () => {
    const { matches, summary } = await scan(log(event(), event({ auditID: 'id-2' })));
    assert.deepEqual([matches.length, summary.duplicates], [2, 0]);
  });

  test('a clean request repeated in two stages is counted once', async () => {
    const clean = cronJobObject('build', 'ci', { containers: [{ name: 'build', image: 'x' }] });
    const { summary } = await scan(log(event({ stage: 'RequestReceived', requestObject: clean }), event({ requestObject: clean })));
    assert.deepEqual([summary.jobWrites, summary.duplicates, summary.matches], [1, 1, 0]);
  });
});

describe('outcome', () => {
  test('an error status marks the request denied', async () => {
    const { matches } = await scan(log(event({ responseStatus: { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 } })));
    assert.equal(matches[0].outcome, 'denied');
  });

  test('an authorization decision of forbid marks it denied', async () => {
    const { matches } = await scan(log(event({ responseStatus: undefined, annotations: { 'authorization.k8s.io/decision': 'forbid' } })));
    assert.equal(matches[0].outcome, 'denied');
  });
});

describe('what cannot be inspected', () => {
  test('a Metadata-level job write is counted as uninspectable, and the advice names the audit-policy level', async () => {
    const { matches, summary } = await scan(log(event({ level: 'Metadata', requestObject: undefined })));
    assert.deepEqual([matches.length, summary.jobWrites, summary.uninspectable], [0, 1, 1]);
    assert.match(UNINSPECTABLE_ADVICE, /RequestResponse/);
    assert.match(UNINSPECTABLE_ADVICE, /jobs", "cronjobs/);
  });

  test('both stages of one Metadata-level request count as one uninspectable write', async () => {
    const metadata = { level: 'Metadata', requestObject: undefined };
    const { summary } = await scan(log(event({ ...metadata, stage: 'RequestReceived' }), event(metadata)));
    assert.deepEqual([summary.uninspectable, summary.duplicates], [1, 1]);
  });
});

describe('malformed records', () => {
  test('are counted with their line numbers and the scan goes on', async () => {
    const text = log(event({ auditID: 'a' }), '{"kind":"Event", "verb": "create", "objectRef": {"resource":"jobs"', 'not json at all', event({ auditID: 'b' }));
    const { matches, summary, problems } = await scan(text);
    assert.deepEqual(matches.map((match) => match.auditID), ['a', 'b']);
    assert.equal(summary.malformed, 2);
    assert.deepEqual(problems.map((problem) => problem.line), [2, 3]);
  });

  test('a line with "jobs" that is not valid JSON says so', async () => {
    const { problems } = await scan(log(event(), '{"objectRef":{"resource":"jobs"},}'));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /not valid JSON/);
    assert.equal(problems[0].line, 2);
  });

  test('a JSON value that is not an audit event is malformed', async () => {
    const { summary, problems } = await scan(log(event(), '{"jobs": "a json object of no known format"}'));
    assert.equal(summary.malformed, 1);
    assert.match(problems[0].message, /not an audit event/);
  });
});

describe('tuning, as for manifests, plus users', () => {
  const alpineJob = (namespace: string, user = 'alice@example.com') =>
    event({ user: { username: user }, requestObject: jobObject('j', namespace, { containers: [{ name: 'c', image: 'alpine:3.19' }] }) }, { resource: 'jobs', namespace });
  const config = (ignore: JobSentinelConfig['ignore']): JobSentinelConfig => ({ ...DEFAULT_CONFIG, ignore });

  test('ignore by user', async () => {
    const tuned = config([{ indicators: ['attacker-tooling'], users: ['system:serviceaccount:ci:*'] }]);
    const { matches } = await scan(log(alpineJob('ci', 'system:serviceaccount:ci:builder'), alpineJob('ci', 'mallory@example.com').replace('id-1', 'id-2')), { config: tuned });
    assert.deepEqual(matches.map((match) => match.user), ['mallory@example.com']);
  });

  test('ignore by namespace', async () => {
    const tuned = config([{ indicators: ['attacker-tooling'], namespaces: ['ci', 'build-*'] }]);
    const { matches } = await scan(log(alpineJob('build-42'), alpineJob('prod').replace('id-1', 'id-2')), { config: tuned });
    assert.deepEqual(matches.map((match) => match.namespace), ['prod']);
  });

  test('one pod spec in many requests (its judgement is remembered): tuning still applies per request, in either order', async () => {
    const tuned = config([{ indicators: ['attacker-tooling'], users: ['system:serviceaccount:ci:*'], namespaces: ['ci'] }]);
    const requests = [
      alpineJob('prod', 'system:serviceaccount:ci:builder').replace('id-1', 'id-a'),
      alpineJob('ci', 'system:serviceaccount:ci:builder').replace('id-1', 'id-b'),
      alpineJob('ci', 'mallory@example.com').replace('id-1', 'id-c'),
      alpineJob('ci', 'system:serviceaccount:ci:deployer').replace('id-1', 'id-d'),
    ];
    const forwards = await scan(log(...requests), { config: tuned });
    const backwards = await scan(log(...[...requests].reverse()), { config: tuned });
    assert.deepEqual(forwards.matches.map((match) => match.auditID), ['id-a', 'id-c']);
    assert.deepEqual(backwards.matches.map((match) => match.auditID), ['id-c', 'id-a']);
  });

  test('ignore by image', async () => {
    const tuned = config([{ indicators: ['attacker-tooling'], images: ['alpine:*'] }]);
    const { matches } = await scan(log(alpineJob('prod')), { config: tuned });
    assert.equal(matches.length, 0);
  });

  test('a users: entry never applies to manifests-only conditions it does not name', async () => {
    const tuned = config([{ indicators: ['attacker-tooling'], users: ['bob@example.com'] }]);
    const { matches } = await scan(log(alpineJob('prod')), { config: tuned });
    assert.equal(matches.length, 1);
  });

  test('severity overrides and off, and the seed profile', async () => {
    const off = await scan(log(alpineJob('prod')), { config: { ...DEFAULT_CONFIG, severity: { 'attacker-tooling': 'off' } } });
    assert.equal(off.matches.length, 0);
    const raised = await scan(log(alpineJob('prod')), { config: { ...DEFAULT_CONFIG, severity: { 'attacker-tooling': 'error' } } });
    assert.equal(raised.matches[0].indicators[0].severity, 'error');
    const escalation = event({ requestObject: cronJobObject('b', 'ci', { containers: [{ name: 'b', image: 'x', securityContext: { allowPrivilegeEscalation: true } }] }) });
    assert.equal((await scan(log(escalation), { config: { ...DEFAULT_CONFIG, profile: 'seed' } })).matches.length, 0);
    assert.equal((await scan(log(escalation))).matches.length, 1);
  });

  test('the jobsentinel.io/ignore annotation in a request is not honoured: the requester wrote it', async () => {
    const annotated = cronJobObject('b', 'ci', { containers: [{ name: 'b', image: 'x', securityContext: { privileged: true } }] });
    (annotated.metadata as Record<string, unknown>).annotations = { 'jobsentinel.io/ignore': 'all' };
    assert.equal((await scan(log(event({ requestObject: annotated })))).matches.length, 1);
  });
});
