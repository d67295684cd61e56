import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';

export const privilegeEscalation: Indicator = {
  id: 'privilege-escalation',
  title: 'Privilege escalation allowed',
  summary: '`allowPrivilegeEscalation: true`',
  profile: 'extended',
  severity: 'warning',
  description:
    'A container sets allowPrivilegeEscalation: true, so a process can gain more privileges than its parent ' +
    '(setuid binaries, file capabilities).',
  remediation: 'Set securityContext.allowPrivilegeEscalation to false.',
  falsePositives: 'Images that rely on setuid helpers (sudo, ping on old bases) need it; prefer fixing the image.',
  attack: ATTACK_T1053_007,
  check(template, report) {
    for (const { container, path } of template.containers) {
      if (container.securityContext?.allowPrivilegeEscalation === true) {
        report({
          path: joinPointer(path, 'securityContext', 'allowPrivilegeEscalation'),
          message: `Container "${container.name ?? '?'}" allows privilege escalation.`,
          evidence: 'allowPrivilegeEscalation: true',
        });
      }
    }
  },
  fix(hit) {
    return { title: 'Set allowPrivilegeEscalation: false', safe: true, edits: [{ op: 'replace', path: hit.path, value: false }] };
  },
};
