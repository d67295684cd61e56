// Benchmark: the core as a user installs it (the tarball of `pnpm run pack`, unpacked into a fresh
// node_modules, with the js-yaml copy it carries) against the workspace's core, on the manifest bench's
// 5,000-line file. Goal: the installed core within 1.3x of the workspace's (it ships the same patched
// parser, so the ratio should sit near 1). Rounds alternate between the two so load on the machine
// falls on both alike. Needs `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as workspace from '../packages/core/dist/index.js';
import { generateManifests } from './lib/manifest-corpus.mjs';
import { ms, percentile, timeRuns } from './lib/stats.mjs';

const GOAL = 1.3;
const ROUNDS = 7;
const coreDir = new URL('../packages/core/', import.meta.url).pathname;

const project = mkdtempSync(join(tmpdir(), 'jobsentinel-installed-core-'));
try {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: coreDir, stdio: ['ignore', 'ignore', 'inherit'] });
  const [tarball] = readdirSync(project).filter((name) => name.endsWith('.tgz'));
  execFileSync('tar', ['-xzf', tarball], { cwd: project });
  mkdirSync(join(project, 'node_modules/@jobsentinel'), { recursive: true });
  renameSync(join(project, 'package'), join(project, 'node_modules/@jobsentinel/core'));
  // The core has no runtime dependency (kubernetes-types is declarations only), so this is all npm would add.
  const installed = await import(pathToFileURL(join(project, 'node_modules/@jobsentinel/core/dist/index.js')).href);

  const text = generateManifests(5000);
  const same = JSON.stringify(installed.analyseManifest(text, 'm.yaml').findings) === JSON.stringify(workspace.analyseManifest(text, 'm.yaml').findings);
  const medians = { workspace: [], installed: [] };
  const ratios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const time = (core) => percentile(timeRuns(() => core.analyseManifest(text, 'm.yaml'), { warmup: 5, runs: 15 }).cpu, 50);
    const a = time(workspace);
    const b = time(installed);
    medians.workspace.push(a);
    medians.installed.push(b);
    ratios.push(b / a);
  }
  const sorted = (values) => [...values].sort((x, y) => x - y);
  const ratio = percentile(sorted(ratios), 50);
  console.log(
    `analyseManifest CPU time, median of ${ROUNDS} rounds: workspace ${ms(percentile(sorted(medians.workspace), 50))}, ` +
      `installed tarball ${ms(percentile(sorted(medians.installed), 50))}; ratio ${ratio.toFixed(2)}x ` +
      `(range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; goal ≤ ${GOAL}x: ${ratio <= GOAL ? 'met' : 'NOT met'}); ` +
      `same findings: ${same ? 'yes' : 'NO'}`,
  );
  if (!same || ratio > GOAL) process.exitCode = 1;
} finally {
  rmSync(project, { recursive: true, force: true });
}
