import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressBar, PROGRESS_MIN_BYTES } from '../src/commands/audit-input.ts';

test('the audit progress bar redraws one line in place with percent, sizes and rate, and clears itself', async () => {
  const written: string[] = [];
  const bar = new ProgressBar({ isTTY: true, write: (text) => written.push(text) }, 300e6, 'audit.log');
  bar.update(150e6);
  bar.update(160e6);
  assert.equal(written.length, 1, 'redraws are throttled');
  assert.match(written[0], /^\r\[#{15}\.{15}\]  50%  150\/300 MB  \d+ MB\/s  audit\.log$/);
  await new Promise((resolve) => setTimeout(resolve, 120));
  bar.update(300e6);
  assert.match(written[1], /\[#{30}\] 100%  300\/300 MB/);
  bar.clear();
  assert.equal(written.at(-1), '\r\u001b[2K');
  assert.ok(PROGRESS_MIN_BYTES >= 8 << 20);
});

test('a bar that never drew leaves nothing to clear', () => {
  const written: string[] = [];
  new ProgressBar({ isTTY: true, write: (text) => written.push(text) }, 1e9, 'x').clear();
  assert.deepEqual(written, []);
});
