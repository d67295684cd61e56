// Replaces the compiled src/audit/csv-parse.ts (a re-export from 'd3-dsv') with a copy of the parser it
// names, taken from the workspace's d3-dsv (about 2 KB minified): the published core then loads no
// package at run time and a consumer installs no d3-dsv. Run in packages/core after `tsc -b`.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
// d3-dsv's exports map hides its package.json; its entry point sits in dist/ beside the package root.
const packageDir = join(dirname(require.resolve('d3-dsv')), '..');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

await build({
  entryPoints: ['src/audit/csv-parse.ts'],
  outfile: 'dist/audit/csv-parse.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Readable, as the rest of dist/ is; consumers minify.
  minify: false,
  banner: { js: `// d3-dsv ${manifest.version} (ISC, see d3-dsv.LICENSE).` },
  logLevel: 'warning',
});
copyFileSync(join(packageDir, 'LICENSE'), 'dist/audit/d3-dsv.LICENSE');
// tsc's declaration re-exports from 'd3-dsv', a package the published core does not depend on: the
// vendored copy is declared on its own.
for (const stale of ['csv-parse.d.ts.map', 'csv-parse.js.map']) rmSync(`dist/audit/${stale}`, { force: true });
writeFileSync('dist/audit/csv-parse.d.ts', '/** d3-dsv\'s csvParseRows: the rows of a CSV text, each an array of its fields. */\nexport declare function csvParseRows(text: string): string[][];\n');
