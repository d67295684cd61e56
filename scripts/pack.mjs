#!/usr/bin/env node
// `pnpm run pack`: writes tarballs that install with plain npm, each on its own, into artifacts/:
//   jobsentinel-core-<version>.tgz             @jobsentinel/core, as built (it carries its patched js-yaml)
//   jobsentinel-<version>.tgz                  the CLI, one esbuild bundle (core and RE2 engine inside)
//   jobsentinel-language-server-<version>.tgz  the language server, one esbuild bundle, plus its web-worker build
// The workspace's package.json files name siblings with pnpm's `workspace:` protocol, which npm cannot
// install; the CLI and the server are therefore staged in artifacts/.stage/ with a package.json whose
// only dependency is re2-wasm, a public registry package that stays outside the bundles because it
// loads its re2.wasm from its own folder. Needs `pnpm build` first (the root script runs it).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'artifacts');
const stage = join(artifacts, '.stage');
const coreRequire = createRequire(join(root, 'packages/core/package.json'));
/** Registry code the core's build copies into dist/, so a bundle of the core holds it without naming its package. */
const VENDORED_IN_CORE = [
  { name: 'js-yaml', file: 'dist/yaml/js-yaml.js', dir: dirname(coreRequire.resolve('js-yaml/package.json')) },
  // d3-dsv's exports map hides its package.json; its entry point sits in dist/ beside the package root.
  { name: 'd3-dsv', file: 'dist/audit/csv-parse.js', dir: join(dirname(coreRequire.resolve('d3-dsv')), '..') },
];
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const core = readJson(join(root, 'packages/core/package.json'));
const cli = readJson(join(root, 'packages/cli/package.json'));
const server = readJson(join(root, 'server/package.json'));
const re2Engine = readJson(join(root, 'packages/re2-engine/package.json'));
const publicDependencies = { 're2-wasm': re2Engine.dependencies['re2-wasm'] };

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

/** npm's own tarball name for a package: `@scope/name` becomes `scope-name-version.tgz`. */
const tarballName = ({ name, version }) => `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;

function npmPack(dir) {
  execFileSync('npm', ['pack', '--silent', '--pack-destination', artifacts], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A package.json for a staged bundle: what npm needs to install and run it, nothing from the workspace. */
function stagedManifest(source, fields) {
  const { name, version, description, license, keywords, repository } = source;
  return { name, version, description, license, keywords, repository, type: 'module', engines: { node: '>=20' }, ...fields, dependencies: publicDependencies };
}

/** Bundles one Node entry with everything but re2-wasm inside; lazy imports (the RE2 engine) become their own chunk. */
async function bundle(entry, outdir) {
  const result = await build({
    entryPoints: { [entry.name]: entry.path },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(publicDependencies),
    // Bundled CommonJS (vscode-languageserver) calls require() for Node built-ins, which an ES module lacks.
    banner: { js: "import { createRequire as __jobsentinelRequire } from 'node:module'; const require = __jobsentinelRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs);
}

/** The licence of every registry package a bundle holds, which their MIT/ISC/BSD terms ask to travel with copies. */
function writeNotices(inputs, dir) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match && !packages.has(match[2])) packages.set(match[2], join(root, match[1]));
    // The core carries its own copies of js-yaml and d3-dsv (packages/core/scripts/bundle-*.mjs).
    const vendored = VENDORED_IN_CORE.find(({ file }) => input.endsWith(`packages/core/${file}`));
    if (vendored) packages.set(vendored.name, vendored.dir);
  }
  const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, path]) => {
    const manifest = readJson(join(path, 'package.json'));
    const licenseFile = readdirSync(path).find((file) => /^licen[cs]e/i.test(file));
    const text = licenseFile ? readFileSync(join(path, licenseFile), 'utf8').trim() : `License: ${manifest.license}`;
    return `## ${name} ${manifest.version}\n\n${text}\n`;
  });
  writeFileSync(join(dir, 'THIRD-PARTY-NOTICES.md'), `# Third-party software bundled in this package\n\n${sections.join('\n')}`);
  return [...packages.keys()];
}

function writeBin(dir, name, target) {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const path = join(dir, 'bin', `${name}.js`);
  writeFileSync(path, `#!/usr/bin/env node\nimport '${target}';\n`);
  chmodSync(path, 0o755);
}

// The core: its own package.json already installs with npm (its only dependency is kubernetes-types).
if (!existsSync(join(root, 'packages/core/dist/yaml/js-yaml.js')) || readFileSync(join(root, 'packages/core/dist/yaml/js-yaml.js'), 'utf8').match(/^\s*(?:import|export)\b[^;]*\bfrom\s*['"]js-yaml['"]/m)) {
  throw new Error('packages/core/dist holds no bundled js-yaml: run pnpm build');
}
npmPack(join(root, 'packages/core'));

// The CLI. dist/jobsentinel.js sits one folder below package.json, where the CLI reads its version from.
const cliStage = join(stage, 'cli');
mkdirSync(cliStage, { recursive: true });
const cliInputs = await bundle({ name: 'jobsentinel', path: join(root, 'packages/cli/dist/main.js') }, join(cliStage, 'dist'));
writeBin(cliStage, 'jobsentinel', '../dist/jobsentinel.js');
copyFileSync(join(root, 'packages/cli/README.md'), join(cliStage, 'README.md'));
copyFileSync(join(root, 'extension/LICENSE'), join(cliStage, 'LICENSE'));
const cliBundled = writeNotices(cliInputs, cliStage);
writeFileSync(join(cliStage, 'package.json'), JSON.stringify(stagedManifest(cli, { bin: { jobsentinel: './bin/jobsentinel.js' } }), null, 2) + '\n');
npmPack(cliStage);

// The language server: the stdio server for editors, and the web-worker build for browser editors.
const serverStage = join(stage, 'language-server');
mkdirSync(serverStage, { recursive: true });
const serverInputs = await bundle({ name: 'server', path: join(root, 'server/dist/node.js') }, join(serverStage, 'dist'));
copyFileSync(join(root, 'server/dist/browser.js'), join(serverStage, 'dist/browser.js'));
writeBin(serverStage, 'jobsentinel-language-server', '../dist/server.js');
copyFileSync(join(root, 'server/README.md'), join(serverStage, 'README.md'));
copyFileSync(join(root, 'extension/LICENSE'), join(serverStage, 'LICENSE'));
const serverBundled = writeNotices(serverInputs, serverStage);
writeFileSync(
  join(serverStage, 'package.json'),
  JSON.stringify(
    stagedManifest(server, {
      bin: { 'jobsentinel-language-server': './bin/jobsentinel-language-server.js' },
      exports: { './browser.js': './dist/browser.js', './package.json': './package.json' },
    }),
    null,
    2,
  ) + '\n',
);
npmPack(serverStage);

for (const manifest of [core, cli, server]) {
  const file = join(artifacts, tarballName(manifest));
  if (!existsSync(file)) throw new Error(`npm pack did not write ${relative(root, file)}`);
  console.log(`${relative(root, file)}  ${(readFileSync(file).byteLength / 1024).toFixed(0)} KB`);
}
console.log(`bundled into the CLI: ${cliBundled.join(', ') || 'no registry packages'}`);
console.log(`bundled into the language server: ${serverBundled.join(', ') || 'no registry packages'}`);
console.log(`runtime dependency of both: ${Object.entries(publicDependencies).map(([name, range]) => `${name}@${range}`).join(', ')}`);
