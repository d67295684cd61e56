// Node: the README's Node example, run as a user would run it, prints every finding at its line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseManifest } from '@jobsentinel/core';
import { collectAuditLog } from '@jobsentinel/core/audit';
import { ATOMIC_RED_TEAM_CRONJOB, AUDIT_CASES, REVERSE_SHELL_CRONJOB } from './cases.mjs';

const example = fileURLToPath(new URL('./examples/node.mjs', import.meta.url));
const auditExample = fileURLToPath(new URL('./examples/node-audit.mjs', import.meta.url));

function runExample(cwd: string, files: string[], script = example): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...files], { cwd }, (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
}

test('the Node example prints file:line:col, severity, indicator and message, and exits 1 on findings', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jobsentinel-node-'));
  try {
    await writeFile(join(dir, 'art.yaml'), ATOMIC_RED_TEAM_CRONJOB);
    await writeFile(join(dir, 'log-rotate.yaml'), REVERSE_SHELL_CRONJOB);
    const { code, stdout } = await runExample(dir, ['art.yaml', 'log-rotate.yaml']);
    assert.equal(code, 1);
    const expected = [
      ['art.yaml', ATOMIC_RED_TEAM_CRONJOB],
      ['log-rotate.yaml', REVERSE_SHELL_CRONJOB],
    ].flatMap(([file, text]) =>
      analyseManifest(text, file).findings.map(
        (finding) => `${file}:${finding.range?.start.line}:${finding.range?.start.column} ${finding.severity} ${finding.indicator} ${finding.message}`,
      ),
    );
    assert.deepEqual(stdout.trim().split('\n'), expected);
    assert.ok(stdout.includes('art.yaml:13:20 information attacker-tooling'), stdout);
    assert.ok(stdout.includes('log-rotate.yaml:22:27 error privileged-container'), stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the Node example exits 0 on a clean manifest', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jobsentinel-node-'));
  try {
    await writeFile(join(dir, 'clean.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: ok }\nspec:\n  template:\n    spec:\n      containers: [{ name: app, image: ghcr.io/acme/report:1.0 }]\n');
    const { code, stdout } = await runExample(dir, ['clean.yaml']);
    assert.equal(stdout, '');
    assert.equal(code, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the Node audit-log example streams a gzip log and prints each malicious job write at its line', async () => {
  const gzip = AUDIT_CASES.find((testCase) => testCase.fileName.endsWith('.gz'))!;
  const dir = await mkdtemp(join(tmpdir(), 'jobsentinel-node-'));
  try {
    await writeFile(join(dir, gzip.fileName), gzip.bytes);
    const { code, stdout } = await runExample(dir, [gzip.fileName], auditExample);
    assert.equal(code, 1);
    const expected = await collectAuditLog(new Blob([gzip.bytes]).stream(), { source: gzip.fileName });
    const lines = stdout.trim().split('\n');
    assert.deepEqual(JSON.parse(lines.pop()!), expected.summary);
    assert.deepEqual(
      lines,
      expected.matches.map(
        (match) =>
          `${gzip.fileName}:${match.line} ${match.timestamp} ${match.user} ${match.verb} ${match.resource} ${match.namespace}/${match.name} (${match.outcome}): ` +
          [...new Set(match.indicators.map((hit) => hit.indicator))].join(', '),
      ),
    );
    assert.match(lines[0], /^kube-apiserver-audit\.log\.gz:3 .* mallory create cronjobs kube-system\/log-rotate \(allowed\): .*shell-escape/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
