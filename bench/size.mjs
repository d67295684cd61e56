// Bundle sizes of @jobsentinel/core as a consumer would ship it: esbuild, platform neutral, minified,
// its js-yaml included, then gzipped. A page pays for what it imports, so there are two budgets: the
// full core, that is its main entry (52 KB gzipped; the audit-log pipeline, the policy compiler and the
// admission webhook are entries of their own), and an import of only `analyseManifest` (36 KB gzipped,
// tree-shaken through `sideEffects: false`). Needs `pnpm build` first (it bundles packages/core/dist through the package's exports map).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const FULL_CORE_BUDGET_BYTES = 52 * 1024;
export const MANIFEST_ONLY_BUDGET_BYTES = 36 * 1024;

const coreDir = fileURLToPath(new URL('../packages/core/', import.meta.url));

export const ENTRIES = {
  // The main entry: manifests, config, indicators, the manifest formatters (packages/core/README.md, "Entries").
  'full core': "export * from '@jobsentinel/core';",
  'manifest only (analyseManifest)': "export { analyseManifest } from '@jobsentinel/core';",
  'audit logs only (scanAuditLog)': "export { scanAuditLog } from '@jobsentinel/core/audit';",
  'manifests + audit logs': "export { analyseManifest } from '@jobsentinel/core'; export { scanAuditLog } from '@jobsentinel/core/audit';",
  'formatters (text, JSON, SARIF)':
    "export { formatText, formatJson, formatSarif } from '@jobsentinel/core'; export { formatAuditText, formatAuditJson, formatAuditSarif } from '@jobsentinel/core/audit';",
  // Every entry at once: what a host that uses all of them (the CLI) bundles. Reported, not budgeted.
  'all entries together': ['', '/audit', '/policy', '/admission'].map((entry) => `export * from '@jobsentinel/core${entry}';`).join(' '),
};

/** Minified and gzipped size of one entry, and the modules that went into it. */
export async function measure(entry) {
  const result = await build({
    // Resolved from inside the package, so the import goes through its own `exports` map.
    stdin: { contents: entry, resolveDir: coreDir, sourcefile: 'entry.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const [output] = Object.values(result.metafile.outputs);
  // Only modules that left code in the bundle: tree-shaken ones are parsed but contribute nothing.
  const contributing = Object.entries(output.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0);
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    modules: contributing.map(([path]) => path),
    /** Minified bytes per area of the core (its top-level folder under dist/, or the dependency). */
    byArea: contributing.reduce((areas, [path, { bytesInOutput }]) => {
      // The core's build carries its own copy of js-yaml (dist/yaml/js-yaml.js): counted as js-yaml, not as the core's yaml code.
      const area = path.endsWith('dist/yaml/js-yaml.js') ? 'js-yaml' : path.includes('node_modules/') ? path.replace(/.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+).*/, '$1') : path.replace(/.*dist\/([^/]+)\/.*|.*dist\/([^/]+)\.js$/, '$1$2');
      areas[area] = (areas[area] ?? 0) + bytesInOutput;
      return areas;
    }, /** @type {Record<string, number>} */ ({})),
  };
}

export async function measureAll() {
  const sizes = {};
  for (const [name, entry] of Object.entries(ENTRIES)) sizes[name] = await measure(entry);
  return sizes;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureAll();
  for (const [name, { minified, gzipped, modules }] of Object.entries(sizes)) {
    console.log(`${name.padEnd(34)} ${kb(minified).padStart(9)} minified  ${kb(gzipped).padStart(8)} gzipped  (${modules.length} modules)`);
  }
  // By area for both budgeted imports: what a change to one folder costs each of them.
  for (const name of ['full core', 'manifest only (analyseManifest)']) {
    const areas = Object.entries(sizes[name].byArea).sort((a, b) => b[1] - a[1]);
    console.log(`${name} by area (minified): ${areas.map(([area, bytes]) => `${area} ${kb(bytes)}`).join(', ')}`);
  }
  for (const [name, budget] of [['full core', FULL_CORE_BUDGET_BYTES], ['manifest only (analyseManifest)', MANIFEST_ONLY_BUDGET_BYTES]]) {
    const { gzipped } = sizes[name];
    const verdict = gzipped <= budget ? 'within' : `OVER by ${gzipped - budget} bytes`;
    console.log(`${name}: ${gzipped} bytes (${kb(gzipped)}) gzipped, ${verdict} the ${kb(budget)} budget`);
    if (gzipped > budget) process.exitCode = 1;
  }
}
