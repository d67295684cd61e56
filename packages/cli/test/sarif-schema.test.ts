import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { run, workspace } from './helpers.ts';

// The official SARIF 2.1.0 schema (JSON Schema draft-04), as Microsoft ships it for its own SARIF tests.
// Its language-tag pattern is not valid with the u flag, hence unicodeRegExp: false.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// Both are CommonJS modules whose class/plugin is also their `default` member: the one form Node and TypeScript agree on.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv); // uri, uri-reference, date-time: checked too
const validate = ajv.compile(schema);

const root = new URL('../../../', import.meta.url).pathname;

/** The parts of a SARIF log these tests read. */
type SarifLog = {
  runs: Array<{
    results: Array<{ ruleId: string }>;
    invocations: Array<{ toolExecutionNotifications: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
  }>;
};

function assertValidSarif(args: string[], cwd: string, options: { input?: string } = {}): SarifLog {
  const result = run([...args, '--format', 'sarif'], { cwd, ...options });
  const log: unknown = JSON.parse(result.stdout);
  const valid = validate(log);
  assert.ok(valid, `${args.join(' ')}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
  return log as SarifLog;
}

test('scan --format sarif validates against the SARIF 2.1.0 schema: the bundled samples, custom patterns, and errors', () => {
  const log = assertValidSarif(['scan', 'samples'], root);
  assert.ok(log.runs[0].results.length > 20);
  const dir = workspace({
    '.jobsentinel.yaml': 'custom:\n  patterns:\n    - {id: miner-pool, pattern: "stratum\\\\+tcp://", severity: error, description: Mining pool}\n',
    'miner.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: m}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: m, image: x, args: ["--url=stratum+tcp://pool:3333"]}\n',
    'broken.yaml': 'kind: Job\nspec: [unclosed\n',
  });
  const custom = assertValidSarif(['scan', '.'], dir);
  assert.ok(custom.runs[0].results.some((result: { ruleId: string }) => result.ruleId === 'miner-pool'));
  const [notification] = custom.runs[0].invocations[0].toolExecutionNotifications;
  assert.equal(notification.locations[0].physicalLocation.artifactLocation.uri, 'broken.yaml');
  assert.equal(notification.locations[0].physicalLocation.region.startLine, 2);
});

test('audit --format sarif validates against the SARIF 2.1.0 schema, in both modes, with malformed records', () => {
  for (const mode of ['structural', 'elastic']) {
    const log = assertValidSarif(['audit', 'fixtures/audit/kube-apiserver-audit.log', 'fixtures/audit/gke-cloud-audit-logs.json', '--mode', mode], root);
    assert.ok(log.runs[0].results.length > 0, mode);
  }
  const broken = readFileSync(`${root}fixtures/audit/kube-apiserver-audit.log`, 'utf8').replace('\n', '\n{"cut": \n');
  assertValidSarif(['audit', '-', '--stdin-name', 'broken.log'], root, { input: broken });
});
