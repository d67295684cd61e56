/** `.jobsentinel.yaml` (README.md, "Configuration"): strict validation, errors that name themselves at their range, and lookup paths. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyseManifest, DEFAULT_CONFIG, parseConfig, type AnalysisError } from '../src/index.js';

const FILE = '.jobsentinel.yaml';

/** The example of the README's "Configuration" section (comments shortened). */
const EXAMPLE = [
  'profile: extended            # or: seed (only the six clauses)',
  'severity:                    # error | warning | information | hint | off',
  '  attacker-tooling: information',
  'ignore:',
  '  - indicators: [attacker-tooling]',
  '    images: ["alpine:*", "ubuntu:*"]',
  '    namespaces: ["ci", "build-*"]',
  '  - indicators: [host-path-mount]',
  '    images: ["fluent/fluent-bit*", "grafana/promtail*"]',
  '  - indicators: [attacker-tooling]',
  '    users: ["system:serviceaccount:security:scanner"]   # audit logs only',
  'custom:',
  '  images: ["*xmrig*"]',
  '  patterns:',
  '    - id: crypto-miner',
  '      pattern: "stratum\\\\+tcp://|xmrig"',
  '      severity: error',
  '',
].join('\n');

/** `line:column-line:column message`, the way a user reads an error. */
function show(errors: AnalysisError[]): string[] {
  return errors.map(({ range, message }) => `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column} ${message}`);
}

function errorsOf(text: string): string[] {
  return show(parseConfig(text, FILE).errors);
}

describe('parseConfig: valid files', () => {
  it('reads the example config without errors, as the README shows it', () => {
    const { config, errors } = parseConfig(EXAMPLE, FILE);
    assert.deepEqual(errors, []);
    assert.deepEqual(config, {
      profile: 'extended',
      severity: { 'attacker-tooling': 'information' },
      ignore: [
        { indicators: ['attacker-tooling'], images: ['alpine:*', 'ubuntu:*'], namespaces: ['ci', 'build-*'] },
        { indicators: ['host-path-mount'], images: ['fluent/fluent-bit*', 'grafana/promtail*'] },
        { indicators: ['attacker-tooling'], users: ['system:serviceaccount:security:scanner'] },
      ],
      custom: { images: ['*xmrig*'], patterns: [{ id: 'crypto-miner', pattern: 'stratum\\+tcp://|xmrig', severity: 'error' }] },
    });
  });

  it('reads the README\'s example as that same config', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const shown = /^## Configuration\n[\s\S]*?^```yaml\n([\s\S]*?)^```/m.exec(readme);
    assert.ok(shown, 'README.md has a yaml example under "Configuration"');
    const { config, errors } = parseConfig(shown[1], FILE);
    assert.deepEqual(errors, []);
    assert.deepEqual(config, parseConfig(EXAMPLE, FILE).config);
  });

  it('reads a JSON config the same way', () => {
    const { config, errors } = parseConfig('{"profile": "seed", "severity": {"host-network": "off"}}', '.jobsentinel.json');
    assert.deepEqual(errors, []);
    assert.equal(config.profile, 'seed');
    assert.deepEqual(config.severity, { 'host-network': 'off' });
  });

  it('treats an empty file, a comments-only file and empty sections as the defaults', () => {
    for (const text of ['', '# nothing tuned yet\n', 'severity:\nignore:\ncustom:\n']) {
      assert.deepEqual(parseConfig(text, FILE), { config: DEFAULT_CONFIG, errors: [] }, JSON.stringify(text));
    }
  });

  it('accepts every severity setting, off included', () => {
    const { config, errors } = parseConfig(
      'severity:\n  attacker-tooling: hint\n  shell-escape: error\n  host-path-mount: information\n  host-pid: warning\n  host-ipc: off\n',
      FILE,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(config.severity, { 'attacker-tooling': 'hint', 'shell-escape': 'error', 'host-path-mount': 'information', 'host-pid': 'warning', 'host-ipc': 'off' });
  });

  it('lets severity and ignore entries name custom pattern ids declared in the same file', () => {
    const text = 'severity:\n  crypto-miner: warning\nignore:\n  - indicators: [crypto-miner]\n    namespaces: [lab]\ncustom:\n  patterns:\n    - id: crypto-miner\n      pattern: xmrig\n';
    const { config, errors } = parseConfig(text, FILE);
    assert.deepEqual(errors, []);
    assert.deepEqual(config.severity, { 'crypto-miner': 'warning' });
    assert.deepEqual(config.ignore, [{ indicators: ['crypto-miner'], namespaces: ['lab'] }]);
    assert.deepEqual(config.custom.patterns, [{ id: 'crypto-miner', pattern: 'xmrig', severity: 'warning' }]);
  });

  it('keeps a custom pattern description and env flag', () => {
    const text = 'custom:\n  patterns:\n    - {id: miner-pool, pattern: "pool\\\\.", severity: hint, description: Mining pool host, env: true}\n';
    const { config, errors } = parseConfig(text, FILE);
    assert.deepEqual(errors, []);
    assert.deepEqual(config.custom.patterns, [{ id: 'miner-pool', pattern: 'pool\\.', severity: 'hint', description: 'Mining pool host', env: true }]);
  });
});

describe('parseConfig: every mistake is an error that names itself, at its range', () => {
  it('an unknown top-level key, at the key, with a suggestion', () => {
    assert.deepEqual(errorsOf('profile: seed\nignores: []\n'), [
      '2:1-2:8 unknown key "ignores" in .jobsentinel.yaml (did you mean "ignore"?); known keys: profile, severity, ignore, custom',
    ]);
  });

  it('an unknown indicator id in severity, at the id, and the valid entries still apply', () => {
    const { config, errors } = parseConfig('severity:\n  host-netwrk: off\n  host-pid: hint\n', FILE);
    assert.deepEqual(show(errors), ['2:3-2:14 unknown indicator "host-netwrk" in severity (did you mean "host-network"?)']);
    assert.deepEqual(config.severity, { 'host-pid': 'hint' });
  });

  it('a bad severity, at the value', () => {
    assert.deepEqual(errorsOf('severity:\n  host-network: critical\n'), [
      '2:17-2:25 severity of "host-network" must be one of error, warning, information, hint, off, not "critical"',
    ]);
  });

  it('a bad profile, at the value, keeping the default', () => {
    const { config, errors } = parseConfig('profile: seeds\n', FILE);
    assert.deepEqual(show(errors), ['1:10-1:15 profile must be seed or extended, not "seeds" (did you mean "seed"?)']);
    assert.equal(config.profile, 'extended');
  });

  it('wrong types for each section, a collection at its key and value', () => {
    assert.deepEqual(errorsOf('profile: 3\nseverity: [a]\nignore: {indicators: [host-pid]}\ncustom: yes\n'), [
      '1:10-1:11 profile must be seed or extended, not 3',
      '2:1-2:14 severity must be a mapping, not a list',
      '3:1-3:33 ignore must be a list of entries, not a mapping',
      '4:9-4:12 custom must be a mapping, not "yes"',
    ]);
  });

  it('an ignore entry with an unknown key is dropped whole, so it cannot ignore more than meant', () => {
    const { config, errors } = parseConfig('ignore:\n  - indicators: [host-path-mount]\n    image: ["fluent/*"]\n', FILE);
    assert.deepEqual(show(errors), [
      '3:5-3:10 unknown key "image" in ignore entry 1 (did you mean "images"?); known keys: indicators, images, namespaces, users',
    ]);
    assert.deepEqual(config.ignore, []);
  });

  it('an ignore entry naming an unknown indicator, at that id', () => {
    const { config, errors } = parseConfig('ignore:\n  - indicators: [attacker-tooling, nmap-scan]\n    namespaces: [security]\n', FILE);
    assert.deepEqual(show(errors), ['2:36-2:45 unknown indicator "nmap-scan" in ignore entry 1']);
    assert.deepEqual(config.ignore, []);
  });

  it('an ignore entry whose condition is a string instead of a list', () => {
    assert.deepEqual(errorsOf('ignore:\n  - indicators: host-path-mount\n'), [
      '2:17-2:32 indicators of ignore entry 1 must be a list of strings, not "host-path-mount"',
    ]);
  });

  it('an ignore entry with no condition would ignore everything', () => {
    assert.deepEqual(errorsOf('ignore:\n  - {}\n'), [
      '2:5-2:7 ignore entry 1 has no conditions and would ignore every finding; name indicators, images, namespaces or users',
    ]);
  });

  it('custom.images: a non-list, a non-string, and a glob that matches every image', () => {
    assert.deepEqual(errorsOf('custom:\n  images: "*xmrig*"\n'), ['2:12-2:19 custom.images must be a list of strings, not "*xmrig*"']);
    const { config, errors } = parseConfig('custom:\n  images: ["*xmrig*", "*", 7]\n', FILE);
    assert.deepEqual(show(errors), ['2:28-2:29 custom.images must hold non-empty strings, not 7']);
    assert.deepEqual(config.custom.images, []);
    assert.deepEqual(errorsOf('custom:\n  images: ["*xmrig*", "**"]\n'), ['2:24-2:26 custom.images glob "**" would match every image']);
  });

  it('custom pattern ids: kebab-case, not a built-in id, not twice', () => {
    const text = [
      'custom:',
      '  patterns:',
      '    - id: CryptoMiner',
      '      pattern: xmrig',
      '    - id: shell-escape',
      '      pattern: nc',
      '    - id: miner',
      '      pattern: xmrig',
      '    - id: miner',
      '      pattern: minerd',
      '',
    ].join('\n');
    const { config, errors } = parseConfig(text, FILE);
    assert.deepEqual(show(errors), [
      '3:11-3:22 custom pattern id "CryptoMiner" must be kebab-case (lower-case words joined by hyphens)',
      '5:11-5:23 custom pattern id "shell-escape" is a built-in indicator; choose another id',
      '9:11-9:16 custom pattern id "miner" is used twice',
    ]);
    assert.deepEqual(config.custom.patterns.map((pattern) => pattern.pattern), ['xmrig']);
  });

  it('custom pattern fields: missing or ill-typed pattern, bad severity, description, env, unknown key', () => {
    const text = [
      'custom:',
      '  patterns:',
      '    - id: no-pattern',
      '    - id: number-pattern',
      '      pattern: 42',
      '    - id: loud',
      '      pattern: x',
      '      severity: critical',
      '    - id: described',
      '      pattern: x',
      '      description: [a]',
      '    - id: env-flag',
      '      pattern: x',
      '      env: "yes"',
      '    - id: typo',
      '      pattern: x',
      '      sevrity: error',
      '',
    ].join('\n');
    const { config, errors } = parseConfig(text, FILE);
    assert.deepEqual(show(errors), [
      '3:7-3:21 "no-pattern" needs a pattern: a non-empty string in RE2 syntax',
      '5:16-5:18 "number-pattern" needs a pattern: a non-empty string in RE2 syntax, not 42',
      '8:17-8:25 severity of "loud" must be one of error, warning, information, hint, not "critical"',
      '11:7-11:23 description of "described" must be a string, not a list',
      '14:13-14:16 env of "env-flag" must be true or false, not "yes"',
      '17:7-17:14 unknown key "sevrity" in custom pattern 6 (did you mean "severity"?); known keys: id, pattern, severity, description, env',
    ]);
    assert.deepEqual(config.custom.patterns, []);
  });

  it('hands each pattern to validatePattern and reports its answer at the pattern', () => {
    const seen: string[] = [];
    const validatePattern = (pattern: string) => {
      seen.push(pattern);
      return pattern.includes('(?=') ? 'lookahead is not supported by a linear-time engine' : undefined;
    };
    const text = 'custom:\n  patterns:\n    - {id: good, pattern: "xmrig"}\n    - {id: bad, pattern: "a(?=b)"}\n';
    const { config, errors } = parseConfig(text, FILE, { validatePattern });
    assert.deepEqual(seen, ['xmrig', 'a(?=b)']);
    assert.deepEqual(show(errors), ['4:27-4:33 pattern of "bad": lookahead is not supported by a linear-time engine']);
    assert.deepEqual(config.custom.patterns.map((pattern) => pattern.id), ['good']);
  });

  it('a YAML syntax error, with its line, and the defaults', () => {
    const { config, errors } = parseConfig('severity:\n  host-pid: [warning\n', FILE);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 2);
    assert.deepEqual(config, DEFAULT_CONFIG);
  });

  it('a file that is a list, or holds two documents', () => {
    assert.deepEqual(errorsOf('- profile: seed\n'), ['1:1-1:16 .jobsentinel.yaml must be a mapping with the keys profile, severity, ignore, custom']);
    const { config, errors } = parseConfig('profile: seed\n---\nprofile: extended\n', FILE);
    assert.deepEqual(show(errors), ['3:1-3:18 .jobsentinel.yaml holds one document; document 2 is ignored']);
    assert.equal(config.profile, 'seed');
  });

  it('errors come in source order', () => {
    const lines = errorsOf('zzz: 1\nprofile: x\nseverity:\n  nope: off\naaa: 2\n').map((error) => Number(error.split(':')[0]));
    assert.deepEqual(lines, [1, 2, 4, 5]);
  });
});

describe('parseConfig feeds analyseManifest', () => {
  it('a severity override read from the file changes the finding', () => {
    const manifest = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: registry.example/app:1}]\n';
    const before = analyseManifest(manifest, 'job.yaml').findings.map((finding) => [finding.indicator, finding.severity]);
    assert.deepEqual(before, [['host-network', 'warning']]);
    const { config } = parseConfig('severity:\n  host-network: error\n', FILE);
    const after = analyseManifest(manifest, 'job.yaml', { config }).findings.map((finding) => [finding.indicator, finding.severity]);
    assert.deepEqual(after, [['host-network', 'error']]);
  });
});

describe('parseConfig messages', () => {
  it('name the config file by its own name, whatever path the host passes', () => {
    for (const path of ['/home/dev/repo/.jobsentinel.yml', 'C:\\repo\\.jobsentinel.yml']) {
      assert.deepEqual(
        parseConfig('profle: seed\n', path).errors.map((error) => error.message),
        ['unknown key "profle" in .jobsentinel.yml (did you mean "profile"?); known keys: profile, severity, ignore, custom'],
      );
    }
  });
});
