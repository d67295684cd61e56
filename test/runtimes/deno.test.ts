// Deno (the `deno` npm package ships its binary as @deno/<platform> packages from the npm registry):
// the Deno example reads each case from disk and prints Node's result.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { analyseManifest } from '@jobsentinel/core';
import { collectAuditLog } from '@jobsentinel/core/audit';
import { AUDIT_CASES, MANIFEST_CASES, auditResult, comparable } from './cases.mjs';
import { exampleSite } from './example-site.mjs';

const run = promisify(execFile);
const denoBin = createRequire(import.meta.url).resolve('deno/bin.cjs');

describe('the core in Deno', { timeout: 300_000 }, () => {
  let site: Awaited<ReturnType<typeof exampleSite>>;
  const byFile = new Map<string, unknown>();
  const auditByFile = new Map<string, unknown>();
  const deno = (args: string[]) =>
    run(process.execPath, [denoBin, 'run', '--no-prompt', '--allow-read=.', ...args], {
      cwd: site.dir,
      maxBuffer: 64 << 20,
      env: { ...process.env, DENO_DIR: join(site.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });

  before(async () => {
    site = await exampleSite();
    for (const { fileName, text } of MANIFEST_CASES) {
      await mkdir(dirname(join(site.dir, fileName)), { recursive: true });
      await writeFile(join(site.dir, fileName), text);
    }
    for (const { fileName, bytes } of AUDIT_CASES) await writeFile(join(site.dir, fileName), bytes);
    const manifests = await deno(['deno.ts', ...MANIFEST_CASES.map((testCase) => testCase.fileName)]);
    for (const line of manifests.stdout.trim().split('\n')) {
      const { file, ...result } = JSON.parse(line);
      byFile.set(file, result);
    }
    const logs = await deno(['deno-audit.ts', ...AUDIT_CASES.map((testCase) => testCase.fileName)]);
    for (const line of logs.stdout.trim().split('\n')) {
      const { file, ...result } = JSON.parse(line);
      auditByFile.set(file, result);
    }
  });

  after(() => site?.remove());

  test('the deno binary is the real Deno', async () => {
    const { stdout } = await run(process.execPath, [denoBin, '--version']);
    assert.match(stdout, /^deno \d+\.\d+\.\d+/);
  });

  for (const testCase of MANIFEST_CASES) {
    test(`Deno gives Node's result: ${testCase.name}`, () => {
      assert.ok(byFile.has(testCase.fileName), `Deno printed a result for ${testCase.fileName}`);
      assert.deepEqual(byFile.get(testCase.fileName), comparable(analyseManifest(testCase.text, testCase.fileName)));
    });
  }

  for (const testCase of AUDIT_CASES) {
    test(`Deno gives Node's audit-log result: ${testCase.name}`, async () => {
      assert.ok(auditByFile.has(testCase.fileName), `Deno printed a result for ${testCase.fileName}`);
      const expected = auditResult(await collectAuditLog(new Blob([testCase.bytes]).stream(), { source: testCase.fileName }));
      assert.deepEqual(auditByFile.get(testCase.fileName), expected);
    });
  }
});
