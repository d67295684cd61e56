/** parseText: multi-document YAML and JSON with a source node for every value. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locate, parseText } from '../src/index.js';

const values = (text: string, options = {}) => parseText(text, options).documents.map((document) => document.value);
const at = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('documents', () => {
  it('splits on --- markers, indexes non-empty documents from 0 and keeps their values', () => {
    const parsed = parseText('%YAML 1.2\n---\na: 1\n--- \n---\n# only a comment\n---\nb: [x, y]\n...\n');
    assert.deepEqual(
      parsed.documents.map((document) => [document.index, document.value]),
      [
        [0, { a: 1 }],
        [1, { b: ['x', 'y'] }],
      ],
    );
    assert.deepEqual(parsed.problems, []);
  });

  it('a broken document does not hide the ones around it, and keeps its own line', () => {
    const text = 'a: 1\n---\nb: [\n---\nc: 3\n';
    const parsed = parseText(text);
    assert.deepEqual(parsed.documents.map((document) => document.value), [{ a: 1 }, { c: 3 }]);
    assert.equal(parsed.problems.length, 1);
    assert.equal(parsed.lines.position(parsed.problems[0].span.start).line, 3);
  });

  it('directives after a ... end marker belong to the next document', () => {
    const parsed = parseText('%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n# the second one\n%TAG !k! tag:example.com,2024:\n---\nb: !k!x 2\n');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.documents.map((document) => document.value), [{ a: 1 }, { b: '2' }]);
  });

  it('a --- inside an indented block scalar is text, not a marker', () => {
    assert.deepEqual(values('script: |\n  echo a\n  ---\n  echo b\n'), [{ script: 'echo a\n---\necho b\n' }]);
  });

  it('reads JSON, a minified one included', () => {
    assert.deepEqual(values('{"kind":"Job","spec":{"parallelism":2,"suspend":false,"x":null,"list":[1,"2"]}}'), [
      { kind: 'Job', spec: { parallelism: 2, suspend: false, x: null, list: [1, '2'] } },
    ]);
  });
});

describe('scalars', () => {
  it('YAML 1.2 by default: yes/no/on/off are words (a config file says severity: off)', () => {
    assert.deepEqual(values('a: yes\nb: off\nc: true\nd: ~\ne: 0x1F\nf: 1e3\ng: .inf\nh: "true"\ni: !!str 12\nj: 012\n'), [
      { a: 'yes', b: 'off', c: true, d: null, e: 31, f: 1000, g: Infinity, h: 'true', i: '12', j: 12 },
    ]);
  });

  it('as Kubernetes reads manifests (YAML 1.1 booleans), quoted values staying strings', () => {
    assert.deepEqual(values('a: yes\nb: Off\nc: y\nd: "yes"\ne: on\nf: NO\n', { kubernetesScalars: true }), [
      { a: true, b: false, c: true, d: 'yes', e: true, f: false },
    ]);
  });

  it('a __proto__ key is data, not a prototype change', () => {
    const [value] = values('__proto__: {privileged: true}\n') as [Record<string, unknown>];
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).privileged, undefined);
  });

  it('records every scalar span in source order, without overlaps', () => {
    const text = 'a: "x # not a comment"\nb: |\n  # nor this\nc: [d, \'e\']\n';
    const spans = parseText(text).scalarSpans;
    assert.deepEqual(spans.map((span) => at(text, span)), ['a', 'x # not a comment', 'b', '# nor this', 'c', 'd', 'e']);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1].end <= spans[i].start);
  });
});

describe('aliases and merge keys', () => {
  it('an alias shares its anchor\'s value', () => {
    assert.deepEqual(values('base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n'), [{ base: { x: 1 }, use: { x: 1 }, list: [{ x: 1 }, { x: 1 }] }]);
  });

  it('a merge key fills in missing keys only, whatever the order; the first of several sources wins', () => {
    const [value] = values('a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  x: 0\n  <<: [*a, *b]\n');
    assert.deepEqual((value as Record<string, unknown>).c, { x: 0, y: 1, z: 2 });
  });

  it('an anchor defined again applies from there on', () => {
    assert.deepEqual(values('a: &n 1\nb: *n\nc: &n 2\nd: *n\n'), [{ a: 1, b: 1, c: 2, d: 2 }]);
  });

  it('anchors do not cross documents', () => {
    const parsed = parseText('a: &n 1\n---\nb: *n\n');
    assert.deepEqual(parsed.documents.map((document) => document.value), [{ a: 1 }]);
    assert.match(parsed.problems[0].message, /unknown alias \*n/);
  });
});

describe('source nodes', () => {
  const text = 'metadata:\n  annotations:\n    jobsentinel.io/ignore: "host-pid"\nspec:\n  containers:\n    - name: c\n      args: [a, b]\n';
  const root = parseText(text).documents[0].root;

  it('locate follows a JSON pointer, ~1 standing for / in a key', () => {
    const node = locate(root, '/metadata/annotations/jobsentinel.io~1ignore');
    assert.equal(at(text, node.span), 'host-pid');
    assert.equal(at(text, node.keySpan!), 'jobsentinel.io/ignore');
  });

  it('collections span from their first to their last character; list items have no key', () => {
    assert.equal(at(text, locate(root, '/spec/containers/0/args').span), '[a, b]');
    const item = locate(root, '/spec/containers/0');
    assert.equal(at(text, item.span), 'name: c\n      args: [a, b]');
    assert.equal(item.keySpan, undefined);
  });

  it('a pointer past the end stops at the deepest node that exists', () => {
    assert.equal(at(text, locate(root, '/spec/containers/0/args/7').span), '[a, b]');
    assert.equal(locate(root, '/nothing/here'), root);
  });
});
