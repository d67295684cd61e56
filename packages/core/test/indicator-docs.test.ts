import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { INDICATORS, docsUrl } from '../src/index.js';
import { renderIndicatorDocs } from '../../../scripts/indicator-docs.mjs';

const docs = readFileSync(new URL('../../../docs/indicators.md', import.meta.url), 'utf8');

test('docs/indicators.md is generated from the current indicator modules', () => {
  assert.equal(docs, renderIndicatorDocs(INDICATORS), 'run: pnpm build && node scripts/indicator-docs.mjs --write');
});

test('every indicator documentation link lands on a heading of docs/indicators.md', () => {
  for (const indicator of INDICATORS) {
    const anchor = new URL(docsUrl(indicator.id)).hash.slice(1);
    assert.ok(docs.includes(`\n## ${anchor}\n`), `no heading for ${indicator.id}`);
  }
});

test('every indicator carries the data a user needs beside its check', () => {
  const ids = new Set<string>();
  for (const indicator of INDICATORS) {
    assert.match(indicator.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(!ids.has(indicator.id), `duplicate id ${indicator.id}`);
    ids.add(indicator.id);
    for (const field of ['title', 'description', 'remediation', 'falsePositives'] as const) {
      assert.ok(indicator[field].length > 20 || field === 'title', `${indicator.id} lacks ${field}`);
    }
    assert.match(indicator.attack.technique, /^T\d{4}(\.\d{3})?$/);
    assert.equal(indicator.attack.url, `https://attack.mitre.org/techniques/${indicator.attack.technique.replace('.', '/')}/`);
  }
  assert.equal(INDICATORS.filter((indicator) => indicator.profile === 'seed').length, 6, 'the six seed clauses');
});
