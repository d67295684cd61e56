// Builds the playground into dist/: one page, one stylesheet, the app and its worker, all local.
// No CDN, no web fonts: the page works offline and makes no network request of its own.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const root = new URL('.', import.meta.url);
const dist = new URL('dist/', root);

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
  outdir: 'dist',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) await copyFile(new URL(`src/${file}`, root), new URL(file, dist));
