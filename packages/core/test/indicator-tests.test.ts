/** Every indicator of the registry has its own test file, `indicators/<id>.test.ts` (ARCHITECTURE.md, "How to add an indicator"). */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { INDICATORS } from '../src/index.js';

const files = readdirSync(new URL('./indicators/', import.meta.url)).filter((name) => name.endsWith('.test.ts'));

test('every indicator in the registry has its test file', () => {
  const missing = INDICATORS.map((indicator) => `${indicator.id}.test.ts`).filter((name) => !files.includes(name));
  assert.deepEqual(missing, [], 'write packages/core/test/indicators/<id>.test.ts with the cases it must catch and those it must leave alone');
});

test('every indicator test file belongs to an indicator of the registry', () => {
  const ids = new Set(INDICATORS.map((indicator) => indicator.id));
  assert.deepEqual(files.filter((name) => !ids.has(name.slice(0, -'.test.ts'.length))), []);
});
