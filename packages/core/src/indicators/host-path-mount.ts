import { ATTACK_T1053_007, type Indicator } from './indicator.js';
import { hostPathVolumes } from './host-volumes.js';

export const hostPathMount: Indicator = {
  id: 'host-path-mount',
  title: 'hostPath volume',
  summary: 'any `volumes[].hostPath`',
  profile: 'seed',
  seedClause: 3,
  severity: 'warning',
  description:
    'The pod mounts a directory or file of the node (volumes[].hostPath). Host files outlive the pod and ' +
    'are shared with everything else on the node.',
  remediation: 'Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead of hostPath.',
  falsePositives:
    'Log forwarders (Fluentd, Fluent Bit, Promtail) read /var/log through hostPath; ignore them by image ' +
    '(ignore: images: ["fluent/fluent-bit*", "grafana/promtail*"]).',
  attack: ATTACK_T1053_007,
  check(template, report) {
    for (const { path, hostPath } of hostPathVolumes(template)) {
      report({ path, message: `The pod mounts the node's ${hostPath || 'filesystem'} (hostPath).`, evidence: hostPath });
    }
  },
};
