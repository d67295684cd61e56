// The core's formatters on hand-built reports: cases the CLI cannot easily produce (custom rules,
// hints, empty reports), checked without a process in between.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatText, INDICATORS, summarise, summaryLine, toJsonReport, toSarif, type Finding, type ScanReport } from '@jobsentinel/core';

const at = (line: number, column: number, length = 4) => ({ start: { line, column }, end: { line, column: column + length } });

function finding(indicator: string, severity: Finding['severity'], line: number): Finding {
  return {
    indicator,
    severity,
    message: `${indicator} here`,
    path: `/spec/template/spec/x${line}`,
    evidence: 'x',
    document: 0,
    kind: 'Job',
    name: 'j',
    namespace: null,
    range: at(line, 3),
  };
}

const report = (findings: Finding[], extra: Partial<ScanReport> = {}): ScanReport => ({
  files: [{ file: 'a.yaml', result: { findings, suppressed: [], errors: [], documents: 1 } }],
  errors: [],
  ...extra,
});

test('summary line: severities in order, "information" without a plural, file counts', () => {
  const summary = summarise(
    report([finding('host-pid', 'warning', 3), finding('attacker-tooling', 'information', 2), finding('attacker-tooling', 'information', 4), finding('privileged-container', 'error', 9)]),
  );
  assert.equal(summaryLine(summary), '4 findings (1 error, 1 warning, 2 information) in 1 of 1 file');
  assert.equal(summaryLine(summarise(report([finding('host-pid', 'hint', 1)]))), '1 finding (1 hint) in 1 of 1 file');
  assert.equal(summaryLine(summarise({ files: [], errors: [{ file: 'x', message: 'gone' }, { file: 'y', message: 'bin', skipped: true }] })), 'Incomplete (2 files not fully analysed): no findings in 0 files, 2 input errors, 1 not analysed');
  const notKubernetes = { files: [], errors: [{ file: 'package.json', message: 'no Kubernetes object', skipped: true, notKubernetes: true }] };
  assert.equal(summaryLine(summarise(notKubernetes)), 'No findings in 0 files', 'a file with no Kubernetes object is no problem');
  assert.equal(summaryLine(summarise(notKubernetes), []), 'No findings in 0 files; no config file');
  assert.equal(summaryLine(summarise(notKubernetes), ['a/.jobsentinel.yaml', 'b/.jobsentinel.yml']), 'No findings in 0 files; configs: a/.jobsentinel.yaml, b/.jobsentinel.yml');
});

test('text: findings are sorted by position within their file', () => {
  const text = formatText(report([finding('host-pid', 'warning', 9), finding('host-ipc', 'warning', 2)]));
  const lines = text.split('\n');
  assert.match(lines[0], /^a\.yaml:2:3 /);
  assert.match(lines[1], /^a\.yaml:9:3 /);
});

test('sarif: a finding from a custom pattern gets a rule of its own, and ruleIndex stays right', () => {
  const log = toSarif(report([finding('crypto-miner', 'error', 5), finding('host-pid', 'warning', 6)]), { toolVersion: '1.2.3' });
  const rules = log.runs[0].tool.driver.rules;
  assert.equal(rules.length, INDICATORS.length + 1);
  const custom = rules[log.runs[0].results[0].ruleIndex];
  assert.equal(custom.id, 'crypto-miner');
  assert.ok(custom.properties.tags.includes('security') && custom.properties.tags.includes('custom'));
  assert.equal(custom.defaultConfiguration.level, 'error');
  assert.equal(rules[log.runs[0].results[1].ruleIndex].id, 'host-pid');
});

test('sarif: hint becomes note; without a base URI no uriBaseId is written', () => {
  const log = toSarif(report([finding('host-pid', 'hint', 1)]), { toolVersion: '1.0.0' });
  const result = log.runs[0].results[0];
  assert.equal(result.level, 'note');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, undefined);
  assert.equal(log.runs[0].originalUriBaseIds, undefined);
});

test('sarif: malformed documents are error notifications and make the execution unsuccessful; the invocation names the config', () => {
  const broken: ScanReport = { files: [{ file: 'b.yaml', result: { findings: [], suppressed: [], errors: [{ message: 'bad indentation', range: at(2, 1, 1) }], documents: 0 } }], errors: [] };
  const log = toSarif(broken, { toolVersion: '1.0.0' });
  const invocation = log.runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications[0].level, 'error');
  assert.equal(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.region?.startLine, 2);
  assert.equal(invocation.properties.config, null);
  const tuned = toSarif({ ...broken, configs: ['.jobsentinel.yaml'] }, { toolVersion: '1.0.0', executionSuccessful: true }).runs[0].invocations[0];
  assert.equal(tuned.executionSuccessful, true);
  assert.equal(tuned.properties.config, '.jobsentinel.yaml');
});

test('json: a problem with a whole file points at its start; a finding without a range has range null', () => {
  const noRange = { ...finding('host-pid', 'warning', 1), range: undefined };
  const json = toJsonReport(report([noRange], { errors: [{ file: 'gone.yaml', message: 'cannot read' }] }));
  assert.deepEqual(json.errors[0], { file: 'gone.yaml', message: 'cannot read', range: at(1, 1, 0), skipped: false, incomplete: true });
  assert.equal(json.findings[0].range, null);
  assert.equal('span' in json.findings[0], false, 'offsets stay internal');
});
