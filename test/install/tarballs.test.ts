// The tarballs of `pnpm run pack`, installed as a user outside the repository would: plain npm, each
// package alone, into an empty prefix, then run with nothing but Node on PATH (no pnpm, no workspace).
// Registry dependencies (re2-wasm, kubernetes-types) come from the npm registry.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession, ROOT } from '../lsp/session.ts';

const ARTIFACTS = join(ROOT, 'artifacts');
const version = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')).version as string;
const TARBALLS = {
  core: join(ARTIFACTS, `jobsentinel-core-${version('packages/core/package.json')}.tgz`),
  cli: join(ARTIFACTS, `jobsentinel-${version('packages/cli/package.json')}.tgz`),
  server: join(ARTIFACTS, `jobsentinel-language-server-${version('server/package.json')}.tgz`),
};
/** Only Node itself on PATH: an installed binary that needed pnpm or a workspace tool would fail. */
const bareEnv = (prefix: string) => ({ PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}`, HOME: prefix });

const CUSTOM_PATTERN_CONFIG = 'custom:\n  patterns:\n    - id: known-c2\n      pattern: "198\\\\.51\\\\.100\\\\.23"\n      severity: error\n      description: Known C2 address\n';
const REVERSE_SHELL = readFileSync(join(ROOT, 'samples/reverse-shell-cronjob.yaml'), 'utf8');

let scratch: string;

function npmInstall(prefix: string, tarball: string, global: boolean): void {
  mkdirSync(prefix, { recursive: true });
  const args = ['install', ...(global ? ['--global'] : []), '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball];
  const result = spawnSync('npm', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `npm ${args.join(' ')}\n${result.stdout}${result.stderr}`);
}

/** Every package npm placed under a node_modules folder (scoped ones as @scope/name). */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name]))
    .sort();
}

before(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/pack.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  scratch = mkdtempSync(join(tmpdir(), 'jobsentinel-install-'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('pnpm run pack writes the three tarballs, none naming a workspace: dependency', () => {
  for (const [name, tarball] of Object.entries(TARBALLS)) {
    assert.ok(existsSync(tarball), `${name}: ${tarball}`);
    const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    assert.doesNotMatch(manifest, /workspace:/, `${name}'s package.json`);
    const dependencies = Object.keys(JSON.parse(manifest).dependencies ?? {});
    assert.deepEqual(dependencies, name === 'core' ? ['kubernetes-types'] : ['re2-wasm'], `${name} depends only on public registry packages`);
  }
});

test('the README\'s "Use it" installs exactly the tarballs pnpm run pack writes', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const [name, tarball] of Object.entries(TARBALLS)) {
    const global = name === 'core' ? '' : '-g ';
    assert.ok(readme.includes(`npm install ${global}./artifacts/${basename(tarball)}`), `README installs ${basename(tarball)}`);
  }
});

test('the CLI installs alone with npm install -g and scans, custom patterns on re2-wasm included', () => {
  const prefix = join(scratch, 'cli');
  npmInstall(prefix, TARBALLS.cli, true);
  const packageDir = join(prefix, 'lib/node_modules/jobsentinel');
  assert.deepEqual(installedPackages(join(packageDir, 'node_modules')), ['re2-wasm']);
  const work = join(scratch, 'cli-work');
  mkdirSync(work);
  writeFileSync(join(work, 'cronjob.yaml'), REVERSE_SHELL);
  writeFileSync(join(work, '.jobsentinel.yaml'), CUSTOM_PATTERN_CONFIG);
  const scan = spawnSync('jobsentinel', ['scan', '--format', 'json', '.'], { cwd: work, env: bareEnv(prefix), encoding: 'utf8' });
  assert.equal(scan.status, 1, scan.stderr);
  const indicators = new Set((JSON.parse(scan.stdout).findings as { indicator: string }[]).map((finding) => finding.indicator));
  assert.ok(indicators.has('shell-escape'), [...indicators].join());
  assert.ok(indicators.has('known-c2'), `the custom pattern ran on re2-wasm: ${[...indicators].join()}`);
  const versionRun = spawnSync('jobsentinel', ['--version'], { env: bareEnv(prefix), encoding: 'utf8' });
  assert.equal(versionRun.stdout.trim(), version('packages/cli/package.json'));
});

test('the language server installs alone with npm install -g and answers an editor over stdio', async () => {
  const prefix = join(scratch, 'server');
  npmInstall(prefix, TARBALLS.server, true);
  assert.deepEqual(installedPackages(join(prefix, 'lib/node_modules/@jobsentinel/language-server/node_modules')), ['re2-wasm']);
  const folder = join(scratch, 'server-work');
  mkdirSync(folder);
  writeFileSync(join(folder, '.jobsentinel.yaml'), CUSTOM_PATTERN_CONFIG);
  const session = await LspSession.start({ serverBin: join(prefix, 'bin/jobsentinel-language-server'), env: bareEnv(prefix), workspaceFolder: folder });
  try {
    const uri = pathToFileURL(join(folder, 'cronjob.yaml')).href;
    await session.open(uri, REVERSE_SHELL);
    const { diagnostics } = await session.diagnosticsFor(uri);
    const codes = new Set(diagnostics.map((diagnostic) => diagnostic.code));
    assert.ok(codes.has('shell-escape'), [...codes].join());
    assert.ok(codes.has('known-c2'), `the custom pattern ran: ${[...codes].join()}`);
    assert.deepEqual(session.logs.filter((line) => /re2-wasm unavailable|Error/.test(line)), []);
  } finally {
    await session.stop();
  }
});

test('the core installs alone with npm, without js-yaml, and analyses with the patched parser it carries', () => {
  const project = join(scratch, 'core');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npmInstall(project, TARBALLS.core, false);
  assert.deepEqual(installedPackages(join(project, 'node_modules')), ['@jobsentinel/core', 'kubernetes-types']);
  const parser = readFileSync(join(project, 'node_modules/@jobsentinel/core/dist/yaml/js-yaml.js'), 'utf8');
  assert.match(parser, /filename: settings\.filename,\s*maxDepth: settings\.maxDepth,/, 'the parser state is the patched plain literal');
  const script = "const { analyseManifest } = await import('@jobsentinel/core'); const { findings } = analyseManifest(process.argv[1], 'cronjob.yaml'); console.log(JSON.stringify([...new Set(findings.map((f) => f.indicator))].sort()));";
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, REVERSE_SHELL], { cwd: project, env: bareEnv(project), encoding: 'utf8' });
  assert.ok(JSON.parse(output).includes('shell-escape'), output);
});
