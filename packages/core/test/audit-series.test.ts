// A folder of rotated logs is one series: a request whose RequestReceived stage closes audit.log.1
// and whose ResponseComplete opens audit.log is judged once, with its real outcome, where its last
// stage is; patches in the newer log apply to the state the older one left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditSeries, collectAuditLog, endAuditSeries, type AuditMatch, type UninspectableWrite } from '../src/entries/audit.js';
import { cronJobObject } from './fixtures/audit/canonical.ts';
import { HARMLESS, jsonLines, kubeEvent, REVERSE_SHELL } from './fixtures/audit/events.ts';

const received = (auditID: string, fields: Record<string, unknown> = {}) => kubeEvent({ auditID, stage: 'RequestReceived', responseStatus: undefined, annotations: undefined, ...fields });
const completed = (auditID: string, fields: Record<string, unknown> = {}) => kubeEvent({ auditID, ...fields });

/** Scans the logs in order as one series, as the CLI does for a folder. */
async function scanSeries(logs: Array<[string, string]>) {
  const series = new AuditSeries();
  const matches: AuditMatch[] = [];
  const uninspectable: UninspectableWrite[] = [];
  let total = 0;
  for (const [source, text] of logs) {
    const result = await collectAuditLog(new Blob([text]).stream(), { source, series, onUninspectable: (write) => uninspectable.push(write) });
    matches.push(...result.matches);
    total += result.summary.matches;
  }
  total += endAuditSeries(series, {}, (match) => matches.push(match)).matches;
  return { matches, uninspectable, total };
}

describe('requests split by a log rotation', () => {
  test('RequestReceived at the end of audit.log.1, ResponseComplete at the start of audit.log: one match, at its last stage, allowed', async () => {
    const { matches, total } = await scanSeries([
      ['audit.log.1', jsonLines(completed('before'), received('split'))],
      ['audit.log', jsonLines(completed('split'), completed('after'))],
    ]);
    assert.deepEqual(matches.map((match) => [match.auditID, match.file, match.line, match.stage, match.outcome]), [
      ['before', 'audit.log.1', 1, 'ResponseComplete', 'allowed'],
      ['split', 'audit.log', 1, 'ResponseComplete', 'allowed'],
      ['after', 'audit.log', 2, 'ResponseComplete', 'allowed'],
    ]);
    assert.equal(total, 3);
  });

  test('the refusal in the newer log marks the request denied', async () => {
    const { matches } = await scanSeries([
      ['audit.log.1', jsonLines(received('refused'))],
      ['audit.log', jsonLines(completed('refused', { responseStatus: { code: 403 }, annotations: { 'authorization.k8s.io/decision': 'forbid' } }))],
    ]);
    assert.deepEqual(matches.map((match) => [match.auditID, match.outcome]), [['refused', 'denied']]);
  });

  test('a request no log completes is still reported, after the last log, where its stage was', async () => {
    const { matches, total } = await scanSeries([
      ['audit.log.1', jsonLines(completed('done'))],
      ['audit.log', jsonLines(received('cut-off'))],
    ]);
    assert.deepEqual(matches.map((match) => [match.auditID, match.file, match.outcome]), [['done', 'audit.log.1', 'allowed'], ['cut-off', 'audit.log', 'unknown']]);
    assert.equal(total, 2);
  });

  test('a write without a body split over two logs is one uninspectable write', async () => {
    const { uninspectable } = await scanSeries([
      ['audit.log.1', jsonLines(received('hidden', { level: 'Metadata', requestObject: undefined }))],
      ['audit.log', jsonLines(completed('hidden', { level: 'Metadata', requestObject: undefined }))],
    ]);
    assert.deepEqual(uninspectable.map((write) => [write.auditID, write.reason, write.outcome]), [['hidden', 'Metadata level', 'allowed']]);
  });

  test('a patch in the newer log is judged against the object the older log created', async () => {
    const create = completed('create', { requestObject: cronJobObject('build', 'ci', { ...HARMLESS, hostPID: true }) });
    // Re-sends the host PID namespace the CronJob already had and adds host networking: only the new part is the patch's doing.
    const patch = completed('patch', { verb: 'patch', requestObject: { spec: { jobTemplate: { spec: { template: { spec: { hostPID: true, hostNetwork: true } } } } } } });
    const { matches } = await scanSeries([['audit.log.1', jsonLines(create)], ['audit.log', jsonLines(patch)]]);
    assert.deepEqual(matches.map((match) => [match.auditID, match.indicators.map((hit) => hit.indicator)]), [['create', ['host-pid']], ['patch', ['host-network']]]);
  });

  test('logs scanned apart (no series) still report every request they hold', async () => {
    const older = await collectAuditLog(new Blob([jsonLines(received('alone', { requestObject: cronJobObject('build', 'ci', REVERSE_SHELL) }))]).stream());
    assert.deepEqual(older.matches.map((match) => [match.auditID, match.outcome]), [['alone', 'unknown']]);
  });
});
