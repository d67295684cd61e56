// Bundles the compiled CLI (dist/main.js) into a single file. Node spends
// about 0.1 s resolving and linking the ~90 ES modules of the CLI and core one by one; a bundle loads
// in a fraction of that, which is a large share of a short `audit` or `scan` run.
// The bundle sits directly in dist/ so `../package.json` (the version), resolved against import.meta.url, still holds.
// re2-wasm stays external: it is loaded only for configs with custom patterns.
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
await build({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@jobsentinel/re2-engine'],
  logLevel: 'warning',
  entryPoints: [`${dist}main.js`],
  outfile: `${dist}jobsentinel.bundle.js`,
});
