// Benchmark: js-yaml's parseEvents, stock 5.5.0 against the patched copy the core ships
// (patches/js-yaml@5.5.0.patch, explained in docs/js-yaml-patch.md), on a ~2.8 MB manifest corpus.
// Stock is rebuilt from the patched file by reversing the patch, so both come from the same install.
// Also checks that the two produce identical events. Rounds alternate between the two.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateManifests } from './lib/manifest-corpus.mjs';
import { ms, percentile, timeRuns } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 5;
const patchedFile = join(dirname(createRequire(join(root, 'packages/core/package.json')).resolve('js-yaml/package.json')), 'dist/js-yaml.mjs');

const work = mkdtempSync(join(tmpdir(), 'js-yaml-stock-'));
try {
  mkdirSync(join(work, 'dist'));
  copyFileSync(patchedFile, join(work, 'dist/js-yaml.mjs'));
  // git apply works outside a repository, like patch(1); only the ES module build is timed.
  execFileSync('git', ['apply', '--reverse', '--include=dist/js-yaml.mjs', join(root, 'patches/js-yaml@5.5.0.patch')], { cwd: work });
  const stock = await import(pathToFileURL(join(work, 'dist/js-yaml.mjs')).href);
  const patched = await import(pathToFileURL(patchedFile).href);

  const one = generateManifests(5000).trimEnd();
  const copies = Math.max(1, Math.round(2.8e6 / one.length));
  const corpus = Array(copies).fill(one).join('\n---\n') + '\n';
  // jobsentinel parses each `---` section on its own (one bad document must not hide the others), so
  // parseEvents runs once per document; the whole corpus in one call is timed too.
  const documents = corpus.split('\n---\n');
  const ways = {
    'one call per document': (yaml) => {
      for (const document of documents) yaml.parseEvents(document, {});
    },
    'the whole corpus in one call': (yaml) => yaml.parseEvents(corpus, {}),
  };
  const events = patched.parseEvents(corpus, {});
  const identical =
    JSON.stringify(stock.parseEvents(corpus, {})) === JSON.stringify(events) &&
    documents.every((document) => JSON.stringify(stock.parseEvents(document, {})) === JSON.stringify(patched.parseEvents(document, {})));
  console.log(`corpus: ${(corpus.length / 1e6).toFixed(2)} MB, ${documents.length} manifests, ${events.length} events; identical events, stock and patched: ${identical ? 'yes' : 'NO'}`);
  const summary = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { median: percentile(sorted, 50), min: sorted[0], max: sorted.at(-1) };
  };
  for (const [way, run] of Object.entries(ways)) {
    const times = { stock: [], patched: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, yaml] of [['stock', stock], ['patched', patched]]) {
        times[name].push(...timeRuns(() => run(yaml), { warmup: 2, runs: 4 }).cpu);
      }
    }
    const s = summary(times.stock);
    const p = summary(times.patched);
    console.log(`parseEvents CPU time, ${way}: stock ${ms(s.median)} (${ms(s.min)}–${ms(s.max)}), patched ${ms(p.median)} (${ms(p.min)}–${ms(p.max)}); ${(s.median / p.median).toFixed(1)}x faster`);
  }
  if (!identical) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
