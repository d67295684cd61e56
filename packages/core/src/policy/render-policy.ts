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
  return `${header.map((line) => `# ${line}`).join('\n')}\n${blockYaml(compiled.policy, '')}---\n${blockYaml(compiled.binding, '')}`;
}

/**
 * Block YAML for plain data (maps, lists, strings, numbers, booleans). Strings that are not plainly
 * safe are written double-quoted with JSON escapes, which YAML 1.1 and 1.2 both read back unchanged.
 * Small on purpose: the core does not ship a YAML writer for this one printout.
 */
function blockYaml(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    return value.map((item) => `${indent}- ${isCollection(item) ? blockYaml(item, indent + '  ').trimStart() : `${scalar(item)}\n`}`).join('');
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([key, entry]) => (isCollection(entry) ? `${indent}${scalar(key)}:\n${blockYaml(entry, indent + '  ')}` : `${indent}${scalar(key)}: ${scalar(entry, indent + '  ')}\n`))
    .join('');
}

function isCollection(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (!Array.isArray(value) || value.length > 0);
}

/** Plain when it cannot be read as anything but this string; quoted otherwise. */
const PLAIN = /^[A-Za-z][A-Za-z0-9./_-]*$/;
const RESERVED = /^(y|yes|n|no|true|false|on|off|null)$/i;

/** A long single line (a CEL expression) reads best as a literal block: nothing in it is escaped. */
const LITERAL_BLOCK = /^[^\s#][\x20-\x7e]*[^\s]$/;

function scalar(value: unknown, blockIndent?: string): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  if (PLAIN.test(text) && !RESERVED.test(text)) return text;
  if (blockIndent !== undefined && text.length > 80 && LITERAL_BLOCK.test(text)) return `|-\n${blockIndent}${text}`;
  return JSON.stringify(text);
}
