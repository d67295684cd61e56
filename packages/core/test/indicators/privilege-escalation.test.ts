import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { container, containerPath, cronJob, findingsOf, only, pod, rangeText } from '../indicator-helpers.js';

describe('privilege-escalation', () => {
  test('allowPrivilegeEscalation: true is a warning at the value', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext: {allowPrivilegeEscalation: true}'])));
    const finding = only(text, 'privilege-escalation');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.path, containerPath('securityContext', 'allowPrivilegeEscalation'));
    assert.equal(rangeText(text, finding.range), 'true');
  });

  test('allowPrivilegeEscalation: false is fine', () => {
    assert.deepEqual(findingsOf(cronJob(pod(['containers:'], container(['securityContext: {allowPrivilegeEscalation: false}']))), 'privilege-escalation'), []);
  });
});
