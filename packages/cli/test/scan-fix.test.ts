/**
 * `scan --fix` applies the safe fixes in place and reports what remains: the exit status and the
 * report are about the files as they are afterwards. Files it cannot rewrite exactly (UTF-16, bytes
 * that are not UTF-8) are left alone and make the run incomplete; standard input is refused.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLEAN_CRONJOB, PRIVILEGED_CRONJOB, REVERSE_SHELL_JOB, run, runJson, workspace } from './helpers.ts';

const HOST_PID_JOB = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      hostPID: true\n      containers:\n        - name: c\n          image: registry.example.com/app:1\n          securityContext:\n            allowPrivilegeEscalation: true\n';

test('fixes the safe findings in place, lists each on stderr, and exits 0 when nothing remains', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB, 'k8s/job.yaml': HOST_PID_JOB });
  const result = run(['scan', '--fix', '.'], { cwd: dir });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.equal(readFileSync(join(dir, 'backup.yaml'), 'utf8'), PRIVILEGED_CRONJOB.replace('{privileged: true}', '{privileged: false}'));
  assert.equal(
    readFileSync(join(dir, 'k8s/job.yaml'), 'utf8'),
    HOST_PID_JOB.replace('      hostPID: true\n', '').replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'),
  );
  assert.match(result.stderr, /^fixed backup\.yaml:15:\d+ privileged-container: Set privileged: false$/m);
  assert.match(result.stderr, /^fixed k8s\/job\.yaml:7:\d+ host-pid: Remove hostPID: true$/m);
  assert.match(result.stderr, /^fixed k8s\/job\.yaml:12:\d+ privilege-escalation: Set allowPrivilegeEscalation: false$/m);
  assert.match(result.stderr, /^--fix: fixed 3 findings; 0 remain/m);
  assert.match(result.stdout, /^No findings in 2 files/m);
  // Nothing left to fix: a second run writes nothing and says so.
  const again = run(['scan', '--fix', '.'], { cwd: dir });
  assert.equal(again.status, 0);
  assert.doesNotMatch(again.stderr, /^fixed /m);
});

test('never touches a command: a reverse shell remains, is reported, and the exit status is 1', () => {
  const dir = workspace({ 'sync.yaml': REVERSE_SHELL_JOB });
  const { status, json, stderr } = runJson(['scan', '--fix', 'sync.yaml'], { cwd: dir });
  assert.equal(status, 1);
  assert.equal(readFileSync(join(dir, 'sync.yaml'), 'utf8'), REVERSE_SHELL_JOB.replace('      hostNetwork: true\n', ''));
  assert.match(stderr, /^fixed sync\.yaml:8:\d+ host-network: Remove hostNetwork: true$/m);
  const remaining = new Set(json.findings.map((finding: { indicator: string }) => finding.indicator));
  assert.deepEqual([...remaining].sort(), ['attacker-tooling', 'shell-escape']);
  // The report is about the file as it is now: the command moved up from line 12 to 11.
  const shell = json.findings.filter((finding: { indicator: string }) => finding.indicator === 'shell-escape');
  assert.deepEqual([...new Set(shell.map((finding: { range: { start: { line: number } } }) => finding.range.start.line))], [11]);
});

test('leaves a file with nothing safe to fix byte for byte as it was, and a clean file too', () => {
  const capabilities = REVERSE_SHELL_JOB.replace('      hostNetwork: true\n', '').replace('      restartPolicy', '          securityContext: {capabilities: {add: [SYS_ADMIN]}}\n      restartPolicy');
  const dir = workspace({ 'sync.yaml': capabilities, 'clean.yaml': CLEAN_CRONJOB });
  const result = run(['scan', '--fix', '.'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.equal(readFileSync(join(dir, 'sync.yaml'), 'utf8'), capabilities, 'dropping a capability is for a person to decide');
  assert.equal(readFileSync(join(dir, 'clean.yaml'), 'utf8'), CLEAN_CRONJOB);
  assert.match(result.stdout, /dangerous-capabilities/);
  assert.match(result.stderr, /^--fix: fixed 0 findings; \d+ remain/m);
});

test('keeps CRLF line breaks and a UTF-8 byte order mark', () => {
  const crlf = HOST_PID_JOB.replace(/\n/g, '\r\n');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PRIVILEGED_CRONJOB)]);
  const dir = workspace({ 'crlf.yaml': crlf, 'bom.yaml': bom });
  assert.equal(run(['scan', '--fix', '.'], { cwd: dir }).status, 0);
  assert.equal(readFileSync(join(dir, 'crlf.yaml'), 'utf8'), crlf.replace('      hostPID: true\r\n', '').replace('Escalation: true', 'Escalation: false'));
  const fixed = readFileSync(join(dir, 'bom.yaml'));
  assert.deepEqual([...fixed.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(fixed.subarray(3).toString('utf8'), PRIVILEGED_CRONJOB.replace('{privileged: true}', '{privileged: false}'));
});

test('does not rewrite a UTF-16 file (it would come back as UTF-8): reported, exit 2, the rest still fixed', () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED_CRONJOB, 'utf16le')]);
  const dir = workspace({ 'wide.yaml': utf16, 'job.yaml': HOST_PID_JOB });
  const { status, json } = runJson(['scan', '--fix', '.'], { cwd: dir });
  assert.equal(status, 2);
  assert.deepEqual(readFileSync(join(dir, 'wide.yaml')), utf16);
  assert.equal(json.errors.length, 1);
  assert.equal(json.errors[0].file, 'wide.yaml');
  assert.match(json.errors[0].message, /not fixed: the file is not plain UTF-8/);
  assert.ok(json.findings.some((finding: { file: string; indicator: string }) => finding.file === 'wide.yaml' && finding.indicator === 'privileged-container'));
  assert.ok(!readFileSync(join(dir, 'job.yaml'), 'utf8').includes('hostPID'));
});

test('refuses standard input with exit 2, and writes nothing', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  const result = run(['scan', '--fix', 'backup.yaml', '-'], { cwd: dir, input: PRIVILEGED_CRONJOB });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--fix edits files in place; it cannot fix standard input/);
  assert.equal(readFileSync(join(dir, 'backup.yaml'), 'utf8'), PRIVILEGED_CRONJOB);
});

test('without --fix nothing is written', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  assert.equal(run(['scan', 'backup.yaml'], { cwd: dir }).status, 1);
  assert.equal(readFileSync(join(dir, 'backup.yaml'), 'utf8'), PRIVILEGED_CRONJOB);
});

test('the help describes --fix', () => {
  const { stdout } = run(['scan', '--help']);
  assert.match(stdout, /--fix\s+apply the safe fixes/);
});
