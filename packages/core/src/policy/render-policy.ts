import { dump } from 'js-yaml';
import type { CompiledPolicy } from './compile-policy.js';

/** What a reader of the printed policy must know before applying it, one line each. */
export function policyNotes(compiled: CompiledPolicy): string[] {
  const lines: string[] = [];
  if (compiled.approximated.length > 0) {
    lines.push(`Approximated with RE2 matches() over command/args (the jobsentinel webhook runs the full command analysis): ${compiled.approximated.join(', ')}.`);
  }
  if (compiled.uncovered.length > 0) lines.push(`Not expressible in CEL, left to the webhook: ${compiled.uncovered.join(', ')}.`);
  lines.push(...compiled.notes.map((note) => `${note[0]!.toUpperCase()}${note.slice(1)}.`));
  return lines;
}

/** The policy and its binding as a two-document YAML stream, headed by comments that say what is exact. */
export function renderPolicyYaml(compiled: CompiledPolicy, configName: string | null): string {
  const exact = compiled.validations
    .filter((validation) => validation.checks.some((check) => check.exact))
    .map((validation) => (validation.checks.every((check) => check.exact) ? validation.indicator : `${validation.indicator} (its structural part)`));
  const header = [
    'ValidatingAdmissionPolicy compiled by `jobsentinel policy` from the jobsentinel indicators.',
    `Config: ${configName === null ? 'none (defaults)' : configName.replace(/[\x00-\x1f\x7f-\x9f]/g, '?')}.`,
    `Exact (decided as jobsentinel decides them): ${exact.join(', ') || 'none'}.`,
    ...policyNotes(compiled),
    'Requires Kubernetes 1.30+ (admissionregistration.k8s.io/v1). See docs/admission.md.',
  ];
  const options = { lineWidth: -1, noRefs: true };
  return `${header.map((line) => `# ${line}`).join('\n')}\n${dump(compiled.policy, options)}---\n${dump(compiled.binding, options)}`;
}
