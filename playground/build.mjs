// Builds the playground into dist/: one page, one stylesheet, the app and its worker, all local.
// No CDN, no web fonts: the page works offline and makes no network request of its own.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';

const root = new URL('.', import.meta.url);
const dist = new URL('dist/', root);

// Exports name the tool version as the CLI does: the core's own.
const corePackage = JSON.parse(await readFile(createRequire(import.meta.url).resolve('@jobsentinel/core/package.json'), 'utf8'));

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints: { app: 'src/main.ts', 'audit-worker': 'src/audit-worker.ts' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  define: { __CORE_VERSION__: JSON.stringify(corePackage.version) },
  outdir: 'dist',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) await copyFile(new URL(`src/${file}`, root), new URL(file, dist));
