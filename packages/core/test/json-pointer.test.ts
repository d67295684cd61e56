import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeSegment, joinPointer, nodeAt, locate, parseText, pointerSegments, unescapeSegment } from '../src/index.js';

test('joinPointer escapes ~ and / in a segment, and pointerSegments reads them back', () => {
  const pointer = joinPointer('/metadata/annotations', 'jobsentinel.io/ignore', 'a~b', 0);
  assert.equal(pointer, '/metadata/annotations/jobsentinel.io~1ignore/a~0b/0');
  assert.deepEqual(pointerSegments(pointer), ['metadata', 'annotations', 'jobsentinel.io/ignore', 'a~b', '0']);
  assert.deepEqual(pointerSegments(''), []);
});

test('unescaping reads ~01 as ~1, not as /', () => {
  assert.equal(unescapeSegment('~01'), '~1');
  assert.equal(escapeSegment('~1'), '~01');
  assert.deepEqual(pointerSegments('/~01'), ['~1']);
});

test('nodeAt finds the exact node or nothing, where locate stops at the deepest one on the way', () => {
  const text = 'metadata:\n  name: x\n  annotations:\n    a/b: "1"\nlist: [a, b]\n';
  const root = parseText(text).documents[0]!.root;
  const at = (pointer: string) => {
    const node = nodeAt(root, pointer);
    return node && text.slice(node.span.start, node.span.end);
  };
  assert.equal(at('/metadata/name'), 'x');
  assert.equal(at('/metadata/annotations/a~1b'), '1');
  assert.equal(at('/list/1'), 'b');
  assert.equal(at('/metadata/missing'), undefined);
  assert.equal(at('/list/__proto__'), undefined);
  const deepest = locate(root, '/metadata/missing');
  assert.equal(text.slice(deepest.span.start, deepest.span.end).startsWith('name: x'), true);
});
