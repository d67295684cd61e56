import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';

export const privilegedContainer: Indicator = {
  id: 'privileged-container',
  title: 'Privileged container',
  summary: '`securityContext.privileged: true` on any container, init or ephemeral container',
  profile: 'seed',
  seedClause: 4,
  severity: 'error',
  description:
    'A container runs with securityContext.privileged: true, or as a Windows HostProcess container ' +
    '(securityContext.windowsOptions.hostProcess: true, on the pod or the container). It has every capability and ' +
    'every host device: a scheduled privileged job is a standing way to escape to the node.',
  remediation: 'Set securityContext.privileged to false, and grant only the capabilities the job needs.',
  falsePositives:
    'Node agents (CNI, storage, monitoring) sometimes need it, but rarely as a CronJob or Job. ' +
    'Suppress with the jobsentinel.io/ignore annotation on the reviewed workload.',
  attack: ATTACK_T1053_007,
  check(template, report) {
    // A Windows HostProcess pod runs its containers as processes on the node itself: privileged by another name.
    if (template.spec.securityContext?.windowsOptions?.hostProcess === true) {
      report({
        path: joinPointer(template.specPath, 'securityContext', 'windowsOptions', 'hostProcess'),
        message: 'The pod is a Windows HostProcess pod: its containers run directly on the node, with its privileges.',
        evidence: 'hostProcess: true',
      });
    }
    for (const { container, path } of template.containers) {
      if (container.securityContext?.privileged === true) {
        report({
          path: joinPointer(path, 'securityContext', 'privileged'),
          message: `Container "${container.name ?? '?'}" runs privileged (full access to the node).`,
          evidence: 'privileged: true',
        });
      }
      if (container.securityContext?.windowsOptions?.hostProcess === true) {
        report({
          path: joinPointer(path, 'securityContext', 'windowsOptions', 'hostProcess'),
          message: `Container "${container.name ?? '?'}" is a Windows HostProcess container: it runs directly on the node, with its privileges.`,
          evidence: 'hostProcess: true',
        });
      }
    }
  },
  fix(hit) {
    // A HostProcess pod cannot simply be made an ordinary one (it also needs hostNetwork); only `privileged` has a fix.
    if (!hit.path.endsWith('/securityContext/privileged')) return undefined;
    return { title: 'Set privileged: false', safe: true, edits: [{ op: 'replace', path: hit.path, value: false }] };
  },
};
