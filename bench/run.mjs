// `pnpm bench`: runs each benchmark section that exists, in order, each in its own Node process so
// one section's JIT state and heap do not colour the next. Absent sections are noted, not errors.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const SECTIONS = [
  ['manifests', 'manifests.mjs', 'core analysis of a 5,000-line manifest file; scan vs ripgrep'],
  ['installed core', 'installed-core.mjs', 'the core from its tarball vs the workspace core (goal ≤ 1.3x)'],
  ['js-yaml patch', 'js-yaml-patch.mjs', 'parseEvents, stock js-yaml 5.5.0 vs the patched copy the core ships'],
  ['patterns', 'patterns.mjs', 'custom pattern engines'],
  ['audit', 'audit.mjs', 'audit-log scanning'],
  ['audit-matches', 'audit-matches.mjs', 'audit-log memory with 40,000 matches, every format and mode'],
  ['audit exports', 'audit-exports.mjs', 'each export format (docs/audit-formats.md), a gzipped S3 export task, 1 GiB of blank lines vs zcat | wc -l'],
  ['lsp', 'lsp.mjs', 'language server'],
  ['serve', 'serve.mjs', 'jobsentinel serve: AdmissionReview latency at c=16 vs an HTTPS echo floor and the analysis alone, audit batches, RSS, load average'],
  ['size', 'size.mjs', 'bundle sizes'],
];

const failed = [];
for (const [name, script, about] of SECTIONS) {
  const path = new URL(script, import.meta.url).pathname;
  console.log(`\n== ${name}: ${about}`);
  if (!existsSync(path)) {
    console.log(`(bench/${script} not present, skipped)`);
    continue;
  }
  const result = spawnSync(process.execPath, [path], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nbenchmark sections failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
