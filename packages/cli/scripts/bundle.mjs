// Bundles the compiled CLI (dist/main.js, and the audit worker it starts) into single files. Node spends
// about 0.1 s resolving and linking the ~90 ES modules of the CLI and core one by one; a bundle loads
// in a fraction of that, which is a large share of a short `audit` or `scan` run.
// The bundles sit directly in dist/ so the URLs they resolve against import.meta.url still hold:
// `../package.json` (the version) and `./audit-worker.js` (the worker next to the CLI bundle).
// re2-wasm stays external: it is loaded only for configs with custom patterns.
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url).pathname;
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@jobsentinel/re2-engine'],
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: [`${dist}main.js`], outfile: `${dist}jobsentinel.bundle.js` }),
  build({ ...common, entryPoints: [`${dist}commands/audit-worker.js`], outfile: `${dist}audit-worker.js` }),
]);
