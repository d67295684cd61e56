import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CANONICAL, encode, essence, FORMATS, gzip, scan } from './fixtures/audit/canonical.ts';

const expected = CANONICAL.filter((entry) => entry.expect !== null);

describe('every audit-log format yields the same matches for the same requests', () => {
  let reference: unknown;
  for (const [format, write] of Object.entries(FORMATS)) {
    for (const compressed of [false, true]) {
      test(`${format}${compressed ? ', gzip' : ''}`, async () => {
        const bytes = compressed ? gzip(encode(write())) : encode(write());
        const result = await scan(bytes);
        assert.deepEqual(result.problems, []);
        const found = result.matches.map(essence).sort((a, b) => String(a.auditID).localeCompare(String(b.auditID)));
        assert.deepEqual(
          found.map((match) => [match.auditID, [...new Set(match.indicators.map((hit) => hit.split(' ')[0]))].sort()]),
          expected.map((entry) => [entry.request.auditID, [...entry.expect!].sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        );
        assert.equal(result.summary.matches, expected.length);
        assert.equal(result.summary.uninspectable, 1, 'the Metadata-level create');
        // Eight job writes: the status update, the pod and the read are not.
        assert.equal(result.summary.jobWrites, 8);
        reference ??= found;
        assert.deepEqual(found, reference, 'same users, objects, outcomes, paths and evidence as the first format');
      });
    }
  }
});

describe('format details', () => {
  test('the denied request is marked denied in every format', async () => {
    for (const write of Object.values(FORMATS)) {
      const { matches } = await scan(write());
      assert.equal(matches.find((match) => match.auditID === 'a-denied')?.outcome, 'denied');
      assert.ok(matches.filter((match) => match.auditID !== 'a-denied').every((match) => match.outcome === 'allowed'));
    }
  });

  test('the recognised formats are reported', async () => {
    const names: Record<string, string> = {
      'kube-apiserver JSON lines (v1)': 'kube-apiserver',
      'Elastic documents, dotted keys': 'elastic',
      'Elasticsearch _search response': 'elastic',
      'AKS diagnostic export (properties.log)': 'aks',
      'GKE Cloud Audit Logs (JSON lines)': 'gke',
      'EKS aws logs filter-log-events document': 'eks',
    };
    for (const [format, name] of Object.entries(names)) {
      const { formats } = await scan(FORMATS[format]());
      assert.deepEqual([...formats], [name], format);
    }
  });

  test('lines point at where each reported event starts, in pretty-printed documents too', async () => {
    const text = FORMATS['JSON array of events (pretty-printed)']();
    const { matches } = await scan(text);
    const lines = text.split('\n');
    for (const match of matches) {
      assert.match(lines[match.line - 1], /^ {2}\{$/, 'an element starts on its line');
      assert.ok(lines.slice(match.line - 1, match.line + 8).some((line) => line.includes(`"auditID": "${match.auditID}"`)), `line ${match.line} is ${match.auditID}`);
    }
  });

  test('JSON lines: the line of the ResponseComplete event that completed the match', async () => {
    const text = FORMATS['kube-apiserver JSON lines (v1)']();
    const { matches } = await scan(text);
    const lines = text.split('\n');
    for (const match of matches) {
      const event = JSON.parse(lines[match.line - 1]);
      assert.equal(event.auditID, match.auditID);
      assert.equal(event.stage, match.stage);
      assert.equal(match.stage, 'ResponseComplete');
    }
  });

  test('GKE method names give resource, subresource and verb; resource names give namespace and name', async () => {
    const { matches } = await scan(FORMATS['GKE Cloud Audit Logs (JSON lines)']());
    const privileged = matches.find((match) => match.auditID === 'a-privileged')!;
    assert.deepEqual(
      { verb: privileged.verb, resource: privileged.resource, namespace: privileged.namespace, name: privileged.name, user: privileged.user, sourceIPs: privileged.sourceIPs, userAgent: privileged.userAgent },
      { verb: 'create', resource: 'cronjobs', namespace: 'payments', name: 'node-debug', user: 'mallory@example.com', sourceIPs: ['10.0.0.7'], userAgent: 'kubectl/v1.30.1' },
    );
  });
});
