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
});
