import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseTimeBound, type AuditFilter } from '../src/entries/audit.js';
import { scan } from './fixtures/audit/canonical.ts';
import { jsonLines, kubeEvent } from './fixtures/audit/events.ts';

// Unless an event says otherwise: dave, in the default namespace.
const at = (time: string, fields: Record<string, unknown> = {}, objectRef: Record<string, unknown> = {}) =>
  kubeEvent({ requestReceivedTimestamp: time, stageTimestamp: time, user: { username: 'dave' }, ...fields }, { namespace: 'default', ...objectRef });
const LOG = jsonLines(
  at('2026-03-01T23:59:59Z', { auditID: 'before' }),
  at('2026-03-02T10:00:00.100000Z', { auditID: 'during', user: { username: 'alice@example.com' } }, { namespace: 'payments' }),
  at('2026-03-02T12:00:00Z', { auditID: 'impersonating', user: { username: 'bob' }, impersonatedUser: { username: 'system:serviceaccount:ci:deployer' } }, { namespace: 'ci' }),
  at('2026-03-02T13:00:00Z', { auditID: 'eks', user: { username: 'admin', extra: { arn: ['arn:aws:sts::1:assumed-role/Breakglass/carol'] } } }, { namespace: 'ci' }),
  at('2026-03-03T00:00:00Z', { auditID: 'after' }),
  at('', { auditID: 'no-time', requestReceivedTimestamp: undefined, stageTimestamp: undefined }),
);

async function kept(filter: AuditFilter) {
  const { matches, summary } = await scan(LOG, { filter });
  return { ids: matches.map((match) => match.auditID), summary };
}

describe('filters applied while streaming: --since, --until, --namespace, --user', () => {
  test('a time window: the writes inside it are judged, the others counted as left out', async () => {
    const { ids, summary } = await kept({ since: parseTimeBound('2026-03-02', 'since'), until: parseTimeBound('2026-03-02', 'until') });
    assert.deepEqual(ids, ['during', 'impersonating', 'eks']);
    assert.deepEqual([summary.jobWrites, summary.filteredOut, summary.matches], [3, 3, 3], 'a write without a timestamp is outside any window');
  });

  test('since alone, with an RFC 3339 time and offset', async () => {
    assert.deepEqual((await kept({ since: parseTimeBound('2026-03-02T14:00:00+02:00', 'since') })).ids, ['impersonating', 'eks', 'after']);
  });

  test('namespaces by glob', async () => {
    assert.deepEqual((await kept({ namespaces: ['pay*'] })).ids, ['during']);
    assert.deepEqual((await kept({ namespaces: ['ci', 'payments'] })).ids, ['during', 'impersonating', 'eks']);
  });

  test('users by glob match the requester, the impersonated user or the cloud principal', async () => {
    assert.deepEqual((await kept({ users: ['alice@*'] })).ids, ['during']);
    assert.deepEqual((await kept({ users: ['system:serviceaccount:ci:*'] })).ids, ['impersonating']);
    assert.deepEqual((await kept({ users: ['*:assumed-role/Breakglass/*'] })).ids, ['eks']);
  });

  test('every condition must hold', async () => {
    assert.deepEqual((await kept({ namespaces: ['ci'], users: ['bob'], since: parseTimeBound('2026-03-02T11:00:00Z', 'since') })).ids, ['impersonating']);
  });

  test('the two stages of a filtered request count once; uninspectable writes outside are not listed', async () => {
    const time = '2025-01-01T00:00:00Z';
    const metadata = { auditID: 'm', level: 'Metadata', requestObject: undefined, requestReceivedTimestamp: time, stageTimestamp: time };
    const { summary, uninspectable } = await scan(jsonLines(kubeEvent({ ...metadata, stage: 'RequestReceived' }), kubeEvent(metadata)), {
      filter: { since: parseTimeBound('2026-01-01', 'since') },
    });
    assert.deepEqual([summary.filteredOut, summary.uninspectable, uninspectable.length], [1, 0, 0]);
  });

  test('elastic mode filters too', async () => {
    const { matches } = await scan(LOG, { mode: 'elastic', filter: { namespaces: ['payments'] } });
    assert.deepEqual(matches.map((match) => match.auditID), ['during']);
  });
});

describe('time bounds as people write them', () => {
  const now = Date.parse('2026-03-02T12:00:00Z');
  test('RFC 3339 times, with fractions and offsets', () => {
    assert.equal(parseTimeBound('2026-03-02T10:00:00Z', 'since'), Date.parse('2026-03-02T10:00:00Z'));
    assert.equal(parseTimeBound('2026-03-02T10:00:00.5+01:00', 'since'), Date.parse('2026-03-02T09:00:00.500Z'));
  });
  test('a date covers the whole UTC day', () => {
    assert.equal(parseTimeBound('2026-03-02', 'since'), Date.parse('2026-03-02T00:00:00Z'));
    assert.equal(parseTimeBound('2026-03-02', 'until'), Date.parse('2026-03-02T23:59:59.999Z'));
  });
  test('an age before now', () => {
    assert.equal(parseTimeBound('90m', 'since', now), now - 90 * 60_000);
    assert.equal(parseTimeBound('7d', 'since', now), now - 7 * 86_400_000);
  });
  test('anything else is not a time: local dates, times without a zone, nonsense', () => {
    for (const text of ['March 2', '2026-03-02T10:00:00', 'yesterday', '2026-13-45', '', '5y']) assert.equal(parseTimeBound(text, 'since', now), undefined, text);
  });
});
