import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectAuditLog, scanAuditLog } from '../src/entries/audit.js';
import { encode, FORMATS, gzip, scan, streamOf } from './fixtures/audit/canonical.ts';

const kubeLines = FORMATS['kube-apiserver JSON lines (v1)']();
const EXPECTED_MATCHES = 6;

describe('bad input: clear errors, partial results kept, no crash', () => {
  test('a truncated gzip stream: the matches before the cut are kept and the error says gzip', async () => {
    const whole = gzip(encode(kubeLines.repeat(50)));
    const { matches, problems } = await scan(whole.subarray(0, Math.floor(whole.length * 0.6)));
    assert.ok(matches.length > 0 && matches.length < EXPECTED_MATCHES * 50, `${matches.length} matches`);
    const fatal = problems.filter((problem) => problem.fatal);
    assert.equal(fatal.length, 1);
    assert.match(fatal[0].message, /^the gzip data is truncated \(it ends inside a member\)/);
  });

  test('a 200 MB single line is skipped without being held whole, counted malformed at its line', async () => {
    const head = encode(kubeLines.split('\n')[1] + '\n{"kind":"Event","verb":"create","objectRef":{"resource":"jobs"},"padding":"');
    const tail = encode('"}\n' + kubeLines.split('\n')[1].replace('a-privileged', 'after') + '\n');
    const filler = new Uint8Array(1 << 20).fill(0x61);
    let sent = -1;
    let peak = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent === 0) controller.enqueue(head);
        else if (sent <= 200) controller.enqueue(filler.slice());
        else if (sent === 201) controller.enqueue(tail);
        else controller.close();
      },
    });
    const result = await collectAuditLog(stream, {
      onProgress: () => {
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        peak = Math.max(peak, heapUsed + arrayBuffers);
      },
    });
    assert.deepEqual(result.matches.map((match) => [match.auditID, match.line]), [['a-privileged', 1], ['after', 3]]);
    assert.equal(result.summary.malformed, 1);
    assert.equal(result.problems[0].line, 2);
    assert.match(result.problems[0].message, /longer than 64 MB; skipped/);
    assert.ok(peak < 160 * (1 << 20), `memory stayed bounded (peak heap + buffers ${Math.round(peak / (1 << 20))} MB)`);
  });

  test('a record over the cap inside a JSON array is skipped and the elements after it are read', async () => {
    const events = JSON.parse(FORMATS['JSON array of events (pretty-printed)']()) as Array<Record<string, unknown>>;
    events.splice(2, 0, { kind: 'Event', verb: 'create', objectRef: { resource: 'jobs' }, padding: 'x'.repeat(3 << 20) });
    const { matches, summary, problems } = await scan(JSON.stringify(events, null, 1), { maxRecordBytes: 1 << 20 });
    assert.equal(matches.length, EXPECTED_MATCHES);
    assert.equal(summary.malformed, 1);
    assert.match(problems[0].message, /larger than 1 MB; skipped/);
  });

  test('invalid UTF-8 in a job write: the record is still judged, and a warning names the line', async () => {
    const line = encode(kubeLines.split('\n')[1]);
    const at = new TextDecoder().decode(line).indexOf('node-debug');
    const broken = new Uint8Array([...line.subarray(0, at), 0xff, 0xfe, ...line.subarray(at), 0x0a]);
    const { matches, problems } = await scan(new Uint8Array([...encode(kubeLines.split('\n')[0] + '\n'), ...broken]));
    assert.equal(matches.length, 1);
    assert.deepEqual(problems.map((problem) => [problem.line, problem.severity]), [[2, 'warning']]);
    assert.match(problems[0].message, /invalid UTF-8/);
  });

  test('a JSON document cut off half way: the complete records are read, the cut one is reported', async () => {
    const text = FORMATS['JSON array of events (pretty-printed)']();
    const cut = text.slice(0, text.indexOf('"a-denied"'));
    const { matches, problems, summary } = await scan(cut);
    assert.deepEqual(matches.map((match) => match.auditID).sort(), ['a-json-patch', 'a-merge-patch', 'a-privileged', 'a-revshell']);
    assert.equal(summary.malformed, 1);
    assert.match(problems[0].message, /cut off at the end of the input/);
    assert.equal(cut.split('\n')[problems[0].line! - 1], '  {');
  });

  test('an empty file, and one of only blank lines, say they hold no events', async () => {
    for (const input of ['', '\n\n  \n']) {
      const { matches, summary, problems } = await scan(input);
      assert.deepEqual([matches.length, summary.events], [0, 0]);
      assert.deepEqual(problems.map((problem) => problem.message), ['the input is empty: no audit events']);
    }
  });

  for (const [kind, text] of [
    ['a YAML manifest', 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: jobs\n'],
    ['a CSV export', 'timestamp,verb,resource\n2026-01-01,create,jobs\n'],
    ['a JSON object of another kind', '{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"jobs"}}\n'],
    ['a binary file', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR'],
  ]) {
    test(`${kind} is not an audit log: the error lists the accepted formats`, async () => {
      const { matches, problems } = await scan(text);
      assert.equal(matches.length, 0);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.match(problems[0].message, /^not an audit log: .*kube-apiserver audit events.*Elastic.*AKS.*GKE.*EKS/);
    });
  }

  test('a document whose brackets do not match is reported where it breaks; the records before stand', async () => {
    const text = FORMATS['JSON array of events (pretty-printed)']();
    const broken = text.replace('"stage": "RequestReceived"', '"stage": "RequestReceived"]').replace(/^/, '');
    const { matches, problems } = await scan(broken);
    assert.equal(matches.length, 0, 'the first element is where it breaks');
    assert.match(problems.at(-1)!.message, /unexpected "\]": the JSON document is corrupt here/);
  });

  test('an element of the records array that is not an object is malformed', async () => {
    const events = JSON.parse(FORMATS['JSON array of events (pretty-printed)']()) as unknown[];
    events.splice(1, 0, 42, 'text');
    const { matches, summary } = await scan(JSON.stringify(events));
    assert.deepEqual([matches.length, summary.malformed], [EXPECTED_MATCHES, 2]);
  });

  test('mixed formats in one file: each line is read in its own format', async () => {
    const line = (format: string) => FORMATS[format]().split('\n')[1];
    const gkeLines = FORMATS['GKE Cloud Audit Logs (JSON lines)']().split('\n');
    const mixed = [
      kubeLines.split('\n')[0],
      line('kube-apiserver JSON lines (v1)'),
      line('AKS diagnostic export (properties.log)').replaceAll('a-privileged', 'aks'),
      line('EKS CloudWatch (@message)').replaceAll('a-privileged', 'eks'),
      line('Elastic documents, nested').replaceAll('a-privileged', 'elastic'),
      gkeLines[0].replaceAll('a-privileged', 'gke'),
      'garbage in the middle',
    ].join('\n');
    const { matches, formats, summary } = await scan(mixed);
    assert.deepEqual(matches.map((match) => match.auditID), ['a-privileged', 'aks', 'eks', 'elastic', 'gke']);
    assert.deepEqual([...formats].sort(), ['aks', 'eks', 'elastic', 'gke', 'kube-apiserver']);
    assert.equal(summary.malformed, 1);
  });
});

test('entries of other Google services in a GKE export (BigQuery jobs) are events, not malformed', async () => {
  const bigquery = JSON.stringify({ protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', serviceName: 'bigquery.googleapis.com', methodName: 'google.cloud.bigquery.v2.JobService.InsertJob', resourceName: 'projects/acme/jobs/bquxjob_1' }, operation: { id: 'op-1' } });
  const gke = FORMATS['GKE Cloud Audit Logs (JSON lines)']();
  const { matches, summary, problems } = await scan(gke + bigquery + '\n');
  assert.deepEqual([matches.length, summary.malformed, problems.length], [EXPECTED_MATCHES, 0, 0]);
  assert.equal(summary.events, gke.trim().split('\n').length + 1);
});

describe('streaming controls', () => {
  test('progress reports the bytes read, compressed, up to the whole input', async () => {
    const bytes = gzip(encode(kubeLines));
    const seen: number[] = [];
    await collectAuditLog(streamOf(bytes, [100]), { onProgress: (read) => seen.push(read) });
    assert.equal(seen.at(-1), bytes.length);
    assert.ok(seen.every((value, index) => index === 0 || value > seen[index - 1]));
  });

  test('an abort signal stops the scan with its reason', async () => {
    const controller = new AbortController();
    const scan = scanAuditLog(streamOf(encode(kubeLines.repeat(100)), [500]), { signal: controller.signal, onProgress: (read) => read > 5000 && controller.abort(new Error('stop')) });
    await assert.rejects(async () => {
      for await (const _ of scan);
    }, /stop/);
  });

  test('matches arrive while the input is still being read', async () => {
    let readAtFirst = -1;
    let read = 0;
    const counted = scanAuditLog(streamOf(encode(kubeLines.repeat(200)), [4096]), { onProgress: (bytes) => (read = bytes) });
    for await (const _ of counted) {
      readAtFirst = read;
      break;
    }
    assert.ok(readAtFirst > 0 && readAtFirst < kubeLines.length * 200, `first match after ${readAtFirst} bytes`);
  });
});
