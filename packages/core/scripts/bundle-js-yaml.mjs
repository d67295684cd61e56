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
const sourceText = readFileSync(source, 'utf8');

// An unpatched js-yaml (a stale install, a changed version) must not ship silently: the speed is the point.
if (!sourceText.includes('jobsentinel patch')) {
  console.error(`packages/core: ${source} is js-yaml ${manifest.version} without patches/js-yaml@5.5.0.patch; run pnpm install`);
  process.exit(1);
}

/**
 * The top-level `var NAME = …;` statements of js-yaml's single-file build, as line ranges. Its build puts
 * every top-level statement at column 0 and indents everything inside one, so a statement runs from its
 * `var` line to the first line that closes it with `;`. Anything else is refused, so that a new js-yaml
 * whose layout differs fails this build instead of shipping a half-cut parser.
 */
function topLevelVars(lines) {
  const vars = [];
  for (let start = 0; start < lines.length; start++) {
    const name = /^var ([\w$]+) = /.exec(lines[start])?.[1];
    if (name === undefined) continue;
    let end = start;
    while (!(lines[end].endsWith(';') && (end === start || /^[}\])]/.test(lines[end])))) {
      end++;
      if (end === lines.length || /^[A-Za-z]/.test(lines[end])) throw new Error(`${source}:${start + 1}: cannot tell where var ${name} ends`);
    }
    vars.push({ name, start, end });
    start = end;
  }
  return vars;
}

/** js-yaml's source, its top-level `var`s rewritten by `rewrite` (a function of the statement's lines, its name). */
function rewritingVars(rewrite) {
  return {
    name: 'js-yaml-top-level-vars',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/ }, ({ path }) => {
        if (path !== source) throw new Error(`unexpected js-yaml at ${path}`);
        const lines = sourceText.split('\n');
        const out = [];
        let next = 0;
        for (const { name, start, end } of topLevelVars(lines)) {
          out.push(...lines.slice(next, start), ...rewrite(lines.slice(start, end + 1), name));
          next = end + 1;
        }
        out.push(...lines.slice(next));
        return { contents: out.join('\n'), loader: 'js' };
      });
    },
  };
}

const common = {
  entryPoints: ['src/yaml/js-yaml.ts'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Readable, as the rest of dist/ is; consumers minify.
  minify: false,
  logLevel: 'warning',
};

// Only the event parser should ship, but a bundler keeps every top-level `var` whose initializer it
// cannot prove pure (`new RegExp(`…${x}…`)`, object spreads, `Object.keys(…).map(…)`), and with them the
// dumper's options, the schemas and every tag they name: about 40% of the copy, 4.6 KB gzipped.
// js-yaml's top-level initializers only build values (no registration, no global state), so: a first
// build marks each of them pure and lets esbuild find which ones the parser reaches; the shipped build
// then leaves out the others and is otherwise js-yaml's own code.
const probe = await build({
  ...common,
  write: false,
  outfile: 'js-yaml.probe.js',
  plugins: [rewritingVars((lines) => [lines.join('\n').replace(/^(var [\w$]+ = )([\s\S]*);$/, '$1/* @__PURE__ */ (() => ($2))();')])],
});
const reached = new Set(probe.outputFiles[0].text.match(/^var [\w$]+/gm).map((declaration) => declaration.slice(4)));
for (const name of reached) {
  if (!new RegExp(`^var ${name.replace(/\$/g, '\\$')} = `, 'm').test(sourceText)) throw new Error(`the probe build renamed js-yaml's var ${name}; cannot tell what it reaches`);
}

await build({
  ...common,
  outfile: 'dist/yaml/js-yaml.js',
  plugins: [rewritingVars((lines, name) => (reached.has(name) ? lines : [`var ${name};`]))],
  banner: { js: `// js-yaml ${manifest.version} (MIT, see js-yaml.LICENSE), with jobsentinel's parseEvents patch (docs/js-yaml-patch.md in the jobsentinel repository); only the event parser and what it reaches.` },
});
copyFileSync(join(dirname(source), '../LICENSE'), 'dist/yaml/js-yaml.LICENSE');
// The core's public declarations never name js-yaml's types; tsc's declaration of this module would
// name a package the published core no longer depends on.
for (const stale of ['js-yaml.d.ts', 'js-yaml.d.ts.map', 'js-yaml.js.map']) rmSync(`dist/yaml/${stale}`, { force: true });
