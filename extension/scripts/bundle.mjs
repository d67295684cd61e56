// Bundles the extension and its language server for VS Code desktop (Node) and VS Code for the web
// (browser), so the .vsix needs no node_modules.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const common = { bundle: true, sourcemap: true, minify: true, target: 'es2022', logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({ ...common, entryPoints: ['src/node/extension.ts'], outfile: 'dist/extension-node.js', platform: 'node', format: 'cjs', external: ['vscode'] }),
  build({
    ...common,
    entryPoints: ['src/web/extension.ts'],
    outfile: 'dist/extension-web.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    // vscode-languageclient/browser reaches for `process` in a few places.
    define: { 'process.env.NODE_ENV': '"production"' },
  }),
  build({ ...common, entryPoints: [require.resolve('@jobsentinel/language-server/node.js')], outfile: 'dist/server-node.js', platform: 'node', format: 'cjs' }),
  build({ ...common, entryPoints: [require.resolve('@jobsentinel/language-server/browser.js')], outfile: 'dist/server-web.js', platform: 'browser', format: 'iife' }),
]);

// The Node server runs custom patterns on re2-wasm, which loads re2.wasm from beside the bundle.
const serverDir = dirname(require.resolve('@jobsentinel/language-server/package.json'));
const fromEngine = createRequire(join(serverDir, 'node_modules/@jobsentinel/re2-engine/package.json'));
await mkdir(join(root, 'dist'), { recursive: true });
await copyFile(join(dirname(fromEngine.resolve('re2-wasm/package.json')), 'build/wasm/re2.wasm'), join(root, 'dist/re2.wasm'));
