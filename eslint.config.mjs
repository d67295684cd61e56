// Lint rules for the whole workspace. Besides the usual correctness rules, two things matter here:
// promises are never left floating (a dropped rejection in the language server or the extension is a silent
// failure), and the core's layers only import downwards (ARCHITECTURE.md, "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The core's layers, lowest first: a module may import from its own layer and the ones before it. */
const CORE_LAYERS = [
  { name: 'base', files: ['model.ts', 'own.ts', 'errors.ts', 'glob.ts', 'images.ts', 'content-memo.ts', 'util/**', 'text/**', 'patterns/**'] },
  { name: 'yaml', files: ['yaml/**'] },
  { name: 'manifest', files: ['manifest/**'] },
  { name: 'commands', files: ['commands/**'] },
  { name: 'indicators', files: ['indicators/**'] },
  { name: 'config', files: ['config/**', 'suppression.ts'] },
  { name: 'analyse', files: ['analyse.ts', 'fixes.ts', 'policy/**'] },
  { name: 'audit', files: ['audit/**'] },
  { name: 'format', files: ['format/**'] },
  { name: 'admission', files: ['admission/**'] },
];

/**
 * js-yaml is reached through src/yaml/js-yaml.ts only: the build swaps that one module for the patched
 * parser the published core carries, so any other import of 'js-yaml' would ask npm for a package the
 * core does not depend on.
 */
const JS_YAML_DOOR = 'yaml/js-yaml.ts';

/** Import patterns (relative to any file of the core) that reach a layer. */
function importPatternsOf(layer) {
  return layer.files.map((file) => `**/${file.replace(/\.ts$/, '.js').replace(/\/\*\*$/, '/*')}`);
}

const layerRules = CORE_LAYERS.map((layer, index) => {
  const above = CORE_LAYERS.slice(index + 1);
  return {
    files: layer.files.map((file) => `packages/core/src/${file}`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'js-yaml', allowTypeImports: true, message: `import js-yaml through ./yaml/js-yaml.js: the published core carries that module, not the package` }],
          patterns: above.map((upper) => ({
            group: importPatternsOf(upper),
            allowTypeImports: true,
            message: `the ${layer.name} layer must not depend on the ${upper.name} layer above it (ARCHITECTURE.md, "Layers")`,
          })),
        },
      ],
    },
  };
});

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'artifacts/**', 'bench/.data/**', 'test/runtimes/examples/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        // Sources by their package's tsconfig, tests by tsconfig.test.json: each file is typed as it is built.
        project: ['packages/*/tsconfig.json', 'server/tsconfig.json', 'extension/tsconfig.json', 'playground/tsconfig.json', 'tsconfig.test.json', 'extension/tsconfig.test.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test/describe return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off',
      'no-regex-spaces': 'off',
    },
  },
  {
    // Tests read the CLI's and the server's JSON output, which is untyped by nature.
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', globalThis: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly', fetch: 'readonly' } },
  },
  ...layerRules,
  {
    files: [`packages/core/src/${JS_YAML_DOOR}`],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
