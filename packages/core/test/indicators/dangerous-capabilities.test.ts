import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { container, containerPath, cronJob, findingsOf, only, pod, rangeText } from '../indicator-helpers.js';

describe('dangerous-capabilities', () => {
  for (const capability of ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'CAP_SYS_ADMIN', 'sys_admin']) {
    test(`capabilities.add ${capability} is an error at the list item`, () => {
      const text = cronJob(pod(['containers:'], container(['securityContext:', '  capabilities:', `    add: [NET_BIND_SERVICE, ${capability}]`])));
      const finding = only(text, 'dangerous-capabilities');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.path, containerPath('securityContext', 'capabilities', 'add', 1));
      assert.equal(rangeText(text, finding.range), capability);
    });
  }

  test('narrow capabilities and dropped ones are fine', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  capabilities:', '    add: [NET_BIND_SERVICE, CHOWN]', '    drop: [ALL, SYS_ADMIN]'])));
    assert.deepEqual(findingsOf(text, 'dangerous-capabilities'), []);
  });
});
