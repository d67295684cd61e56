import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { FORMATS } from '../../core/test/fixtures/audit/canonical.ts';
import { runJson, workspace } from './helpers.ts';

const KUBE = FORMATS['kube-apiserver JSON lines (v1)']();
const round = (name: string) => KUBE.replaceAll('"a-', `"${name}-`);

describe('jobsentinel audit DIR: a folder of rotated logs', () => {
  test('read in time order (dated backups, then numbered rotations from the oldest, then the live log), and it says so', () => {
    const dir = workspace({
      'logs/audit.log': round('live'),
      'logs/audit.log.1': round('rot1'),
      'logs/audit.log.2.gz': gzipSync(round('rot2')),
      'logs/audit-2025-06-12T03-14-05.104.log.gz': gzipSync(round('day12')),
      'logs/audit-2025-06-11T23-59-59.999.log': round('day11'),
      'logs/.audit.log.swp': 'not a log',
    });
    const { status, json, stderr } = runJson(['audit', 'logs'], { cwd: dir });
    assert.equal(status, 1);
    const order = ['audit-2025-06-11T23-59-59.999.log', 'audit-2025-06-12T03-14-05.104.log.gz', 'audit.log.2.gz', 'audit.log.1', 'audit.log'];
    assert.match(stderr, new RegExp(`logs: 5 logs, read in time order \\(oldest first\\): ${order.join(', ').replaceAll('.', '\\.')}`));
    const files = [...new Set(json.matches.map((match: { file: string }) => match.file))];
    assert.deepEqual(files, order.map((name) => `logs/${name}`));
    const prefixes = [...new Set(json.matches.map((match: { auditID: string }) => match.auditID.split('-')[0]))];
    assert.deepEqual(prefixes, ['day11', 'day12', 'rot2', 'rot1', 'live']);
    assert.deepEqual(json.errors, []);
  });

  test('a folder among files: the files are read as given, the folder expands in place', () => {
    const dir = workspace({ 'one.log': round('one'), 'logs/audit.log': round('live'), 'logs/audit.log.1': round('old') });
    const { json } = runJson(['audit', 'one.log', 'logs'], { cwd: dir });
    assert.deepEqual([...new Set(json.matches.map((match: { file: string }) => match.file))], ['one.log', 'logs/audit.log.1', 'logs/audit.log']);
  });

  test('a request split by the rotation (RequestReceived closes audit.log.1, ResponseComplete opens audit.log) is judged once, denied', () => {
    const lines = KUBE.trimEnd().split('\n');
    // The last request of the log: its ResponseComplete becomes the live log's first line, refused.
    const last = JSON.parse(lines.at(-1)!);
    const refused = JSON.stringify({ ...last, auditID: 'split', responseStatus: { metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403 }, requestObject: JSON.parse(lines[0]).requestObject });
    const received = JSON.stringify({ ...JSON.parse(lines[0]), auditID: 'split' });
    const dir = workspace({ 'logs/audit.log.1': gzipSync(round('old') + received + '\n'), 'logs/audit.log': refused + '\n' + round('live') });
    const { json } = runJson(['audit', 'logs'], { cwd: dir });
    const split = json.matches.filter((match: { auditID: string }) => match.auditID === 'split');
    assert.deepEqual(split.map((match: { file: string; line: number; outcome: string; stage: string }) => [match.file, match.line, match.stage, match.outcome]), [['logs/audit.log', 1, 'ResponseComplete', 'denied']]);
    assert.equal(json.summary.matches, json.matches.length);
    assert.equal(json.summary.jobWrites, 8 * 2 + 1);
    assert.deepEqual(json.errors, []);
  });

  test('a request the rotation cut off for good is still reported, once, with an unknown outcome', () => {
    const received = JSON.stringify({ ...JSON.parse(KUBE.split('\n')[0]), auditID: 'cut-off' });
    const dir = workspace({ 'logs/audit.log.1': round('old'), 'logs/audit.log': round('live') + received + '\n' });
    const { json } = runJson(['audit', 'logs'], { cwd: dir });
    assert.deepEqual(json.matches.filter((match: { auditID: string }) => match.auditID === 'cut-off').map((match: { file: string; outcome: string }) => [match.file, match.outcome]), [['logs/audit.log', 'unknown']]);
    assert.equal(json.summary.matches, json.matches.length);
  });
});
