import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { FORMATS } from '../../core/test/fixtures/audit/canonical.ts';
import { runJson, workspace } from './helpers.ts';

const KUBE = FORMATS['kube-apiserver JSON lines (v1)']();
/** Many rounds of the sample, so the last records sit far past zlib's first output buffers. */
const LOG = Array.from({ length: 40 }, (_, round) => KUBE.replaceAll('"a-', `"r${round}-`)).join('');
const ALL = 6 * 40;

describe('gzip as gzip -d reads it', () => {
  const half = LOG.length / 2;
  const cut = LOG.lastIndexOf('\n', half) + 1;
  const members = Buffer.concat([gzipSync(LOG.slice(0, cut)), gzipSync(LOG.slice(cut))]);

  test('bytes after the gzip data: every record before them is read, and the trailing bytes are reported (file and stdin)', () => {
    const dir = workspace({ 'audit.log.gz': Buffer.concat([gzipSync(LOG), Buffer.from('not gzip\n')]) });
    for (const args of [['audit', 'audit.log.gz'], ['audit', '-']]) {
      const input = args[1] === '-' ? readFileSync(`${dir}/audit.log.gz`) : undefined;
      const { status, json } = runJson(args, { cwd: dir, input });
      assert.equal(json.summary.matches, ALL, args.join(' '));
      assert.equal(status, 2);
      assert.match(json.errors.map((error: { message: string }) => error.message).join('\n'), /9 bytes after the end of the gzip data \(from byte \d+\) are not gzip/);
    }
  });

  test('several gzip members (cat a.gz b.gz) are one log; zero padding after them is no problem', () => {
    const dir = workspace({ 'joined.log.gz': members, 'padded.log.gz': Buffer.concat([members, Buffer.alloc(512)]) });
    for (const file of ['joined.log.gz', 'padded.log.gz']) {
      const { status, json } = runJson(['audit', file], { cwd: dir });
      assert.equal(json.summary.matches, ALL, file);
      assert.deepEqual(json.errors, [], file);
      assert.equal(status, 1);
    }
    assert.equal(runJson(['audit', '-'], { cwd: dir, input: members }).json.summary.matches, ALL);
  });

  test('a file name and comment in the gzip header (gzip -N, gzip --comment) are stepped over', () => {
    const body = gzipSync(LOG);
    // FNAME and FCOMMENT set, each a zero-terminated string after the 10-byte header.
    const named = Buffer.concat([body.subarray(0, 3), Buffer.from([body[3] | 8 | 16]), body.subarray(4, 10), Buffer.from('audit.log\0rotated\0'), body.subarray(10)]);
    const dir = workspace({ 'named.log.gz': named });
    const { json } = runJson(['audit', 'named.log.gz'], { cwd: dir });
    assert.equal(json.summary.matches, ALL);
    assert.deepEqual(json.errors, []);
  });
});
