// Bundles the web-worker entry (service, core and vscode-languageserver/browser) into one file that
// a browser editor can start with `new Worker(url)`.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../src/browser.ts', import.meta.url).pathname],
  outfile: new URL('../dist/browser.js', import.meta.url).pathname,
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
