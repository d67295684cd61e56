// `jobsentinel scan` with custom indicators from .jobsentinel.yaml: their findings in text, JSON and
// SARIF (with a rule that describes them), their tuning, invalid and hostile patterns, env opt-in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run, runJson, workspace } from './helpers.js';

const CONFIG = [
  'custom:',
  '  images: ["*xmrig*"]',
  '  patterns:',
  '    - id: crypto-miner',
  '      pattern: "stratum\\\\+tcp://"',
  '      severity: error',
  '      description: Crypto-miner pool URL',
  '    - id: aws-key',
  "      pattern: 'AKIA[0-9A-Z]{16}'",
  '      env: true',
  '',
].join('\n');

/** A CronJob whose args point at a mining pool (line 15) and whose env holds a key (line 18). */
const MINER = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: miner
  namespace: batch
spec:
  schedule: "@hourly"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: main
              image: registry.example.com/acme/worker:1.0
              args: ["-o", "stratum+tcp://pool.example:3333"]
              env:
                - name: KEY
                  value: AKIAIOSFODNN7EXAMPLE
          restartPolicy: Never
`;

const POOL_RANGE = { start: { line: 15, column: 29 }, end: { line: 15, column: 60 } };

describe('jobsentinel scan: custom patterns', () => {
  const root = workspace({ '.jobsentinel.yaml': CONFIG, 'jobs/miner.yaml': MINER });

  it('JSON: findings with the custom id, severity and exact range; env values only where opted in', () => {
    const { status, json } = runJson(['scan', 'jobs'], { cwd: root });
    assert.equal(status, 1);
    const miner = json.findings.find((finding: { indicator: string }) => finding.indicator === 'crypto-miner');
    assert.deepEqual(
      { file: miner.file, severity: miner.severity, path: miner.path, range: miner.range },
      { file: 'jobs/miner.yaml', severity: 'error', path: '/spec/jobTemplate/spec/template/spec/containers/0/args/1', range: POOL_RANGE },
    );
    assert.match(miner.message, /Crypto-miner pool URL/);
    const key = json.findings.find((finding: { indicator: string }) => finding.indicator === 'aws-key');
    assert.equal(key.path, '/spec/jobTemplate/spec/template/spec/containers/0/env/0/value');
    assert.equal(key.severity, 'warning');
    assert.deepEqual(json.errors, []);
  });

  it('text: the finding under its file, with the custom id', () => {
    const { status, stdout } = run(['scan', 'jobs/miner.yaml'], { cwd: root });
    assert.equal(status, 1);
    const line = stdout.split('\n').find((text) => text.includes('crypto-miner'));
    assert.ok(line, stdout);
    assert.match(line, /15:29/);
    assert.match(line, /error/);
  });

  it('SARIF: a result for the custom rule, and the rule with its description in the driver', () => {
    const { status, stdout } = run(['scan', '--format', 'sarif', 'jobs'], { cwd: root });
    assert.equal(status, 1);
    const sarif = JSON.parse(stdout);
    const { rules } = sarif.runs[0].tool.driver;
    const rule = rules.find((candidate: { id: string }) => candidate.id === 'crypto-miner');
    assert.ok(rule, `rules: ${rules.map((candidate: { id: string }) => candidate.id).join(', ')}`);
    assert.equal(rule.fullDescription.text, 'Crypto-miner pool URL');
    assert.equal(rule.defaultConfiguration.level, 'error');
    assert.ok(rule.properties.tags.includes('custom'));
    assert.ok(rules.some((candidate: { id: string }) => candidate.id === 'aws-key'));
    const result = sarif.runs[0].results.find((candidate: { ruleId: string }) => candidate.ruleId === 'crypto-miner');
    assert.equal(rules[result.ruleIndex].id, 'crypto-miner');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 15, startColumn: 29, endLine: 15, endColumn: 60 });
  });

  it('custom.images globs flag the image as attacker-tooling', () => {
    const folder = workspace({ '.jobsentinel.yaml': CONFIG, 'job.yaml': MINER.replace('registry.example.com/acme/worker:1.0', 'ghcr.io/evil/xmrig:6.21') });
    const { json } = runJson(['scan', 'job.yaml'], { cwd: folder });
    const tooling = json.findings.filter((finding: { indicator: string }) => finding.indicator === 'attacker-tooling');
    assert.deepEqual(tooling.map((finding: { path: string }) => finding.path), ['/spec/jobTemplate/spec/template/spec/containers/0/image']);
  });

  it('tuning: severity and ignore entries in the config, and the ignore annotation, name custom ids', () => {
    const tuned = workspace({
      '.jobsentinel.yaml': `severity:\n  crypto-miner: information\n  crypto-mining: off\nignore:\n  - indicators: [aws-key]\n    namespaces: [batch]\n${CONFIG}`,
      'job.yaml': MINER,
      'annotated.yaml': MINER.replace('  namespace: batch\n', '  namespace: batch\n  annotations:\n    jobsentinel.io/ignore: crypto-miner\n'),
    });
    const { json } = runJson(['scan', 'job.yaml'], { cwd: tuned });
    assert.deepEqual(
      json.findings.map((finding: { indicator: string; severity: string }) => `${finding.indicator}:${finding.severity}`),
      ['crypto-miner:information'],
    );
    assert.deepEqual(runJson(['scan', 'annotated.yaml'], { cwd: tuned }).json.findings, []);
  });

  it('an unsupported pattern is a config error naming the pattern, at the line and column of the character', () => {
    const broken = workspace({ 'bad.jobsentinel.yaml': "custom:\n  patterns:\n    - id: miner\n      pattern: '(x)\\1'\n", 'job.yaml': MINER });
    const { status, stdout, stderr } = run(['scan', '--config', 'bad.jobsentinel.yaml', 'job.yaml'], { cwd: broken });
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /bad\.jobsentinel\.yaml:4:20: error: pattern of "miner": .*backreference.*\(at position 3\)/i);
  });

  it('a hostile pattern over a 100,000-character command finishes with the right answer', () => {
    const long = 'a'.repeat(100_000);
    const hostile = workspace({
      '.jobsentinel.yaml': "custom:\n  patterns:\n    - {id: nested, pattern: '(a+)+$'}\n    - {id: nested-b, pattern: '(a|aa)*b'}\n",
      'no-match.yaml': MINER.replace('["-o", "stratum+tcp://pool.example:3333"]', JSON.stringify([`${long}!`])),
      'match.yaml': MINER.replace('["-o", "stratum+tcp://pool.example:3333"]', JSON.stringify([long])),
    });
    const ids = (file: string) => runJson(['scan', file], { cwd: hostile }).json.findings.map((finding: { indicator: string }) => finding.indicator);
    assert.deepEqual(ids('no-match.yaml'), []);
    assert.deepEqual(ids('match.yaml'), ['nested']);
  });

  it('jobsentinel audit: text output names the custom indicator, in structural and elastic mode', () => {
    const event = (auditID: string, args: string[]) =>
      JSON.stringify({
        kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID, stage: 'ResponseComplete', verb: 'create',
        user: { username: 'mallory@example.com' }, objectRef: { resource: 'cronjobs', namespace: 'batch', name: 'miner', apiGroup: 'batch', apiVersion: 'v1' },
        responseStatus: { code: 201 },
        requestObject: {
          apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'miner', namespace: 'batch' },
          spec: { schedule: '@hourly', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'main', image: 'registry.example.com/acme/worker:1.0', args }] } } } } },
        },
      });
    const log = [event('a-miner', ['-o', 'stratum+tcp://pool.example:3333']), event('a-long', ['a'.repeat(100_000) + '!'])].join('\n') + '\n';
    const folder = workspace({ '.jobsentinel.yaml': `${CONFIG}    - {id: nested, pattern: '(a+)+$'}\n`, 'audit.log': log });
    for (const mode of ['structural', 'elastic']) {
      const { status, stdout } = run(['audit', '--mode', mode, 'audit.log'], { cwd: folder });
      assert.equal(status, 1, stdout);
      assert.match(stdout, /crypto-miner/, mode);
      assert.doesNotMatch(stdout, /nested/, mode);
    }
  });
});
