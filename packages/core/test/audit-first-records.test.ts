// The format of a log is told from its first records that parse, not from its first line: a log cut
// from a rotated or split file, a `tail` banner or a klog line before the events are malformed records.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMATS, scan } from './fixtures/audit/canonical.ts';

const KUBE = FORMATS['kube-apiserver JSON lines (v1)']();
const AKS = FORMATS['AKS diagnostic export (properties.log)']();

async function clean(text: string) {
  const { matches, summary } = await scan(text);
  return { matches: matches.map((match) => match.auditID), events: summary.events };
}

describe('the format is recognised from the first records that parse', () => {
  const lines = KUBE.split('\n');
  const whole = clean(KUBE);

  for (const [name, head] of [
    ['a first line cut off in the middle of an event (a split or rotated file)', lines[0].slice(lines[0].length / 2)],
    ['a first line cut off right at a nested object', lines[0].slice(lines[0].indexOf('{"resource"'))],
    ['a first line cut off inside a string', lines[0].slice(lines[0].indexOf('"verb"') + 3)],
    ['a tail banner', '==> /var/log/kube-apiserver/audit.log <=='],
    ['a klog line', 'I0612 03:14:05.104321       1 server.go:174] Version: v1.30.1'],
  ]) {
    test(`${name}: counted malformed at line 1, every event after it read`, async () => {
      const { matches, summary, problems } = await scan(`${head}\n${lines.slice(1).join('\n')}`);
      const reference = await whole;
      // The first event is gone (it was the cut line); every request whose later stage survives still matches.
      assert.deepEqual(matches.map((match) => match.auditID).sort(), reference.matches.sort());
      assert.ok(summary.malformed >= 1);
      assert.equal(problems[0].line, 1);
      assert.equal(problems.some((problem) => problem.fatal), false);
    });
  }

  test('banners between the files of `tail -n +1 a.log b.log` are malformed lines; both files are read', async () => {
    const text = `==> a.log <==\n${KUBE}\n==> b.log <==\n${KUBE.replaceAll('"a-', '"b-')}`;
    const { matches, summary, problems } = await scan(text);
    assert.equal(matches.length, 2 * (await whole).matches.length);
    assert.equal(summary.malformed, 2);
    assert.deepEqual(problems.map((problem) => problem.line), [1, KUBE.split('\n').length + 2]);
  });

  test('a banner before a pretty-printed JSON array: the array is read', async () => {
    const { matches, problems } = await scan(`==> events.json <==\n${FORMATS['JSON array of events (pretty-printed)']()}`);
    assert.equal(matches.length, (await whole).matches.length);
    assert.deepEqual(problems.map((problem) => problem.line), [1]);
  });

  test('an AKS record whose properties.log is a klog line, first: malformed with its line, the records after it read', async () => {
    const klog = JSON.stringify({ category: 'kube-audit', properties: { log: 'E0612 03:14:05.104321 1 audit.go:92] dropped events', stream: 'stderr', pod: 'kube-apiserver-1' } });
    const { matches, summary, problems, formats } = await scan(`${klog}\n${AKS}`);
    assert.equal(matches.length, (await whole).matches.length);
    assert.equal(summary.malformed, 1);
    assert.equal(problems[0].line, 1);
    assert.match(problems[0].message, /not an audit event/);
    assert.deepEqual([...formats], ['aks']);
  });

  test('records that are not events before the first event are reported once the format is known, in order', async () => {
    const { problems } = await scan(`garbage\n{"hello":"world"}\n${KUBE}`);
    assert.deepEqual(problems.map((problem) => [problem.line, problem.fatal ?? false]), [[1, false], [2, false]]);
  });
});

describe('honest look-alikes stay what they are', () => {
  for (const [name, text] of [
    ['JSON lines of another kind', '{"level":"info","msg":"jobs synced"}\n{"level":"info","msg":"cronjobs synced"}\n'],
    ['a klog file', 'I0612 03:14:05.104321 1 server.go:174] jobs\nI0612 03:14:06.000000 1 server.go:175] cronjobs\n'],
    ['a pretty-printed Kubernetes manifest in JSON', JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'jobs' } }, null, 2)],
  ]) {
    test(`${name}: not an audit log, one fatal problem at its first record, no events`, async () => {
      const { problems, summary } = await scan(text);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].fatal, true);
      assert.equal(problems[0].line, 1);
      assert.match(problems[0].message, /^not an audit log: /);
      assert.equal(summary.events, 0);
    });
  }

  test('a long stretch of non-events gives up after a bounded number of records', async () => {
    const { problems } = await scan('{"msg":"x"}\n'.repeat(5000) + KUBE);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /none of its first 1000 records is an audit event/);
  });
});

describe('blank lines', () => {
  test('runs of blank lines (LF and CRLF) between events are stepped over; line numbers stay true wherever chunks are cut', async () => {
    const lines = KUBE.trimEnd().split('\n');
    const padded = lines.map((line, index) => (index % 3 === 0 ? `${line}\n${'\n'.repeat(500)}${'\r\n'.repeat(300)}` : `${line}\n`)).join('');
    const expected = (await scan(KUBE)).matches.map((match) => match.auditID);
    const paddedLines = padded.split('\n');
    for (const sizes of [[padded.length], [1], [7, 3], [4096]]) {
      const { matches, problems } = await scan(padded, {}, sizes);
      assert.deepEqual(problems, []);
      assert.deepEqual(matches.map((match) => match.auditID), expected);
      assert.ok(matches.every((match) => paddedLines[match.line - 1].includes(`"${match.auditID}"`)), `each match's line holds its event (chunks ${sizes})`);
    }
  });
});
