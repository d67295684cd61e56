import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { INDICATORS, docsUrl } from '../src/index.js';
import { README_TABLE_END, README_TABLE_START, renderIndicatorDocs, withReadmeTable } from '../../../scripts/indicator-docs.mjs';

const docs = readFileSync(new URL('../../../docs/indicators.md', import.meta.url), 'utf8');

test('docs/indicators.md is generated from the current indicator modules', () => {
  assert.equal(docs, renderIndicatorDocs(INDICATORS), 'run: pnpm build && node scripts/indicator-docs.mjs --write');
});

test('the README\'s indicator table is generated from the current indicator modules', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(README_TABLE_START) && readme.includes(README_TABLE_END), 'README.md keeps the markers of its generated table');
  assert.equal(readme, withReadmeTable(readme, INDICATORS), 'run: pnpm docs');
});

test('a stale README table is noticed: the generated block is replaced, the rest kept', () => {
  const stale = `intro\n${README_TABLE_START}\n| id |\n|---|\n| \`gone\` |\n${README_TABLE_END}\n\nafter\n`;
  const fresh = withReadmeTable(stale, INDICATORS);
  assert.notEqual(fresh, stale);
  assert.ok(fresh.startsWith(`intro\n${README_TABLE_START}\n| id | what it flags | default severity |\n`));
  assert.ok(fresh.endsWith(`${README_TABLE_END}\n\nafter\n`));
  for (const indicator of INDICATORS) assert.ok(fresh.includes(`| [\`${indicator.id}\`](docs/indicators.md#${indicator.id}) |`), indicator.id);
  assert.throws(() => withReadmeTable('no markers', INDICATORS), /lacks the lines/);
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
    for (const field of ['title', 'summary', 'description', 'remediation', 'falsePositives'] as const) {
      assert.ok(indicator[field].length > 20 || field === 'title' || field === 'summary', `${indicator.id} lacks ${field}`);
      assert.ok(indicator[field].length > 0, `${indicator.id} lacks ${field}`);
    }
    assert.match(indicator.attack.technique, /^T\d{4}(\.\d{3})?$/);
    assert.equal(indicator.attack.url, `https://attack.mitre.org/techniques/${indicator.attack.technique.replace('.', '/')}/`);
  }
  assert.equal(INDICATORS.filter((indicator) => indicator.profile === 'seed').length, 6, 'the six seed clauses');
});
