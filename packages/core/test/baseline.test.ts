/** Baselines: an earlier JSON report's findings are known, matched by what they are about, not by line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseManifest, applyBaseline, formatJson, formatText, parseBaseline, toSarif, type Baseline, type ScanReport } from '../src/index.js';

const JOB = (name: string, lead = '') => `${lead}apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ops}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: c
          image: registry.example.com/app:1
          securityContext: {privileged: true}
`;

const reportOf = (files: Record<string, string>): ScanReport => ({
  files: Object.entries(files).map(([file, text]) => ({ file, result: analyseManifest(text, file) })),
  errors: [],
});

function baselineOf(report: ScanReport): Baseline {
  const parsed = parseBaseline(formatJson(report), 'baseline.json');
  assert.ok(!('error' in parsed), JSON.stringify(parsed));
  return parsed;
}

test('findings survive line shifts; a new object, file or indicator is new', () => {
  const baseline = baselineOf(reportOf({ 'a.yaml': JOB('a') }));
  const shifted = applyBaseline(reportOf({ 'a.yaml': JOB('a', '# moved\n# down\n') }), baseline);
  assert.equal(shifted.files[0].result.findings.length, 0);
  assert.equal(shifted.files[0].known?.length, 2);

  const other = applyBaseline(reportOf({ 'a.yaml': JOB('b'), 'c.yaml': JOB('a') }), baseline);
  assert.equal(other.files[0].result.findings.length, 2, 'same file, another object');
  assert.equal(other.files[1].result.findings.length, 2, 'same object name, another file');
});

test('each baseline finding matches once: a second copy is new', () => {
  const baseline = baselineOf(reportOf({ 'a.yaml': JOB('a') }));
  const twice = applyBaseline(reportOf({ 'a.yaml': `${JOB('a')}---\n${JOB('a')}` }), baseline);
  assert.equal(twice.files[0].known?.length, 2);
  assert.equal(twice.files[0].result.findings.length, 2);
});

test('formatters: json lists known findings under baseline, sarif marks baselineState, text counts them', () => {
  const baseline = baselineOf(reportOf({ 'a.yaml': JOB('a') }));
  const report = applyBaseline(reportOf({ 'a.yaml': JOB('a'), 'n.yaml': JOB('n') }), baseline);
  const json = JSON.parse(formatJson(report));
  assert.equal(json.baseline.file, 'baseline.json');
  assert.equal(json.baseline.findings.length, 2);
  assert.equal(json.findings.length, 2);
  assert.equal(json.summary.baseline, 2);
  const states = toSarif(report, { toolVersion: '0' }).runs[0].results.map((result) => result.baselineState);
  assert.deepEqual(states.sort(), ['new', 'new', 'unchanged', 'unchanged']);
  assert.match(formatText(report), /^2 new findings \(.*\) in 1 of 2 files, 2 known from the baseline baseline\.json$/m);
  // Without a baseline nothing changes: no baselineState, no baseline count.
  const plain = reportOf({ 'a.yaml': JOB('a') });
  assert.ok(toSarif(plain, { toolVersion: '0' }).runs[0].results.every((result) => !('baselineState' in result)));
  assert.doesNotMatch(formatText(plain), /baseline|new finding/);
});

test('what is not a scan report is an error, never an empty baseline', () => {
  for (const [text, message] of [
    ['', /not JSON/],
    ['[]', /not a jobsentinel scan report/],
    ['{"version": 2, "findings": []}', /not a jobsentinel scan report/],
    ['{"version": 1, "findings": [{"file": "a.yaml"}]}', /findings\[0\] is not a finding/],
    ['{"version": 1, "findings": [], "baseline": 3}', /baseline field/],
    ['{"version": 1, "findings": [], "baseline": {"findings": [7]}}', /baseline\.findings\[0\]/],
  ] as Array<[string, RegExp]>) {
    const parsed = parseBaseline(text, 'b.json');
    assert.ok('error' in parsed, text);
    assert.match(parsed.error, message, text);
  }
});

test('hostile keys in a baseline reach no prototype', () => {
  const entry = { file: 'a.yaml', kind: 'Job', namespace: 'ops', name: '__proto__', indicator: 'constructor', path: '/__proto__' };
  const parsed = parseBaseline(`{"version": 1, "__proto__": {"polluted": true}, "findings": [${JSON.stringify(entry)}]}`, 'b.json');
  assert.ok(!('error' in parsed));
  assert.equal(parsed.counts.size, 1);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
