/**
 * `--baseline FILE`: findings an earlier JSON report holds are known; only new ones fail the run.
 * Matched by file, object, indicator and JSON pointer, so moving lines keeps them known.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

/** A workspace with a baseline made the documented way: `jobsentinel scan --format json --output baseline.json`. */
function withBaseline(files: Record<string, string>): string {
  const dir = workspace(files);
  const made = run(['scan', 'jobs', '--format', 'json', '--output', 'baseline.json'], { cwd: dir });
  assert.equal(made.status, 1, 'the baseline run has findings');
  return dir;
}

test('known findings do not fail the run, even after lines moved; text counts them', () => {
  const dir = withBaseline({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  writeFileSync(join(dir, 'jobs/a.yaml'), `# a comment\n# another\n${PRIVILEGED_CRONJOB}`);
  const result = run(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir });
  assert.equal(result.status, 0, result.stdout);
  assert.doesNotMatch(result.stdout, /privileged-container/, 'known findings are not listed in text');
  assert.match(result.stdout, /^No new findings in 1 file, 1 known from the baseline baseline\.json; no config file$/m);
});

test('a new finding fails the run and is the only one listed; json and sarif report both kinds', () => {
  const dir = withBaseline({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  writeFileSync(join(dir, 'jobs/b.yaml'), REVERSE_SHELL_JOB);
  const text = run(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir });
  assert.equal(text.status, 1);
  assert.doesNotMatch(text.stdout, /a\.yaml/);
  assert.match(text.stdout, /^jobs\/b\.yaml:/m);
  assert.match(text.stdout, /new findings? \(.*\) in 1 of 2 files, 1 known from the baseline baseline\.json/);

  const { json } = runJson(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir });
  assert.equal(json.baseline.file, 'baseline.json');
  assert.deepEqual(json.baseline.findings.map((f: { indicator: string }) => f.indicator), ['privileged-container']);
  assert.ok(json.findings.every((f: { file: string }) => f.file === 'jobs/b.yaml'));
  assert.equal(json.summary.baseline, 1);

  const sarif = JSON.parse(run(['scan', 'jobs', '--baseline', 'baseline.json', '--format', 'sarif'], { cwd: dir }).stdout);
  const states = sarif.runs[0].results.map((r: { ruleId: string; baselineState: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => [r.locations[0].physicalLocation.artifactLocation.uri, r.ruleId, r.baselineState]);
  assert.ok(states.some(([uri, rule, state]: string[]) => uri === 'jobs/a.yaml' && rule === 'privileged-container' && state === 'unchanged'));
  assert.ok(states.filter(([uri]: string[]) => uri === 'jobs/b.yaml').every(([, , state]: string[]) => state === 'new'));
  assert.equal(sarif.runs[0].invocations[0].properties.baseline, 'baseline.json');
});

test('the same finding on another object, in another file or at another pointer is new', () => {
  const dir = withBaseline({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  const renamed = PRIVILEGED_CRONJOB.replace('name: backup\n', 'name: backup2\n');
  writeFileSync(join(dir, 'jobs/a.yaml'), renamed);
  assert.equal(run(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir }).status, 1, 'another object');
  writeFileSync(join(dir, 'jobs/a.yaml'), PRIVILEGED_CRONJOB.replace('- name: backup\n', '- name: sidecar\n              image: x\n            - name: backup\n'));
  assert.equal(run(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir }).status, 1, 'another container: another pointer');
  writeFileSync(join(dir, 'jobs/a.yaml'), PRIVILEGED_CRONJOB);
  writeFileSync(join(dir, 'jobs/copy.yaml'), PRIVILEGED_CRONJOB);
  const copy = runJson(['scan', 'jobs', '--baseline', 'baseline.json'], { cwd: dir });
  assert.equal(copy.status, 1, 'another file');
  assert.deepEqual(copy.json.findings.map((f: { file: string }) => f.file), ['jobs/copy.yaml']);
});

test('a report made with a baseline serves as the next baseline', () => {
  const dir = withBaseline({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  assert.equal(run(['scan', 'jobs', '--baseline', 'baseline.json', '--format', 'json', '--output', 'next.json'], { cwd: dir }).status, 0);
  assert.equal(run(['scan', 'jobs', '--baseline', 'next.json'], { cwd: dir }).status, 0);
});

test('a baseline that cannot be read or is not a scan report is an error naming the file: exit 2, nothing scanned', () => {
  const dir = withBaseline({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  const cases: Array<[string, string, RegExp]> = [
    ['broken.json', '{"version": 1, "findings": [', /the baseline broken\.json is not valid: not JSON/],
    ['sarif.json', run(['scan', 'jobs', '--format', 'sarif'], { cwd: dir }).stdout, /the baseline sarif\.json is not valid: not a jobsentinel scan report/],
    ['entry.json', '{"version": 1, "findings": [{"file": "jobs/a.yaml", "__proto__": {"indicator": "x"}}]}', /the baseline entry\.json is not valid: findings\[0\] is not a finding/],
  ];
  for (const [name, content, message] of cases) {
    writeFileSync(join(dir, name), content);
    const result = run(['scan', 'jobs', '--baseline', name], { cwd: dir });
    assert.equal(result.status, 2, name);
    assert.equal(result.stdout, '', `${name}: nothing scanned`);
    assert.match(result.stderr, message);
  }
  const missing = run(['scan', 'jobs', '--baseline', 'gone.json'], { cwd: dir });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /the baseline gone\.json cannot be read: no such file or directory; nothing was scanned/);
  assert.ok(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).findings.length > 0);
});
