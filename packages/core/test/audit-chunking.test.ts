import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { collectAuditChunks } from '../src/entries/audit.js';
import { portableByteSearch } from '../src/audit/byte-search.js';
import { RecordReader } from '../src/audit/record-reader.js';
import type { RecordSink } from '../src/audit/record-sink.js';
import { encode, FORMATS, gzip, scan } from './fixtures/audit/canonical.ts';

/** Everything a scan reports, lines included, so any difference in splitting shows. */
async function outcome(bytes: Uint8Array, sizes?: number[], options = {}) {
  const { matches, summary, problems, formats } = await scan(bytes, options, sizes);
  return { matches, summary, problems, formats: [...formats] };
}

const inputs: Array<[string, Uint8Array]> = [
  ['JSON lines', encode(FORMATS['kube-apiserver JSON lines (v1)']())],
  ['a pretty-printed array', encode(FORMATS['JSON array of events (pretty-printed)']())],
  ['an Elasticsearch _search response', encode(FORMATS['Elasticsearch _search response']())],
  ['AKS lines with malformed lines among them', encode(FORMATS['AKS diagnostic export (properties.log)']().replace('\n', '\n{"cut": \n\u00e9t\u00e9 not json\n'))],
  ['an aws logs document, gzip', gzip(encode(FORMATS['EKS aws logs filter-log-events document']()))],
  ['a portal CSV export (quoted JSON, CRLF, a byte-order mark)', encode(FORMATS['AKS Log Analytics AzureDiagnostics (portal CSV)']())],
  ['an S3 export task (TIMESTAMP {event}) after a tail banner', encode(`==> 000000.gz <==\n${FORMATS['EKS export task to S3 (TIMESTAMP {event})']()}`)],
];

/** A record reader that writes down every call it makes on its sink. */
function recordingReader(maxRecordBytes = 1 << 20) {
  const seen: unknown[] = [];
  // Like the evaluator: every record is handed over until the first one, then the prefilter applies.
  let awaiting = true;
  const sink: RecordSink = {
    get awaitingFormat() {
      return awaiting;
    },
    record: (text, line, invalid) => {
      awaiting = false;
      seen.push(['record', line, invalid, text]);
    },
    value: (value, line) => {
      awaiting = false;
      seen.push(['value', line, value]);
    },
    framedAs: (name) => seen.push(['framed', name]),
    skipped: () => seen.push(['skipped']),
    malformed: (line, message) => seen.push(['malformed', line, message]),
    fatal: (line, message) => seen.push(['fatal', line, message]),
  };
  return { reader: new RecordReader(sink, { needle: encode('jobs'), maxRecordBytes, search: portableByteSearch }), seen };
}

/** What the record reader hands over for `bytes` cut at `sizes` (cycled): it sees every cut, unmerged. */
function records(bytes: Uint8Array, sizes: number[], maxRecordBytes = 1 << 20) {
  const { reader, seen } = recordingReader(maxRecordBytes);
  for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
    const size = sizes[turn % sizes.length];
    reader.push(bytes.slice(offset, offset + size));
    offset += size;
  }
  reader.end();
  return seen;
}

/** `bytes` in `size`-byte chunks, each copied into the same Buffer, which is scribbled over once handed back. */
function* throughOneBuffer(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  const buffer = Buffer.alloc(size);
  for (let offset = 0; offset < bytes.length; offset += size) {
    const piece = bytes.subarray(offset, offset + size);
    buffer.set(piece);
    yield buffer.subarray(0, piece.length);
    buffer.fill(0x2a);
  }
}

describe('the record reader sees the same records wherever its chunks are cut', () => {
  const plain: Array<[string, Uint8Array]> = [
    ...inputs.slice(0, 4),
    ['a one-line EventList', encode(FORMATS['EventList (one line)']())],
    ['invalid UTF-8 and a BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...encode(FORMATS['kube-apiserver JSON lines (v1)']().replace('node-debug', 'node-\u00e9')), 0xc3, 0x0a])],
  ];
  for (const [name, bytes] of plain) {
    test(name, () => {
      const whole = records(bytes, [bytes.length]);
      assert.ok(whole.length > 0);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 200, max: 1 << 20 }), (sizes, cap) => {
          assert.deepEqual(records(bytes, sizes, cap), records(bytes, [bytes.length], cap));
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('cutting the input stream into chunks at any byte boundaries gives identical results', () => {
  for (const [name, bytes] of inputs) {
    test(name, async () => {
      const whole = await outcome(bytes);
      assert.ok(whole.summary.events > 0);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 12 }), async (sizes) => {
          assert.deepEqual(await outcome(bytes, sizes), whole);
        }),
        { numRuns: 60 },
      );
    });
  }

  test('in elastic mode too', async () => {
    const bytes = inputs[0][1];
    const whole = await outcome(bytes, undefined, { mode: 'elastic' });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 2048 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
        assert.deepEqual(await outcome(bytes, sizes, { mode: 'elastic' }), whole);
      }),
      { numRuns: 40 },
    );
  });

  test('with records larger than the cap cut anywhere', async () => {
    const bytes = encode(FORMATS['kube-apiserver JSON lines (v1)']().replace('\n', `\n{"kind":"Event","verb":"create","objectRef":{"resource":"jobs"},"pad":"${'z'.repeat(5000)}"}\n`));
    const whole = await outcome(bytes, undefined, { maxRecordBytes: 4000 });
    assert.equal(whole.summary.malformed, 1);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
        assert.deepEqual(await outcome(bytes, sizes, { maxRecordBytes: 4000 }), whole);
      }),
      { numRuns: 40 },
    );
  });
});

describe('chunks handed over in one reused Buffer (as Node hosts read files) give the same records', () => {
  function recordsThroughOneBuffer(bytes: Uint8Array, size: number) {
    const { reader, seen } = recordingReader();
    for (const chunk of throughOneBuffer(bytes, size)) reader.push(chunk);
    reader.end();
    return seen;
  }

  for (const [name, bytes] of [inputs[0], inputs[1], inputs[3]]) {
    test(name, () => {
      for (const size of [7, 100, 333, 4096]) assert.deepEqual(recordsThroughOneBuffer(bytes, size), records(bytes, [bytes.length]), `${size}-byte chunks`);
    });
  }
});

describe('collectAuditChunks (a host reading plain bytes itself, synchronously) reports what the stream scan does', () => {
  for (const [name, bytes] of inputs.slice(0, 4)) {
    test(name, async () => {
      const { matches, summary, problems, formats } = collectAuditChunks(throughOneBuffer(bytes, 999));
      assert.deepEqual({ matches, summary, problems, formats: [...formats] }, await outcome(bytes));
    });
  }

  test('a read that fails half way is reported, and what was read before stands', async () => {
    const bytes = inputs[0][1];
    const half = bytes.subarray(0, bytes.lastIndexOf(0x0a, bytes.length / 2) + 1);
    function* failing() {
      yield half;
      throw new Error('EIO: i/o error, read');
    }
    const result = collectAuditChunks(failing());
    const expected = await outcome(half);
    assert.deepEqual(result.matches, expected.matches);
    assert.ok(result.matches.length > 0);
    assert.deepEqual(result.problems.at(-1), { line: null, severity: 'error', message: 'reading the input failed: EIO: i/o error, read', fatal: true });
  });
});

test('collectAuditChunks refuses gzip bytes with a message that says what to do', () => {
  const { matches, problems } = collectAuditChunks([inputs[4][1]]);
  assert.deepEqual(matches, []);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /gzip-compressed: collectAuditChunks reads plain bytes \(scanAuditLog takes a stream and inflates gzip\)/);
  assert.equal(problems[0].fatal, true);
});
