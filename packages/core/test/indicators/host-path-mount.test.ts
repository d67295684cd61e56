import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { container, cronJob, CRONJOB_POD_SPEC, findingsOf, hostPathVolume, only, pod, rangeText } from '../indicator-helpers.js';

describe('host-path-mount', () => {
  test('any hostPath is host-path-mount, a warning spanning the hostPath key and value', () => {
    const text = hostPathVolume('/var/cache');
    const finding = only(text, 'host-path-mount');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.path, `${CRONJOB_POD_SPEC}/volumes/0/hostPath`);
    assert.equal(rangeText(text, finding.range), 'hostPath: {path: /var/cache}');
    assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
  });

  test('emptyDir, configMap and persistentVolumeClaim volumes are not host paths', () => {
    const text = cronJob(pod(['volumes:', '- {name: a, emptyDir: {}}', '- {name: b, configMap: {name: c}}', '- {name: d, persistentVolumeClaim: {claimName: e}}', 'containers:'], container([])));
    assert.deepEqual(findingsOf(text, 'host-path-mount'), []);
  });
});
