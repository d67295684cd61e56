import { container, CRONJOB_POD_SPEC, pod as podText } from '../indicator-helpers.js';
import { testIndicator } from './test-indicator.js';

testIndicator('host-network', {
  catches: [
    {
      name: 'hostNetwork: true, a warning at the value',
      pod: podText(['hostNetwork: true', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostNetwork`, severity: 'warning', line: 'hostNetwork: true', text: 'true' }],
    },
    {
      name: 'hostNetwork: yes (a YAML 1.1 boolean, true to Kubernetes)',
      pod: podText(['hostNetwork: yes', 'containers:'], container([])),
      expect: [{ pointer: `${CRONJOB_POD_SPEC}/hostNetwork`, text: 'yes' }],
    },
  ],
  ignores: [
    { name: 'hostNetwork: false', pod: podText(['hostNetwork: false', 'containers:'], container([])) },
    { name: 'the string "true" (the API server would refuse it)', pod: podText(['hostNetwork: "true"', 'containers:'], container([])) },
    // Moved from the host namespaces tests: a word in a value is not the field.
    { name: 'hostNetwork mentioned in an env value', pod: podText(['containers:'], container(['env:', '- {name: NOTE, value: "hostNetwork: true"}'])) },
  ],
});
