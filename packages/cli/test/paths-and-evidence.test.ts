/** How text output names things: paths as the user gave them, the object of every finding, evidence as written. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

test('an absolute path is printed as given, a relative one relative, in text and json', () => {
  const dir = workspace({ 'jobs/a.yaml': PRIVILEGED_CRONJOB });
  const absolute = join(dir, 'jobs');
  const text = run(['scan', absolute], { cwd: dir });
  assert.match(text.stdout, new RegExp(`^${absolute.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/a\\.yaml:15:45 `, 'm'));
  assert.equal(runJson(['scan', join(absolute, 'a.yaml')], { cwd: dir }).json.findings[0].file, join(absolute, 'a.yaml'));
  assert.equal(runJson(['scan', './jobs/'], { cwd: dir }).json.findings[0].file, 'jobs/a.yaml', 'relative stays relative (tidied)');
  const audit = run(['audit', join(dir, 'missing.log')], { cwd: dir });
  assert.match(audit.stdout + audit.stderr, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/missing\\.log`));
});

test('every text finding names its object (kind, namespace/name), from a file or from standard input', () => {
  const dir = workspace({ 'a.yaml': PRIVILEGED_CRONJOB, 'b.yaml': REVERSE_SHELL_JOB });
  const files = run(['scan', '.'], { cwd: dir }).stdout;
  const stdin = run(['scan', '-'], { cwd: dir, input: `${PRIVILEGED_CRONJOB}---\n${REVERSE_SHELL_JOB}` }).stdout;
  for (const output of [files, stdin]) {
    const findings = output.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
    assert.ok(findings.length >= 3);
    for (const line of findings) assert.match(line, /\s(CronJob ops\/backup|Job sync): /, line);
  }
  assert.match(stdin, /^<stdin>:15:45\s+error\s+privileged-container\s+CronJob ops\/backup: Container "backup" runs privileged/m);
});

test('evidence is printed as the manifest writes it, not re-quoted for a shell', () => {
  const script = "use Socket;$i='203.0.113.5';$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname('tcp'));";
  const job = `apiVersion: batch/v1
kind: Job
metadata: {name: j, namespace: default}
spec:
  template:
    spec:
      containers:
        - name: c
          image: registry.example.com/app:1
          command: ["perl", "-e", "${script}"]
`;
  const dir = workspace({ 'job.yaml': job });
  const { json } = runJson(['scan', 'job.yaml'], { cwd: dir });
  assert.equal(json.findings[0].evidence, `perl -e ${script}`);
  const text = run(['scan', 'job.yaml'], { cwd: dir }).stdout;
  assert.ok(text.includes(`Job default/j: Container "c" runs perl: perl -e ${script}`), text);
  assert.doesNotMatch(text, /'\\''/);
});
