/** Path globs, as `--exclude` and the editor's `jobsentinel.exclude` read them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExcluded, pathGlob } from '../src/index.js';

test('* and ? stay within a name, ** spans folders, {a,b} is either', () => {
  const cases: Array<[string, string, boolean]> = [
    ['charts/**', 'charts/a/b.yaml', true],
    ['charts/*', 'charts/a/b.yaml', false],
    ['charts/*.yaml', 'charts/a.yaml', true],
    ['**/gen/*.yaml', 'deploy/x/gen/a.yaml', true],
    ['**/gen/*.yaml', 'gen/a.yaml', true],
    ['?.yaml', 'ab.yaml', false],
    ['*.{yaml,yml}', 'deep/in/a.yml', true],
    ['*.generated.yaml', 'x/y.generated.yaml', true],
    ['*.generated.yaml', 'x/y.yaml', false],
    ['a.b', 'axb', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(pathGlob(glob).test(path), expected, `${glob} ~ ${path}`);
});

test('a path inside an excluded folder is excluded', () => {
  assert.equal(isExcluded('vendor/x/y.yaml', [pathGlob('vendor')]), true);
  assert.equal(isExcluded('vendors/y.yaml', [pathGlob('vendor')]), false);
});
