// gzip in hosts without Node's zlib (browsers, workers, VS Code for the web): read member by member as
// `gzip -d` does. DecompressionStream, used before, stops at the first member in browsers and, on bytes
// after the end, fails and drops the output of the write that held them: the last records were lost.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { cronJobObject } from './fixtures/audit/canonical.ts';
import { encode, scan } from './fixtures/audit/canonical.ts';
import { REVERSE_SHELL } from './fixtures/audit/events.ts';

/** A log of `count` job writes, each a match (a reverse shell), audit IDs `prefix-0`, `prefix-1`, … */
function log(prefix: string, count: number): Uint8Array {
  const lines = Array.from({ length: count }, (_, index) =>
    JSON.stringify({
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: `${prefix}-${index}`, stage: 'ResponseComplete', verb: 'create',
      user: { username: 'mallory' }, objectRef: { resource: 'cronjobs', namespace: 'ci', name: `job-${index}`, apiGroup: 'batch' }, responseStatus: { code: 201 },
      requestObject: cronJobObject(`job-${index}`, 'ci', REVERSE_SHELL), stageTimestamp: '2026-03-02T10:00:00Z',
    }),
  );
  return encode(lines.join('\n') + '\n');
}
const gz = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));
const cat = (...parts: Uint8Array[]) => {
  const joined = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
};
const ids = (matches: Array<{ auditID: string | null }>) => matches.map((match) => match.auditID);

describe('gzip read member by member, in plain JavaScript', () => {
  test('cat a.gz b.gz is one log: every record of both members', async () => {
    const { matches, problems } = await scan(cat(gz(log('a', 300)), gz(log('b', 300))), {}, [65536]);
    assert.deepEqual(problems, []);
    assert.equal(matches.length, 600);
    assert.equal(ids(matches).at(-1), 'b-299');
  });

  test('bytes after the last member: every record before them is read, the bytes are reported with their count and offset', async () => {
    const data = gz(log('a', 2000));
    const { matches, problems } = await scan(cat(data, encode('GARBAGE: not gzip\n')), {}, [65536]);
    assert.equal(matches.length, 2000, 'the records of the last output buffer are not lost');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[0].message, new RegExp(`^18 bytes after the end of the gzip data \\(from byte ${data.length}\\) are not gzip`));
  });

  test('zero padding after the last member is ignored, as gzip -d ignores it', async () => {
    const { matches, problems } = await scan(cat(gz(log('a', 50)), new Uint8Array(4096)), {}, [1000]);
    assert.deepEqual(problems, []);
    assert.equal(matches.length, 50);
  });

  test('a header with a file name, a comment and extra data (as gzip and other tools write it); chunks of any size', async () => {
    const plain = gz(log('n', 40));
    const name = encode('audit.log\0');
    const comment = encode('rotated\0');
    const extra = new Uint8Array([4, 0, 0x41, 0x42, 0x43, 0x44]);
    const header = plain.slice(0, 10);
    header[3] = 4 | 8 | 16;
    const named = cat(header, extra, name, comment, plain.subarray(10));
    for (const sizes of [[1], [3, 7, 11], [1 << 20]]) {
      const { matches, problems } = await scan(named, {}, sizes);
      assert.deepEqual(problems, [], String(sizes));
      assert.equal(matches.length, 40, String(sizes));
    }
  });

  test('a cut-off member: the records before the cut are kept, the cut is reported', async () => {
    const data = gz(log('t', 500));
    const { matches, problems } = await scan(data.subarray(0, Math.floor(data.length * 0.6)), {}, [8192]);
    assert.ok(matches.length > 100 && matches.length < 500, `${matches.length} matches`);
    // The record the cut went through is malformed; the cut itself is said once.
    assert.deepEqual(problems.filter((problem) => problem.line === null).map((problem) => problem.message), ['the gzip data is truncated (it ends inside a member); results up to that point are kept']);
  });

  test('a corrupt member (its length field does not match what it holds) is reported, not taken for clean', async () => {
    const data = gz(log('c', 10));
    data[data.length - 1] ^= 0xff;
    const { matches, problems } = await scan(data);
    assert.equal(matches.length, 10);
    assert.match(problems[0].message, /gzip data is corrupt/);
  });

  test('not gzip after a gzip header: corrupt, said so', async () => {
    const { problems } = await scan(cat(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), encode('{"this is not deflate data"}')));
    assert.match(problems[0].message, /^the gzip data is (corrupt|truncated)/);
  });
});
