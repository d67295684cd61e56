/**
 * The GitHub Actions workflow and the pre-commit hook the repository ships as examples (README.md,
 * "In CI"): both parse as YAML, and the command lines they run are ones the CLI accepts and runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseText } from '@jobsentinel/core';
import { scanCommand } from '../src/commands/scan.ts';
import { parseCommandOptions } from '../src/commands/options.ts';
import { CLEAN_CRONJOB, PRIVILEGED_CRONJOB, run, workspace } from './helpers.ts';

const ROOT = new URL('../../../', import.meta.url);

function yamlFile(path: string): any {
  const parsed = parseText(readFileSync(new URL(path, ROOT), 'utf8'));
  assert.deepEqual(parsed.problems, [], `${path} is valid YAML`);
  assert.equal(parsed.documents.length, 1, path);
  return parsed.documents[0].value;
}

/** A command line split as a POSIX shell splits this simple kind: words, and 'single-quoted' words. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2]);
}

const workflow = yamlFile('.github/workflows/jobsentinel.yml');
const steps: Array<Record<string, any>> = workflow.jobs.scan.steps;
const scanLine = steps.map((step) => step.run as string | undefined).find((script) => script?.trimStart().startsWith('jobsentinel scan'));

test('the workflow scans with SARIF output and --fail-on error, in words the CLI accepts', () => {
  assert.ok(scanLine, 'a step runs jobsentinel scan');
  const args = words(scanLine!);
  assert.deepEqual(args.slice(0, 2), ['jobsentinel', 'scan']);
  const options = parseCommandOptions(args.slice(2), scanCommand.options);
  assert.ok(options !== 'help');
  assert.equal(options.format.name, 'sarif');
  assert.equal(options.output, 'results.sarif');
  assert.equal(options.failOn, 'error');
});

test('the workflow uploads that report with upload-sarif, allowed to write security events, even after a failing scan', () => {
  const upload = steps.find((step) => String(step.uses).startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'an upload-sarif step');
  assert.equal(upload!.with.sarif_file, 'results.sarif');
  assert.match(upload!.if, /!cancelled\(\)/, 'runs when the scan step failed the job');
  assert.equal(workflow.jobs.scan.permissions['security-events'], 'write');
  assert.ok(steps.some((step) => /npm install -g "\$JOBSENTINEL_TARBALL"/.test(step.run ?? '')), 'installs the packed CLI with npm');
  assert.ok(steps.findIndex((step) => step === upload) > steps.findIndex((step) => step.run === scanLine));
});

test("the workflow's scan, run for real: exit 1 on an error finding, and a SARIF report in the file", () => {
  const dir = workspace({ 'k8s/backup.yaml': PRIVILEGED_CRONJOB, 'samples/evil.yaml': PRIVILEGED_CRONJOB.replace('backup', 'evil') });
  const result = run(words(scanLine!).slice(1), { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  const sarif = JSON.parse(readFileSync(join(dir, 'results.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const files = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
  assert.deepEqual([...new Set(files)], ['k8s/backup.yaml']);
  // Honest look-alike: a clean repository passes.
  const clean = workspace({ 'k8s/report.yaml': CLEAN_CRONJOB });
  assert.equal(run(words(scanLine!).slice(1), { cwd: clean }).status, 0);
});

test('the pre-commit hook: id jobsentinel, entry jobsentinel scan, YAML and JSON files, and the CLI takes the file names it is given', () => {
  const hooks = yamlFile('.pre-commit-hooks.yaml');
  assert.ok(Array.isArray(hooks));
  const hook = hooks.find((entry: { id: string }) => entry.id === 'jobsentinel');
  assert.ok(hook);
  assert.equal(hook.entry, 'jobsentinel scan');
  const files = new RegExp(hook.files);
  const excluded = new RegExp(hook.exclude);
  const selected = (name: string) => files.test(name) && !excluded.test(name);
  for (const name of ['k8s/job.yaml', 'a.yml', 'list.json']) assert.ok(selected(name), name);
  for (const name of ['README.md', 'job.yaml.bak', '.jobsentinel.yaml', 'k8s/.jobsentinel.yml', 'Chart.lock']) assert.ok(!selected(name), name);

  // pre-commit runs the entry with the selected files appended.
  const dir = workspace({ 'k8s/backup.yaml': PRIVILEGED_CRONJOB, 'k8s/report.yaml': CLEAN_CRONJOB });
  const args = [...words(hook.entry), 'k8s/backup.yaml', 'k8s/report.yaml'];
  assert.ok(parseCommandOptions(args.slice(2), scanCommand.options) !== 'help');
  assert.equal(run(args.slice(1), { cwd: dir }).status, 1);
  assert.equal(run([...words(hook.entry).slice(1), 'k8s/report.yaml'], { cwd: dir }).status, 0);
});

test('README "In CI": every jobsentinel command line and the pre-commit args are accepted by the scan options', () => {
  const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
  const start = readme.indexOf('\n### In CI\n');
  assert.ok(start >= 0, 'README has an "In CI" section');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const lines = section.split('\n').filter((line) => line.startsWith('jobsentinel scan')).map((line) => line.replace(/\s+#.*$/, ''));
  assert.ok(lines.length >= 3);
  for (const line of lines) assert.ok(parseCommandOptions(words(line).slice(2), scanCommand.options) !== 'help', line);
  const config = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(config, 'a .pre-commit-config.yaml example');
  const parsed = parseText(config![1]);
  assert.deepEqual(parsed.problems, []);
  const hook = (parsed.documents[0].value as any).repos[0].hooks[0];
  assert.equal(hook.id, 'jobsentinel');
  assert.equal(parseCommandOptions(hook.args, scanCommand.options) !== 'help', true);
});
