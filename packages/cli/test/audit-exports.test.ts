import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { FORMATS } from '../../core/test/fixtures/audit/canonical.ts';
import { runJson, workspace } from './helpers.ts';

const EXPORTS = [
  'AKS Log Analytics AzureDiagnostics (az monitor log-analytics query)',
  'AKS Log Analytics AzureDiagnostics (portal CSV)',
  'AKSAuditAdmin table (az monitor log-analytics query)',
  'AKSAudit table (portal CSV)',
  'EKS export task to S3 (TIMESTAMP {event})',
  'EKS CloudWatch Logs Insights (CSV)',
  'GKE BigQuery sink rows (JSON lines)',
  'Splunk JSON lines export (result._raw)',
  'Splunk CSV export (_raw)',
  'kubectl logs --timestamps of an audit sidecar',
];
const REFERENCE = FORMATS['kube-apiserver JSON lines (v1)']();

describe('jobsentinel audit reads every export as a file (gzipped) and from standard input (plain)', () => {
  const dir = workspace({ 'reference.log': REFERENCE });
  const expected = runJson(['audit', 'reference.log'], { cwd: dir }).json.matches.map((match: { auditID: string }) => match.auditID).sort();

  for (const name of EXPORTS) {
    test(name, () => {
      const text = FORMATS[name]();
      const files = workspace({ 'export.gz': gzipSync(text) });
      for (const [args, input] of [[['audit', 'export.gz'], undefined], [['audit', '-'], text]] as const) {
        const { status, json } = runJson([...args], { cwd: files, input });
        assert.deepEqual(json.errors, [], `${args.join(' ')}`);
        assert.equal(status, 1);
        assert.deepEqual(json.matches.map((match: { auditID: string }) => match.auditID).sort(), expected, `${args.join(' ')}`);
      }
    });
  }
});
