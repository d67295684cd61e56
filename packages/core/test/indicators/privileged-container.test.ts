import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { container, containerPath, cronJob, CRONJOB_POD_SPEC, findingsOf, lineOf, only, pod, rangeText } from '../indicator-helpers.js';

describe('privileged-container', () => {
  test('privileged: true on a container: error at the value, exact range', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: true'])));
    const finding = only(text, 'privileged-container');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, containerPath('securityContext', 'privileged'));
    const line = lineOf(text, 'privileged: true');
    assert.deepEqual(finding.range, { start: { line, column: 27 }, end: { line, column: 31 } });
    assert.equal(rangeText(text, finding.range), 'true');
  });

  test('the seed false positive: privileged: false beside readOnlyRootFilesystem: true', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: false', '  readOnlyRootFilesystem: true', '  runAsNonRoot: true'])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });

  for (const spelling of ['yes', 'on', 'True', 'y']) {
    test(`privileged: ${spelling} is true to Kubernetes (YAML 1.1 booleans, as sigs.k8s.io/yaml reads them)`, () => {
      const text = cronJob(pod(['containers:'], container(['securityContext:', `  privileged: ${spelling}`])));
      assert.equal(rangeText(text, only(text, 'privileged-container').range), spelling);
    });
  }

  test('the string "true" is not the boolean (the API server would reject it)', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: "true"'])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });

  test('initContainers and ephemeralContainers count', () => {
    const text = cronJob(
      pod(['initContainers:'], container(['securityContext: {privileged: true}'], 'init'), ['ephemeralContainers:'], container(['securityContext: {privileged: true}'], 'debug'), ['containers:'], container([])),
    );
    assert.deepEqual(
      findingsOf(text, 'privileged-container').map((f) => f.path),
      [`${CRONJOB_POD_SPEC}/initContainers/0/securityContext/privileged`, `${CRONJOB_POD_SPEC}/ephemeralContainers/0/securityContext/privileged`],
    );
  });

  test('a pod-level securityContext has no privileged field to abuse', () => {
    const text = cronJob(pod(['securityContext: {runAsUser: 0}', 'containers:'], container([])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });
});
