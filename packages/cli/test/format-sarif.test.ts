import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

function sarif(args: string[], cwd: string) {
  const result = run([...args, '--format', 'sarif'], { cwd });
  return { status: result.status, log: JSON.parse(result.stdout) };
}

test('sarif: 2.1.0 with one run and the jobsentinel driver', () => {
  const dir = workspace({ 'job.yaml': REVERSE_SHELL_JOB });
  const { status, log } = sarif(['scan', 'job.yaml'], dir);
  assert.equal(status, 1);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0].tool.driver;
  assert.equal(driver.name, 'jobsentinel');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
});

test('sarif: every rule has a help URI, help text with remediation, a level and the security and ATT&CK tags', () => {
  const dir = workspace({ 'job.yaml': REVERSE_SHELL_JOB });
  const { log } = sarif(['scan', 'job.yaml'], dir);
  const rules = log.runs[0].tool.driver.rules;
  assert.ok(rules.length >= 9);
  for (const rule of rules) {
    assert.match(rule.id, /^[a-z][a-z-]+$/);
    assert.match(rule.helpUri, new RegExp(`^https://.*#${rule.id}$`));
    assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    assert.match(rule.help.markdown, /\*\*Remediation\.\*\*/);
    assert.match(rule.help.markdown, /\*\*False positives\.\*\*/);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    assert.ok(rule.properties.tags.includes('security') && rule.properties.tags.includes('T1053.007'));
  }
  assert.equal(new Set(rules.map((rule: { id: string }) => rule.id)).size, rules.length, 'rule ids are unique');
});

test('sarif: results carry the same regions as the JSON ranges, and ruleIndex points at their rule', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB, 'jobs/b.yaml': REVERSE_SHELL_JOB });
  const { log } = sarif(['scan', 'jobs'], dir);
  const { json } = runJson(['scan', 'jobs'], { cwd: dir });
  const run = log.runs[0];
  assert.equal(run.results.length, json.findings.length);
  run.results.forEach((result: any, index: number) => {
    const finding = json.findings[index];
    assert.equal(result.ruleId, finding.indicator);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.message.text, finding.message);
    const location = result.locations[0];
    assert.equal(location.physicalLocation.artifactLocation.uri, finding.file);
    assert.deepEqual(location.physicalLocation.region, {
      startLine: finding.range.start.line,
      startColumn: finding.range.start.column,
      endLine: finding.range.end.line,
      endColumn: finding.range.end.column,
    });
    assert.equal(location.logicalLocations[0].fullyQualifiedName, finding.path);
  });
});

test('sarif: severities map to levels (information becomes note)', () => {
  const dir = workspace({ 'job.yaml': REVERSE_SHELL_JOB });
  const { log } = sarif(['scan', 'job.yaml'], dir);
  const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
  const expected: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
  assert.deepEqual(
    log.runs[0].results.map((result: { level: string }) => result.level),
    json.findings.map((finding: { severity: string }) => expected[finding.severity]),
  );
  assert.ok(log.runs[0].results.some((result: { level: string }) => result.level === 'note'), 'the alpine image is information');
});

test('sarif: artifact URIs are relative, percent-encoded, and resolve against SRCROOT (the working folder)', () => {
  const dir = workspace({ 'my jobs/back#up.yaml': PRIVILEGED_CRONJOB });
  const { log } = sarif(['scan', '.'], dir);
  const run = log.runs[0];
  const artifact = run.results[0].locations[0].physicalLocation.artifactLocation;
  assert.equal(artifact.uri, 'my%20jobs/back%23up.yaml');
  assert.equal(artifact.uriBaseId, 'SRCROOT');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, pathToFileURL(dir).href + '/');
  assert.equal(new URL(artifact.uri, run.originalUriBaseIds.SRCROOT.uri).href, pathToFileURL(`${dir}/my jobs/back#up.yaml`).href);
});

test('sarif: problems with the input become tool execution notifications', () => {
  const dir = workspace({ 'bad.yaml': 'a: [\n', 'ok.yaml': PRIVILEGED_CRONJOB });
  const { status, log } = sarif(['scan', 'bad.yaml', 'missing.yaml', 'ok.yaml'], dir);
  assert.equal(status, 2);
  const invocation = log.runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false);
  const notes = invocation.toolExecutionNotifications;
  assert.deepEqual(notes.map((n: any) => n.locations[0].physicalLocation.artifactLocation.uri).sort(), ['bad.yaml', 'missing.yaml']);
  for (const note of notes) {
    assert.equal(note.level, 'error');
    assert.ok(note.message.text.length > 0);
  }
  assert.equal(log.runs[0].results.length, 1);
});

test('sarif: a clean scan has no results and a successful invocation', () => {
  const dir = workspace({ 'empty.yaml': '# nothing here\n' });
  const { status, log } = sarif(['scan', '.'], dir);
  assert.equal(status, 0);
  assert.deepEqual(log.runs[0].results, []);
  assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
});
