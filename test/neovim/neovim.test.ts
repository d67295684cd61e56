import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, SERVER_BIN } from '../lsp/session.js';

const NVIM = process.env.NVIM_BIN ?? 'nvim';
/** The Neovim configuration the README shows, as a file the test loads. */
const CONFIG = fileURLToPath(new URL('jobsentinel-0.7.lua', import.meta.url));

it('the README shows the tested Neovim configuration verbatim', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(readFileSync(CONFIG, 'utf8').trimEnd()), 'README quotes test/neovim/jobsentinel-0.7.lua');
});


it('Neovim 0.7, configured as the README says, attaches the language server and shows its diagnostics and hover', async () => {
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' });
  assert.ok(version.status === 0, `Neovim is required for this test and was not found (${NVIM}): apt-get install -y neovim`);
  const scratch = await mkdtemp(join(tmpdir(), 'jobsentinel-nvim-'));
  try {
    const out = join(scratch, 'report.json');
    const manifest = join(ROOT, 'test/fixtures/editor/reverse-shell-cronjob.yaml');
    const run = spawnSync(NVIM, ['--headless', '--clean', '-n', '-u', fileURLToPath(new URL('init.lua', import.meta.url))], {
      env: {
        ...process.env,
        // As after `npm install -g` of the server's tarball: the configuration finds the server on PATH.
        PATH: `${dirname(SERVER_BIN)}:${process.env.PATH ?? ''}`,
        JOBSENTINEL_NVIM_CONFIG: CONFIG,
        JOBSENTINEL_MANIFEST: manifest,
        JOBSENTINEL_OUT: out,
        // `privileged: true`, 0-based as LSP counts
        JOBSENTINEL_HOVER_LINE: '20',
        JOBSENTINEL_HOVER_COL: '30',
        XDG_STATE_HOME: scratch,
        XDG_CACHE_HOME: scratch,
        XDG_DATA_HOME: scratch,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 0, `nvim failed: ${run.stderr}${run.stdout}`);
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      error?: string;
      hover?: string;
      diagnostics: Array<{ lnum: number; col: number; end_col: number; severity: number; message: string; source: string; code: string }>;
    };
    assert.equal(report.error, undefined, report.error);
    const privileged = report.diagnostics.find((diagnostic) => diagnostic.code === 'privileged-container');
    assert.ok(privileged, `diagnostics in Neovim: ${JSON.stringify(report.diagnostics)}`);
    assert.deepEqual([privileged.lnum, privileged.col, privileged.end_col], [20, 28, 32]);
    assert.equal(privileged.source, 'jobsentinel');
    assert.equal(privileged.severity, 1, 'vim.diagnostic.severity.ERROR');
    const hostNetwork = report.diagnostics.find((diagnostic) => diagnostic.code === 'host-network');
    assert.ok(hostNetwork);
    assert.deepEqual([hostNetwork.lnum, hostNetwork.col, hostNetwork.severity], [11, 23, 2]);
    assert.match(report.hover ?? '', /Privileged container/);
    assert.match(report.hover ?? '', /T1053\.007/);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
