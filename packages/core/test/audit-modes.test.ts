import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cronJobObject, FORMATS, scan } from './fixtures/audit/canonical.ts';

/** A benign job write whose raw text trips four of the seed rule's clauses. */
const noisy = JSON.stringify({
  kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: 'noisy', stage: 'ResponseComplete', verb: 'create',
  user: { username: 'alice@example.com' }, objectRef: { resource: 'cronjobs', namespace: 'reports', name: 'superlative-report', apiGroup: 'batch', apiVersion: 'v1' },
  responseStatus: { code: 201 },
  requestObject: cronJobObject('superlative-report', 'reports', {
    containers: [{ name: 'r', image: 'registry.example.com/acme/superlative-reporter:2.1', args: ['--out=/system/reports'], securityContext: { privileged: false, readOnlyRootFilesystem: true } }],
  }),
});

describe('--mode elastic: the seed rule as it was meant to read', () => {
  test("shows the rule's noise: privileged:false … readOnlyRootFilesystem:true, perl in superlative, /sys in /system", async () => {
    const elastic = await scan(noisy + '\n', { mode: 'elastic' });
    assert.equal(elastic.matches.length, 1);
    const evidence = Object.fromEntries(elastic.matches[0].indicators.map((hit) => [hit.indicator, hit.evidence]));
    assert.equal(evidence['attacker-tooling'], 'perl');
    assert.equal(evidence['sensitive-mount'], '/sys');
    assert.match(evidence['privileged-container'], /^privileged.*true$/);
    assert.deepEqual(Object.keys(evidence).sort(), ['attacker-tooling', 'privileged-container', 'sensitive-mount']);
    const structural = await scan(noisy + '\n');
    assert.deepEqual([structural.matches.length, structural.summary.jobWrites], [0, 1]);
  });

  test('does not filter subresources, stages or levels, and matches once per event', async () => {
    const { matches, summary } = await scan(FORMATS['kube-apiserver JSON lines (v1)'](), { mode: 'elastic' });
    const perID = (id: string) => matches.filter((match) => match.auditID === id).length;
    assert.equal(perID('a-status'), 2, 'the status subresource, both stages');
    assert.equal(perID('a-privileged'), 2, 'RequestReceived and ResponseComplete each');
    assert.equal(perID('a-pod'), 0, 'pods fail the seed filter');
    assert.equal(perID('a-read'), 0, 'reads fail the seed filter');
    assert.equal(summary.duplicates, 0);
    assert.equal(summary.jobWrites, 18, 'every job/cronjob create/update/patch event');
  });

  test('runs over the raw text of each event as it appears in the input, wrappers included', async () => {
    const aks = await scan(FORMATS['AKS diagnostic export (properties.log)'](), { mode: 'elastic' });
    const kube = await scan(FORMATS['kube-apiserver JSON lines (v1)'](), { mode: 'elastic' });
    assert.deepEqual(new Set(aks.matches.map((match) => match.auditID)), new Set(kube.matches.map((match) => match.auditID)));
  });

  test('hits carry the clause, the matched text and no path', async () => {
    const { matches } = await scan(FORMATS['kube-apiserver JSON lines (v1)'](), { mode: 'elastic' });
    const revshell = matches.find((match) => match.auditID === 'a-revshell')!;
    const shell = revshell.indicators.find((hit) => hit.indicator === 'shell-escape')!;
    assert.deepEqual([shell.evidence, shell.path, shell.severity], ['bash -i', '', 'error']);
    assert.match(shell.message, /^Seed clause 2/);
  });
});

describe('the public corpus samples', () => {
  const sample = async (name: string) => (await import('node:fs')).readFileSync(new URL(`./fixtures/audit/corpus/${name}`, import.meta.url));

  test('Falco pod creations (privileged, hostPath /etc) do not match: pods are not jobs', async () => {
    const bytes = new Uint8Array(await sample('falco-k8s-audit-pods.log'));
    for (const mode of ['structural', 'elastic'] as const) {
      const { matches, summary, problems, formats } = await scan(bytes, { mode });
      assert.deepEqual([matches.length, summary.events, summary.jobWrites, problems.length], [0, 2, 0, 0], mode);
      assert.deepEqual([...formats], ['kube-apiserver']);
    }
  });

  test('the Elastic integration test event (a Metadata-level read) is not a job write', async () => {
    const { summary, problems } = await scan(new Uint8Array(await sample('elastic-integration-test-audit.log')));
    assert.deepEqual(summary, { events: 1, jobWrites: 0, matches: 0, uninspectable: 0, malformed: 0, duplicates: 0, filteredOut: 0, suppressed: 0 });
    assert.deepEqual(problems, []);
  });

  test('the AKS export (a lease update in properties.log) is recognised and read', async () => {
    const { summary, formats, problems } = await scan(new Uint8Array(await sample('aks-kube-audit.log')));
    assert.deepEqual([summary.events, summary.jobWrites, [...formats], problems.length], [1, 0, ['aks'], 0]);
  });
});
