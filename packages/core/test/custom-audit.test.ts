/**
 * Custom indicators in audit logs: structural mode judges the request body's pod template as the
 * manifest analysis does; `--mode elastic` runs the patterns over the raw event text. Both go through
 * the config's tuning.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearPatternEngine, parseConfig, type CompiledPattern, type JobSentinelConfig, type PatternEngine } from '../src/index.js';
import type { AuditMatch } from '../src/entries/audit.js';
import { cronJobObject, jobObject, scan } from './fixtures/audit/canonical.ts';

function config(yaml: string): JobSentinelConfig {
  const parsed = parseConfig(yaml, '.jobsentinel.yaml');
  assert.deepEqual(parsed.errors, []);
  return parsed.config;
}

const PATTERNS = [
  'custom:',
  '  patterns:',
  '    - {id: crypto-miner, pattern: "stratum\\\\+tcp://", severity: error, description: Mining pool}',
  "    - {id: aws-key, pattern: 'AKIA[0-9A-Z]{16}', env: true}",
  "    - {id: nested, pattern: '(a+)+$', severity: hint}",
].join('\n');
const MINER = config(PATTERNS);

function event(auditID: string, requestObject: unknown, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID, stage: 'ResponseComplete', verb: 'create',
    user: { username: 'mallory@example.com' }, objectRef: { resource: 'cronjobs', namespace: 'payments', name: 'x', apiGroup: 'batch', apiVersion: 'v1' },
    responseStatus: { code: 201 }, requestObject, ...fields,
  });
}

const minerJob = (args: string[], env: Array<{ name: string; value: string }> = []) =>
  cronJobObject('x', 'payments', { containers: [{ name: 'main', image: 'registry.example.com/acme/app:1.0', args, env }] });

const hitsOf = (matches: AuditMatch[], id: string) => matches.flatMap((match) => match.indicators.filter((hit) => hit.indicator === id));
const ARGS = '/spec/jobTemplate/spec/template/spec/containers/0/args';

describe('audit logs, structural mode: custom patterns over the request body', () => {
  it('reports the custom id, severity and path of the matching scalar', async () => {
    const { matches } = await scan(event('e1', minerJob(['-o', 'stratum+tcp://pool.example:3333'])) + '\n', { config: MINER });
    const [hit, ...more] = hitsOf(matches, 'crypto-miner');
    assert.deepEqual(more, []);
    assert.deepEqual([hit.severity, hit.path, hit.evidence], ['error', `${ARGS}/1`, 'stratum+tcp://pool.example:3333']);
    assert.match(hit.message, /Mining pool/);
  });

  it('judges a JSON Patch at the paths it writes', async () => {
    const patch = [{ op: 'add', path: '/spec/template/spec/containers/0/args', value: ['stratum+tcp://p.example:1'] }];
    const patched = event('e2', patch, { verb: 'patch', objectRef: { resource: 'jobs', namespace: 'payments', name: 'x', apiGroup: 'batch', apiVersion: 'v1' } });
    const { matches } = await scan(patched + '\n', { config: MINER });
    assert.deepEqual(hitsOf(matches, 'crypto-miner').map((hit) => hit.path), ['/spec/template/spec/containers/0/args/0']);
  });

  it('reads env values only for entries with env: true', async () => {
    const withKey = minerJob(['run'], [{ name: 'KEY', value: 'AKIAIOSFODNN7EXAMPLE' }]);
    const { matches } = await scan(event('e3', withKey) + '\n', { config: MINER });
    assert.deepEqual(hitsOf(matches, 'aws-key').map((hit) => hit.path), ['/spec/jobTemplate/spec/template/spec/containers/0/env/0/value']);
    const noEnv = config(PATTERNS.replace(', env: true', ''));
    assert.deepEqual((await scan(event('e3', withKey) + '\n', { config: noEnv })).matches, []);
  });

  it('goes through severity and ignore entries (by user here: audit logs only)', async () => {
    const text = event('e4', minerJob(['stratum+tcp://p.example:1'])) + '\n';
    const lowered = config(`severity:\n  crypto-miner: warning\n${PATTERNS}`);
    assert.deepEqual(hitsOf((await scan(text, { config: lowered })).matches, 'crypto-miner').map((hit) => hit.severity), ['warning']);
    const byUser = config(`ignore:\n  - indicators: [crypto-miner, crypto-mining]\n    users: ["mallory@*"]\n${PATTERNS}`);
    assert.deepEqual((await scan(text, { config: byUser })).matches, []);
  });

  it('runs the engine it is given, and finishes a hostile pattern over a 100,000-character command', async () => {
    const compiled: string[] = [];
    const spy: PatternEngine = {
      name: 'spy',
      compile(source): CompiledPattern {
        compiled.push(source);
        return linearPatternEngine.compile(source);
      },
    };
    const long = 'a'.repeat(100_000);
    const text = [event('e5', minerJob([`${long}!`])), event('e6', jobObject('y', 'payments', { containers: [{ name: 'm', image: 'r/app:1', command: ['sh', '-c', long] }] }))].join('\n');
    const { matches } = await scan(text + '\n', { config: MINER, patternEngine: spy });
    assert.deepEqual(matches.map((match) => [match.auditID, match.indicators.map((hit) => hit.indicator)]), [['e6', ['nested']]]);
    assert.deepEqual(compiled.sort(), ['(a+)+$', 'AKIA[0-9A-Z]{16}', 'stratum\\+tcp://']);
  });
});

describe('audit logs, --mode elastic: custom patterns over the raw event text', () => {
  it('match anywhere in the event, as the seed clauses do, with no path', async () => {
    // In an annotation: no container scalar holds it, but the raw text does.
    const object = { ...minerJob(['run']), metadata: { name: 'x', annotations: { pool: 'stratum+tcp://p.example:1' } } };
    const text = event('e7', object) + '\n';
    const elastic = await scan(text, { mode: 'elastic', config: MINER });
    const [hit] = hitsOf(elastic.matches, 'crypto-miner');
    assert.deepEqual([hit.severity, hit.path], ['error', '']);
    assert.match(hit.message, /raw event text matches custom pattern "crypto-miner"/);
    assert.deepEqual(hitsOf((await scan(text, { config: MINER })).matches, 'crypto-miner'), [], 'structural mode reads containers only');
  });

  it('go through severity, profile and ignore entries by namespace and user', async () => {
    const text = event('e8', minerJob(['stratum+tcp://p.example:1'])) + '\n';
    const off = config(`severity:\n  crypto-miner: off\n${PATTERNS}`);
    assert.deepEqual(hitsOf((await scan(text, { mode: 'elastic', config: off })).matches, 'crypto-miner'), []);
    const byNamespace = config(`ignore:\n  - indicators: [crypto-miner]\n    namespaces: [pay*]\n${PATTERNS}`);
    assert.deepEqual(hitsOf((await scan(text, { mode: 'elastic', config: byNamespace })).matches, 'crypto-miner'), []);
    const seed = config(`profile: seed\n${PATTERNS}`);
    assert.equal(hitsOf((await scan(text, { mode: 'elastic', config: seed })).matches, 'crypto-miner').length, 1, 'profile: seed keeps the user\'s own patterns');
    assert.equal(hitsOf((await scan(text, { config: seed })).matches, 'crypto-miner').length, 1, 'in structural mode too');
    const byImage = config(`ignore:\n  - indicators: [crypto-miner]\n    images: ["registry.example.com/*"]\n${PATTERNS}`);
    assert.equal(hitsOf((await scan(text, { mode: 'elastic', config: byImage })).matches, 'crypto-miner').length, 1, 'a raw text has no images to exempt');
  });
});
