import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';

type HostNamespaceField = 'hostNetwork' | 'hostPID' | 'hostIPC';

const NAMESPACE_NAMES: Record<HostNamespaceField, string> = { hostNetwork: 'network', hostPID: 'process (PID)', hostIPC: 'IPC' };

/** The three host-namespace switches differ only in field, wording and profile. */
function hostNamespaceIndicator(
  field: HostNamespaceField,
  fields: Pick<Indicator, 'id' | 'title' | 'profile' | 'seedClause' | 'description' | 'falsePositives'>,
): Indicator {
  return {
    ...fields,
    summary: `\`${field}: true\``,
    severity: 'warning',
    remediation: `Remove spec.${field} (it defaults to false).`,
    attack: ATTACK_T1053_007,
    check(template, report) {
      if ((template.spec as PodSpec)[field] === true) {
        report({
          path: joinPointer(template.specPath, field),
          message: `The pod shares the node's ${NAMESPACE_NAMES[field]} namespace (${field}: true).`,
          evidence: `${field}: true`,
        });
      }
    },
    fix(hit) {
      // The field defaults to false: removing it is the smallest edit, and what the remediation says.
      return { title: `Remove ${field}: true`, safe: true, edits: [{ op: 'remove', path: hit.path }] };
    },
  };
}

export const hostNetwork = hostNamespaceIndicator('hostNetwork', {
  id: 'host-network',
  title: 'Host network',
  profile: 'seed',
  seedClause: 5,
  description:
    'The pod uses the node\'s network namespace: it can reach node-local services (kubelet, metadata endpoints) ' +
    'and sniff or bind host ports, bypassing network policies.',
  falsePositives: 'CNI and node-monitoring agents need it; they are DaemonSets, rarely Jobs.',
});

export const hostPid = hostNamespaceIndicator('hostPID', {
  id: 'host-pid',
  title: 'Host PID namespace',
  profile: 'extended',
  description: 'The pod sees and can signal every process on the node; with privileges it can enter them (nsenter).',
  falsePositives:
    'Node debugging and profiling tools need it, and so do CIS node checks in the style of kube-bench, which read ' +
    'the node\'s processes: the finding is right (a node takeover asks for the same), so review such a job and ' +
    'ignore it by image in .jobsentinel.yaml (ignore: images: ["docker.io/aquasec/kube-bench*"]).',
});

export const hostIpc = hostNamespaceIndicator('hostIPC', {
  id: 'host-ipc',
  title: 'Host IPC namespace',
  profile: 'extended',
  description: 'The pod shares the node\'s IPC namespace and can read or tamper with shared memory of host processes.',
  falsePositives: 'Rarely needed outside of specialised HPC workloads.',
});
