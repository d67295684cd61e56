// Replaces the compiled src/yaml/js-yaml.ts (a re-export from 'js-yaml') with a copy of the parts of
// js-yaml it names, taken from the workspace's js-yaml, which pnpm patches on install
// (patches/js-yaml@5.5.0.patch; why and by how much: docs/js-yaml-patch.md). The published core then
// carries the parser it is tested with instead of asking npm for a stock js-yaml that parses ~4x slower.
// Run in packages/core after `tsc -b`.
import { build } from 'esbuild';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
const manifest = JSON.parse(readFileSync(require.resolve('js-yaml/package.json'), 'utf8'));
const source = join(dirname(require.resolve('js-yaml/package.json')), 'dist/js-yaml.mjs');

// An unpatched js-yaml (a stale install, a changed version) must not ship silently: the speed is the point.
if (!readFileSync(source, 'utf8').includes('jobsentinel patch')) {
  console.error(`packages/core: ${source} is js-yaml ${manifest.version} without patches/js-yaml@5.5.0.patch; run pnpm install`);
  process.exit(1);
}

await build({
  entryPoints: ['src/yaml/js-yaml.ts'],
  outfile: 'dist/yaml/js-yaml.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Readable, as the rest of dist/ is; consumers minify.
  minify: false,
  banner: { js: `// js-yaml ${manifest.version} (MIT, see js-yaml.LICENSE), with jobsentinel's parseEvents patch (docs/js-yaml-patch.md in the jobsentinel repository).` },
  logLevel: 'warning',
});
copyFileSync(join(dirname(source), '../LICENSE'), 'dist/yaml/js-yaml.LICENSE');
// The core's public declarations never name js-yaml's types; tsc's declaration of this module would
// name a package the published core no longer depends on.
for (const stale of ['js-yaml.d.ts', 'js-yaml.d.ts.map', 'js-yaml.js.map']) rmSync(`dist/yaml/${stale}`, { force: true });
