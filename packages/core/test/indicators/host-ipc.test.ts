import { container, CRONJOB_POD_SPEC, pod as podText } from '../indicator-helpers.js';
import { testIndicator } from './test-indicator.js';

testIndicator('host-ipc', {
  catches: [
    {
      name: 'hostIPC: true, a warning at the value',
      pod: podText(['hostIPC: true', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostIPC`, severity: 'warning', line: 'hostIPC: true', text: 'true' }],
    },
    {
      name: 'hostIPC: yes (a YAML 1.1 boolean, true to Kubernetes)',
      pod: podText(['hostIPC: yes', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostIPC`, text: 'yes' }],
    },
  ],
  ignores: [
    { name: 'hostIPC: false', pod: podText(['hostIPC: false', 'containers:'], container([])) },
    { name: 'the string "true" (the API server would refuse it)', pod: podText(['hostIPC: "true"', 'containers:'], container([])) },
  ],
});
