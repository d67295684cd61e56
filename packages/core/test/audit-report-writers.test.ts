import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  auditJsonWriter,
  auditTextWriter,
  collectAuditLog,
  formatAuditJson,
  formatAuditSarif,
  formatAuditText,
  toAuditSarif,
  toJsonAuditReport,
  type AuditReport,
} from '../src/entries/audit.js';
import { controllerJob, jsonLines, kubeEvent, REVERSE_SHELL } from './fixtures/audit/events.ts';

async function reportOf(text: string): Promise<AuditReport> {
  const { matches, uninspectable, suppressed, summary, problems, formats } = await collectAuditLog(new Blob([text]).stream(), { source: 'audit.log' });
  return { mode: 'structural', files: [{ file: 'audit.log', matches, uninspectable, suppressed, summary, problems: [...problems], formats: [...formats] }], errors: [] };
}

const STORY = jsonLines(
  kubeEvent({ impersonatedUser: { username: 'deployer' }, user: { username: 'alice', extra: { arn: ['arn:aws:sts::1:assumed-role/Dev/alice'], sessionName: ['alice'] } } }),
  ...Array.from({ length: 6 }, (_, minute) => controllerJob('build', minute + 1, REVERSE_SHELL)),
  kubeEvent({ auditID: 'hidden', level: 'Metadata', requestObject: undefined }, { name: 'quiet' }),
  'not json',
);

describe('the audit reports, written as the scan goes', () => {
  test('JSON printed piece by piece is the report object, in its documented order', async () => {
    const report = await reportOf(STORY);
    const printed = JSON.parse(formatAuditJson(report));
    assert.deepEqual(printed, JSON.parse(JSON.stringify(toJsonAuditReport(report))));
    assert.deepEqual(Object.keys(printed), ['version', 'mode', 'matches', 'uninspectable', 'suppressed', 'incidents', 'errors', 'config', 'summary']);
    assert.deepEqual(printed.summary, { events: 8, jobWrites: 8, matches: 7, incidents: 1, uninspectable: 1, malformed: 1, duplicates: 0, filteredOut: 0, suppressed: 0, incomplete: 1 });
    assert.deepEqual(printed.incidents[0].impersonatedUsers, ['deployer']);
    assert.deepEqual(printed.incidents[0].cloudIdentities, ['arn:aws:sts::1:assumed-role/Dev/alice']);
    assert.deepEqual(printed.uninspectable.map((write: { name: string; reason: string }) => [write.name, write.reason]), [['quiet', 'Metadata level']]);
  });

  test('a match is written out when it is handed over, not kept for the end', async () => {
    const report = await reportOf(STORY);
    const written: string[] = [];
    const writer = auditJsonWriter((text) => written.push(text), 'structural');
    writer.match('audit.log', report.files[0].matches[0]);
    assert.match(written.join(''), /"auditID": "id-\d+"/);
    const text = auditTextWriter((piece) => written.push(piece), 'structural');
    const before = written.length;
    text.match('audit.log', report.files[0].matches[0]);
    assert.equal(written.length, before, 'the text report is written at the end, from what it kept');
  });

  test('an empty report is valid JSON and SARIF', async () => {
    const report: AuditReport = { mode: 'elastic', files: [], errors: [] };
    assert.deepEqual(JSON.parse(formatAuditJson(report)).matches, []);
    assert.deepEqual(JSON.parse(formatAuditSarif(report, { toolVersion: '1.0.0' })).runs[0].results, []);
  });

  test('SARIF: who in each result, one correlation GUID per incident, the incidents and each uninspectable write', async () => {
    const report = await reportOf(STORY + jsonLines(kubeEvent({}, { name: 'other' })));
    const [run] = toAuditSarif(report, { toolVersion: '1.0.0' }).runs;
    const first = run.results[0];
    assert.equal(first.properties.impersonatedUser, 'deployer');
    assert.equal(first.properties.cloudIdentity?.sessionName, 'alice');
    const byIncident = new Map<string, Set<string>>();
    for (const result of run.results) byIncident.set(result.properties.incident, (byIncident.get(result.properties.incident) ?? new Set()).add(result.correlationGuid));
    assert.deepEqual([...byIncident.keys()], ['CronJob ci/build', 'CronJob ci/other']);
    assert.deepEqual([...byIncident.values()].map((guids) => guids.size), [1, 1]);
    assert.notDeepEqual([...byIncident.values()][0], [...byIncident.values()][1]);
    const controllerResult = run.results.find((result) => result.properties.owner !== null);
    assert.deepEqual(controllerResult?.properties.owner, { kind: 'CronJob', name: 'build' });
    assert.deepEqual(run.properties.incidents.map((incident) => [incident.name, incident.matches]), [['build', 7], ['other', 1]]);
    const hidden = run.invocations[0].toolExecutionNotifications.find((notification) => notification.properties?.reason);
    assert.equal(hidden?.message.text, 'alice@example.com create cronjobs ci/quiet (allowed) at 2026-03-02T10:00:00.100000Z could not be inspected: Metadata level.');
  });

  test('text: incidents lead, a long one shows its first requests and the latest, and who is spelled out', async () => {
    const text = formatAuditText(await reportOf(STORY));
    assert.ok(text.indexOf('Incidents (1)') < text.indexOf('Not inspected') && text.indexOf('Not inspected') < text.indexOf('Problems'));
    assert.match(text, /^1\. error {2}CronJob ci\/build {2}7 suspicious writes {2}2026-03-02T10:00:00\.100000Z → 2026-03-02T10:06:00\.000Z$/m);
    assert.match(text, /^ {3}Users: alice, system:serviceaccount:kube-system:cronjob-controller$/m);
    assert.match(text, /^ {3}Impersonated: deployer$/m);
    assert.match(text, /^ {7}alice \(as deployer; aws arn:aws:sts::1:assumed-role\/Dev\/alice, session alice\) create cronjobs ci\/build/m);
    assert.match(text, /create jobs ci\/build-29000001 \(created for CronJob build\)/);
    assert.match(text, /^ {5}… 3 more requests \(--format json lists every one\)$/m);
    assert.match(text, /build-29000006/);
    assert.doesNotMatch(text, /build-2900000[45]/);
  });

  test('text never prints control characters from the log: a user name cannot erase or retitle the screen', async () => {
    const text = formatAuditText(await reportOf(jsonLines(kubeEvent({ user: { username: 'mallory\u001b[2K\r\u001b]0;pwned\u0007' } }))));
    assert.doesNotMatch(text, /[\u001b\u0007\r]/);
    assert.match(text, /mallory\\x1b\[2K\\r\\x1b\]0;pwned\\x07/);
  });
});
