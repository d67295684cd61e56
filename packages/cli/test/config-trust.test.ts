import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, run, runJson, workspace } from './helpers.ts';

/** What an attacker plants in a world-writable parent folder (`/tmp` on a shared runner): everything off. */
const PLANTED = 'severity:\n  privileged-container: off\n  attacker-tooling: off\n';

test('a config planted above the repository root is not applied (a checkout under a shared /tmp)', () => {
  const tmp = workspace({
    '.jobsentinel.yaml': PLANTED,
    'build/.jobsentinel.yml': PLANTED,
    'build/repo/.git/HEAD': 'ref: refs/heads/main\n',
    'build/repo/k8s/backup.yaml': PRIVILEGED_CRONJOB,
  });
  for (const cwd of [`${tmp}/build/repo`, `${tmp}/build/repo/k8s`]) {
    const { status, json } = runJson(['scan', '.'], { cwd });
    assert.equal(status, 1, cwd);
    assert.deepEqual(json.findings.map((finding: { indicator: string }) => finding.indicator), ['privileged-container']);
    assert.equal(json.config, null);
  }
});

test('a .git file (worktree, submodule) marks the repository root as well', () => {
  const tmp = workspace({ '.jobsentinel.yaml': PLANTED, 'wt/.git': 'gitdir: /elsewhere/.git/worktrees/wt\n', 'wt/job.yaml': PRIVILEGED_CRONJOB });
  assert.equal(run(['scan', 'job.yaml'], { cwd: `${tmp}/wt` }).status, 1);
});

test('outside a repository the lookup stops at the working folder; below it, configs still apply', () => {
  const tmp = workspace({
    '.jobsentinel.yaml': PLANTED,
    'work/jobs/backup.yaml': PRIVILEGED_CRONJOB,
    'work/team/.jobsentinel.yaml': 'severity:\n  privileged-container: warning\n',
    'work/team/job.yaml': PRIVILEGED_CRONJOB,
  });
  const { json } = runJson(['scan', '.'], { cwd: `${tmp}/work` });
  assert.deepEqual(
    json.findings.map((finding: { file: string; severity: string }) => `${finding.file} ${finding.severity}`),
    ['jobs/backup.yaml error', 'team/job.yaml warning'],
  );
  assert.equal(json.config, 'team/.jobsentinel.yaml', 'the only config applied is named');
  // Standard input is judged as a file in the working folder: the planted parent config is out of reach.
  assert.equal(run(['scan', '-'], { cwd: `${tmp}/work`, input: PRIVILEGED_CRONJOB }).status, 1);
});

test('a file outside both the repository and the working folder reads only its own folder', () => {
  const tmp = workspace({ '.jobsentinel.yaml': PLANTED, 'elsewhere/job.yaml': PRIVILEGED_CRONJOB, 'cwd/x': '' });
  assert.equal(run(['scan', `${tmp}/elsewhere/job.yaml`], { cwd: `${tmp}/cwd` }).status, 1);
});

test('--no-config applies no config file, even the one beside the manifest', () => {
  const dir = workspace({ '.jobsentinel.yaml': PLANTED, 'job.yaml': PRIVILEGED_CRONJOB });
  assert.equal(runJson(['scan', '.'], { cwd: dir }).status, 0, 'control: the config beside it applies');
  const { status, json } = runJson(['scan', '.', '--no-config'], { cwd: dir });
  assert.equal(status, 1);
  assert.equal(json.config, null);
  assert.match(run(['scan', '.', '--no-config'], { cwd: dir }).stdout, /; no config file\n$/);
  const both = run(['scan', '.', '--no-config', '--config', '.jobsentinel.yaml'], { cwd: dir });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--config and --no-config contradict each other/);
});

test('every output names the config file applied: text summary, JSON config, SARIF invocation, audit', () => {
  const dir = workspace({ '.jobsentinel.yaml': 'severity:\n  host-network: information\n', 'job.yaml': PRIVILEGED_CRONJOB, 'audit.log': '' });
  assert.match(run(['scan', '.'], { cwd: dir }).stdout, /; config: \.jobsentinel\.yaml\n$/);
  assert.equal(runJson(['scan', '.'], { cwd: dir }).json.config, '.jobsentinel.yaml');
  const sarif = JSON.parse(run(['scan', '.', '--format', 'sarif'], { cwd: dir }).stdout);
  assert.equal(sarif.runs[0].invocations[0].properties.config, '.jobsentinel.yaml');
  assert.equal(runJson(['audit', 'audit.log'], { cwd: dir }).json.config, '.jobsentinel.yaml');
  assert.match(run(['audit', 'audit.log'], { cwd: dir }).stdout, /; config: \.jobsentinel\.yaml\)\./);
  assert.equal(runJson(['scan', '.', '--config', '.jobsentinel.yaml'], { cwd: dir }).json.config, '.jobsentinel.yaml');
});
