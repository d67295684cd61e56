/**
 * The bundled samples (samples/ at the repository root, the README's first command): each file's exact
 * findings with and without samples/.jobsentinel.yaml, as samples/README.md lists them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { analyseManifest, parseConfig, type JobSentinelConfig } from '../src/index.js';

const SAMPLES = new URL('../../../samples/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, SAMPLES), 'utf8');

/** `line indicator severity`, sorted by line then indicator: the README table's cells. */
function findings(name: string, config?: JobSentinelConfig): string[] {
  const result = analyseManifest(read(name), name, config ? { config } : {});
  assert.deepEqual(result.errors, [], name);
  return result.findings
    .map((finding) => `${finding.range!.start.line} ${finding.indicator} ${finding.severity}`)
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

const WITH_CONFIG: Record<string, string[]> = {
  'reverse-shell-cronjob.yaml': ['19 attacker-tooling information', '22 shell-escape error', '22 shell-escape error'],
  'cryptominer-cronjob.yaml': [
    '18 attacker-tooling information',
    '24 attacker-tooling warning',
    '24 shell-escape error',
    '26 attacker-tooling warning',
    '26 crypto-miner error',
    '26 crypto-mining error',
    '27 crypto-miner error',
    '27 crypto-mining error',
  ],
  'node-takeover-job.yaml': ['11 host-pid error', '16 node-escape error', '20 privileged-container error', '26 host-path-mount warning', '27 sensitive-mount error'],
  'docker-socket-cronjob.yaml': ['18 node-escape error', '24 host-path-mount warning', '25 sensitive-mount error'],
  'kali-scanner-job.yaml': ['11 host-network warning', '14 attacker-tooling information', '15 attacker-tooling warning'],
  'backup-alpine-cronjob.yaml': [],
  'superlative-reporter-cronjob.yaml': [],
  'fluent-bit-log-shipper-cronjob.yaml': [],
  'env-mentions-curl-job.yaml': [],
  'privileged-debug-job.json': ['11 host-network warning', '19 privileged-container error', '20 dangerous-capabilities error', '20 dangerous-capabilities error'],
  'multi-document.yaml': ['38 host-network warning', '43 shell-escape error'],
};

/** What differs without the config file; every other file is the same. */
const WITHOUT_CONFIG: Record<string, string[]> = {
  'cryptominer-cronjob.yaml': ['18 attacker-tooling information', '24 attacker-tooling warning', '24 shell-escape error', '26 crypto-mining error', '27 crypto-mining error'],
  'node-takeover-job.yaml': ['11 host-pid warning', '16 node-escape error', '20 privileged-container error', '26 host-path-mount warning', '27 sensitive-mount error'],
  'backup-alpine-cronjob.yaml': ['18 attacker-tooling information'],
  'fluent-bit-log-shipper-cronjob.yaml': ['26 host-path-mount warning'],
};

describe('bundled samples', () => {
  const parsed = parseConfig(read('.jobsentinel.yaml'), '.jobsentinel.yaml');

  it('the sample config is valid', () => {
    assert.deepEqual(parsed.errors, []);
  });

  it('holds exactly the files the README lists, YAML and JSON', () => {
    const files = readdirSync(SAMPLES).filter((name) => /\.(ya?ml|json)$/.test(name) && !name.startsWith('.'));
    assert.deepEqual(files.sort(), Object.keys(WITH_CONFIG).sort());
    const readme = read('README.md');
    for (const name of files) assert.ok(readme.includes(`\`${name}\``), `README mentions ${name}`);
  });

  for (const [name, expected] of Object.entries(WITH_CONFIG)) {
    it(`${name}: the README's findings with the sample config`, () => {
      assert.deepEqual(findings(name, parsed.config), expected);
    });
  }

  it('without the config: the alpine backup and the log shipper show up, custom patterns and overrides are gone', () => {
    for (const name of Object.keys(WITH_CONFIG)) {
      assert.deepEqual(findings(name), WITHOUT_CONFIG[name] ?? WITH_CONFIG[name], name);
    }
  });

  it('the README summary line matches: 28 findings in 7 of 11 files', () => {
    const counts = Object.keys(WITH_CONFIG).map((name) => findings(name, parsed.config).length);
    assert.equal(counts.reduce((sum, count) => sum + count, 0), 28);
    assert.equal(counts.filter((count) => count > 0).length, 7);
    assert.match(read('README.md'), /28 findings in 7 of 11 files/);
  });

  it('the seed rule, read as intended, flags every benign look-alike that jobsentinel leaves alone', () => {
    // The seed rule's six clauses (docs/seed-rule.md), case-insensitive and unanchored, over each object's JSON text.
    const clauses = [
      /(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)/i,
      /(bash -i|\/dev\/tcp|mkfifo|socat|base64 -d|chmod \+x)/i,
      /hostPath/i,
      /privileged.*true/i,
      /hostNetwork.*true/i,
      /\/var\/run\/docker\.sock|\/proc|\/sys/i,
    ];
    for (const name of ['backup-alpine-cronjob.yaml', 'superlative-reporter-cronjob.yaml', 'fluent-bit-log-shipper-cronjob.yaml', 'env-mentions-curl-job.yaml']) {
      const json = JSON.stringify(load(read(name)));
      assert.ok(clauses.some((clause) => clause.test(json)), `the seed rule fires on ${name}`);
      assert.deepEqual(findings(name, parsed.config), [], name);
    }
  });
});
