import { container, CRONJOB_POD_SPEC, pod as podText } from '../indicator-helpers.js';
import { testIndicator } from './test-indicator.js';

testIndicator('host-pid', {
  catches: [
    {
      name: 'hostPID: true, a warning at the value',
      pod: podText(['hostPID: true', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostPID`, severity: 'warning', line: 'hostPID: true', text: 'true' }],
    },
    {
      name: 'hostPID: yes (a YAML 1.1 boolean, true to Kubernetes)',
      pod: podText(['hostPID: yes', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostPID`, text: 'yes' }],
    },
  ],
  ignores: [
    { name: 'hostPID: false', pod: podText(['hostPID: false', 'containers:'], container([])) },
    { name: 'the string "true" (the API server would refuse it)', pod: podText(['hostPID: "true"', 'containers:'], container([])) },
  ],
});
