import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';

export const DANGEROUS_CAPABILITIES = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH']);

/** `cap_sys_admin` and `SYS_ADMIN` name the same capability to the runtime. */
function canonicalCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

export const dangerousCapabilities: Indicator = {
  id: 'dangerous-capabilities',
  title: 'Dangerous capability',
  summary: `\`capabilities.add\` of ${[...DANGEROUS_CAPABILITIES].map((name) => `\`${name}\``).join(', ')}`,
  profile: 'extended',
  severity: 'error',
  description:
    'A container adds a capability that amounts to root on the node: ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ' +
    'SYS_MODULE or DAC_READ_SEARCH.',
  remediation: 'Drop the capability; add only narrow ones (e.g. NET_BIND_SERVICE) that the job needs.',
  falsePositives: 'Network tooling jobs may need NET_ADMIN; ignore them by image and namespace.',
  attack: ATTACK_T1053_007,
  check(template, report) {
    for (const { container, path } of template.containers) {
      const added = container.securityContext?.capabilities?.add;
      if (!Array.isArray(added)) continue;
      added.forEach((capability, index) => {
        if (typeof capability !== 'string' || !DANGEROUS_CAPABILITIES.has(canonicalCapability(capability))) return;
        report({
          path: joinPointer(path, 'securityContext', 'capabilities', 'add', index),
          message: `Container "${container.name ?? '?'}" adds the ${canonicalCapability(capability)} capability.`,
          evidence: capability,
        });
      });
    }
  },
  fix(hit) {
    // Not safe: the job may really need the capability, and without it would fail at run time.
    return { title: `Remove the ${canonicalCapability(hit.evidence)} capability`, safe: false, edits: [{ op: 'remove', path: hit.path }] };
  },
};
