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
import { MANIFEST_CASES, comparable } from './cases.mjs';
import { exampleSite } from './example-site.mjs';

const run = promisify(execFile);
const denoBin = createRequire(import.meta.url).resolve('deno/bin.cjs');

describe('the core in Deno', () => {
  let site: Awaited<ReturnType<typeof exampleSite>>;
  const byFile = new Map<string, unknown>();

  before(async () => {
    site = await exampleSite();
    for (const { fileName, text } of MANIFEST_CASES) {
      await mkdir(dirname(join(site.dir, fileName)), { recursive: true });
      await writeFile(join(site.dir, fileName), text);
    }
    const { stdout } = await run(
      process.execPath,
      [denoBin, 'run', '--no-prompt', '--allow-read=.', 'deno.ts', ...MANIFEST_CASES.map((testCase) => testCase.fileName)],
      { cwd: site.dir, env: { ...process.env, DENO_DIR: join(site.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } },
    );
    for (const line of stdout.trim().split('\n')) {
      const { file, ...result } = JSON.parse(line);
      byFile.set(file, result);
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
});
