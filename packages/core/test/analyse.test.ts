/** analyseManifest, the public entry point: what each finding carries, and what the function promises. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, DEFAULT_CONFIG, INDICATORS, type JobSentinelConfig } from '../src/index.js';

const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
  namespace: ops
spec:
  schedule: "*/10 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch
              image: curlimages/curl:8.8.0
          containers:
            - name: run
              image: registry.example/cleanup:2
              securityContext:
                privileged: true
          ephemeralContainers:
            - name: debug
              image: registry.example/debug:1
              securityContext: {allowPrivilegeEscalation: true}
`;

describe('analyseManifest', () => {
  const result = analyseManifest(CRONJOB, 'jobs/cleanup.yaml');

  it('returns every field a finding promises (packages/core/README.md, "Types")', () => {
    const privileged = result.findings.find((finding) => finding.indicator === 'privileged-container')!;
    const start = CRONJOB.indexOf('true');
    assert.deepEqual(privileged, {
      indicator: 'privileged-container',
      severity: 'error',
      message: privileged.message,
      path: '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged',
      evidence: privileged.evidence,
      document: 0,
      kind: 'CronJob',
      name: 'cleanup',
      namespace: 'ops',
      range: { start: { line: 19, column: 29 }, end: { line: 19, column: 33 } },
      span: { start, end: start + 4 },
    });
    assert.match(privileged.message, /privileged/);
  });

  it('inspects init and ephemeral containers as well as containers', () => {
    assert.deepEqual(
      result.findings.map((finding) => [finding.indicator, finding.path.replace('/spec/jobTemplate/spec/template/spec', '')]),
      [
        ['attacker-tooling', '/initContainers/0/image'],
        ['privileged-container', '/containers/0/securityContext/privileged'],
        ['privilege-escalation', '/ephemeralContainers/0/securityContext/allowPrivilegeEscalation'],
      ],
    );
  });

  it('is a pure function: same text, same result, whatever the file name', () => {
    assert.deepEqual(analyseManifest(CRONJOB, 'elsewhere/other-name.yml'), result);
  });

  it('does not modify the config it is given', () => {
    const config: JobSentinelConfig = { profile: 'seed', severity: { 'attacker-tooling': 'off' }, ignore: [{ namespaces: ['x'] }], custom: { images: [], patterns: [] } };
    const copy = structuredClone(config);
    const defaults = structuredClone(DEFAULT_CONFIG);
    analyseManifest(CRONJOB, 'a.yaml', { config });
    assert.deepEqual(config, copy);
    assert.deepEqual(DEFAULT_CONFIG, defaults);
  });

  it('runs only the indicators it is given', () => {
    const only = INDICATORS.filter((indicator) => indicator.id === 'privilege-escalation');
    assert.deepEqual(analyseManifest(CRONJOB, 'a.yaml', { indicators: only }).findings.map((finding) => finding.indicator), ['privilege-escalation']);
  });

  it('reads CronJobs of batch/v1beta1 and Jobs, and leaves other API groups alone', () => {
    const v1beta1 = CRONJOB.replace('batch/v1', 'batch/v1beta1');
    assert.equal(analyseManifest(v1beta1, 'a.yaml').findings.length, 3);
    const notBatch = CRONJOB.replace('batch/v1', 'example.com/v1');
    assert.deepEqual(analyseManifest(notBatch, 'a.yaml').findings, []);
  });

  it('a document that fails to parse keeps its place: the next one is still document 1', () => {
    const text = `kind: [broken\n---\n${CRONJOB}`;
    const result = analyseManifest(text, 'two.yaml');
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].range.start.line, 1);
    assert.equal(result.documents, 2);
    assert.ok(result.findings.length > 0);
    assert.ok(result.findings.every((finding) => finding.document === 1));
  });

  it('walks into a List of objects, with paths under /items', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n  - apiVersion: batch/v1\n    kind: Job\n    metadata: {name: in-list}\n    spec: {template: {spec: {hostPID: true, containers: [{name: c, image: registry.example/a:1}]}}}\n`;
    const findings = analyseManifest(list, 'list.yaml').findings;
    assert.deepEqual(findings.map((finding) => [finding.path, finding.name, finding.range!.start.line]), [['/items/1/spec/template/spec/hostPID', 'in-list', 10]]);
  });

  it('every span slices the evidence out of the text for scalar findings', () => {
    for (const finding of result.findings) {
      const source = CRONJOB.slice(finding.span!.start, finding.span!.end);
      if (finding.indicator === 'attacker-tooling') assert.equal(source, finding.evidence);
      else assert.equal(source, 'true');
    }
  });
});
