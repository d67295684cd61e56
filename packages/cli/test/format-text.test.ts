import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { BIN, PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

const ANSI = /\x1b\[/;

test('text: one line per finding as file:line:col  severity  id  message, grouped per file, then a summary', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'b.yaml': REVERSE_SHELL_JOB, 'c.yaml': '# empty\n' });
  const result = run(['scan', '.'], { cwd: dir });
  const { json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(result.status, 1);
  const blocks = result.stdout.trimEnd().split('\n\n');
  assert.equal(blocks.length, 3, 'a block per file with findings, then the summary');
  assert.ok(blocks[0].split('\n').every((line) => line.startsWith('a.yaml:')));
  assert.ok(blocks[1].split('\n').every((line) => line.startsWith('b.yaml:')));
  const first = json.findings[0];
  assert.match(
    blocks[0],
    new RegExp(`^a\\.yaml:${first.range.start.line}:${first.range.start.column}\\s+error\\s+privileged-container\\s+CronJob ops/backup: ${first.message.replace(/[().]/g, '\\$&')}$`),
  );
  const count = json.findings.length;
  const severities = new Set(json.findings.map((f: { severity: string }) => f.severity));
  assert.equal(severities.size >= 2, true);
  assert.match(blocks[2], new RegExp(`^${count} findings \\(\\d+ errors?(, \\d+ warnings?)?(, \\d+ information)?\\) in 2 of 3 files; no config file$`));
});

test('text: input errors are listed in their file with line and column, and counted in the summary', () => {
  const dir = workspace({ 'bad.yaml': 'kind: Job\nspec: [\n' });
  const result = run(['scan', '.'], { cwd: dir });
  assert.match(result.stdout, /^bad\.yaml:2:\d+\s+error\s+input-error\s+/m);
  assert.match(result.stdout, /^Incomplete \(1 file not fully analysed\): no findings in 1 file, 1 input error; no config file$/m);
});

test('text: no colour when stdout is not a terminal', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  const result = run(['scan', '.'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.doesNotMatch(result.stdout, ANSI);
});

test('text: FORCE_COLOR turns colour on, NO_COLOR wins over it', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  const forced = run(['scan', '.'], { cwd: dir, env: { FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\x1b\[31merror/);
  const both = run(['scan', '.'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.doesNotMatch(both.stdout, ANSI);
  const zero = run(['scan', '.'], { cwd: dir, env: { FORCE_COLOR: '0' } });
  assert.doesNotMatch(zero.stdout, ANSI);
});

test('colour never leaks into json or sarif', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  for (const format of ['json', 'sarif']) {
    const result = run(['scan', '.', '--format', format], { cwd: dir, env: { FORCE_COLOR: '1' } });
    assert.doesNotMatch(result.stdout, ANSI, format);
    JSON.parse(result.stdout);
  }
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('text: colour on a terminal (run under script(1) for a pseudo-terminal), and NO_COLOR turns it off there', { skip: !hasScript && 'script(1) not installed' }, () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB });
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined } as Record<string, string | undefined>;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const onTerminal = spawnSync('script', ['-qec', `"${BIN}" scan a.yaml`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: env as NodeJS.ProcessEnv });
  assert.match(onTerminal.stdout, /\x1b\[31merror/);
  assert.equal(onTerminal.status, 1);
  const noColor = spawnSync('script', ['-qec', `"${BIN}" scan a.yaml`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } as NodeJS.ProcessEnv });
  assert.doesNotMatch(noColor.stdout, ANSI);
  assert.match(noColor.stdout, /privileged-container/);
});
