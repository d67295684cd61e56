// Packages the bundles into jobsentinel-<version>.vsix (no node_modules: everything is in dist/),
// then checks that the archive holds what VS Code needs and nothing it should not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const out = `jobsentinel-${version}.vsix`;
execFileSync(`${root}node_modules/.bin/vsce`, ['package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });

const listing = execFileSync('unzip', ['-Z1', out], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const required = ['extension/package.json', 'extension/dist/extension-node.js', 'extension/dist/extension-web.js', 'extension/dist/server-node.js', 'extension/dist/server-web.js', 'extension/dist/re2.wasm', 'extension/LICENSE.txt', 'extension/readme.md', 'extension/schemas/jobsentinel.schema.json'];
const missing = required.filter((entry) => !listing.some((name) => name.toLowerCase() === entry.toLowerCase()));
const unwanted = listing.filter((name) => name.includes('node_modules/') || name.endsWith('.ts') || name.endsWith('.map'));
if (missing.length > 0 || unwanted.length > 0) {
  console.error(`${out}: missing ${JSON.stringify(missing)}, unwanted ${JSON.stringify(unwanted)}`);
  process.exit(1);
}
console.log(`${out}: ${listing.length} files, no node_modules`);
