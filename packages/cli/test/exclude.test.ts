/** `--exclude GLOB`: folders and files left out of a scan, always counted, never silently. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLEAN_CRONJOB, PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

const tree = () =>
  workspace({
    'deploy/app.yaml': CLEAN_CRONJOB,
    'deploy/charts/evil/job.yaml': REVERSE_SHELL_JOB,
    'deploy/gen/backup.generated.yaml': PRIVILEGED_CRONJOB,
    'deploy/notes.md': 'not a manifest',
    'vendor/x.yaml': PRIVILEGED_CRONJOB,
  });

test('an excluded folder is not walked, and the summary says how many paths were left out', () => {
  const dir = tree();
  const result = run(['scan', '.', '--exclude', 'deploy/charts/**', '--exclude', '*.generated.yaml', '--exclude', 'vendor'], { cwd: dir });
  assert.equal(result.status, 0, result.stdout);
  assert.doesNotMatch(result.stdout, /job\.yaml|backup\.generated|vendor/);
  assert.match(result.stdout, /^No findings in 1 file, 3 paths excluded; no config file$/m);
  const { json } = runJson(['scan', '.', '--exclude', 'deploy/charts/**', '--exclude', '*.generated.yaml', '--exclude', 'vendor'], { cwd: dir });
  assert.deepEqual(json.excluded, ['deploy/charts', 'deploy/gen/backup.generated.yaml', 'vendor']);
  assert.equal(json.summary.excluded, 3);
});

test('globs match relative to the folder searched, and as the path is shown', () => {
  const dir = tree();
  const below = runJson(['scan', 'deploy', '--exclude', 'charts/**'], { cwd: dir });
  assert.deepEqual(below.json.excluded, ['deploy/charts']);
  const shown = runJson(['scan', 'deploy', '--exclude', 'deploy/gen/*.yaml'], { cwd: dir });
  assert.deepEqual(shown.json.excluded, ['deploy/gen/backup.generated.yaml']);
});

test('honest look-alikes: a glob that matches nothing, or only files that are not manifests, excludes nothing', () => {
  const dir = tree();
  const none = runJson(['scan', 'deploy', '--exclude', 'chart/**', '--exclude', '*.md'], { cwd: dir });
  assert.deepEqual(none.json.excluded, [], 'notes.md was never going to be scanned: not counted');
  assert.equal(none.json.summary.files, 3);
  // `*` stays within one name: it does not reach into charts/evil/.
  assert.deepEqual(runJson(['scan', 'deploy', '--exclude', 'charts/*.yaml'], { cwd: dir }).json.excluded, []);
});

test('a file named on the command line and excluded says so on stderr, and is counted', () => {
  const dir = tree();
  const result = run(['scan', 'vendor/x.yaml', 'deploy/app.yaml', '--exclude', 'vendor/**'], { cwd: dir });
  assert.equal(result.status, 0);
  assert.match(result.stderr, /^jobsentinel scan: vendor\/x\.yaml is excluded by --exclude vendor\/\*\*: not scanned$/m);
  assert.match(result.stdout, /No findings in 1 file, 1 path excluded/);
});

test('--exclude is repeatable and needs a value', () => {
  const result = run(['scan', '.', '--exclude']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--exclude needs a value \(GLOB\)/);
});
