import type { IgnoreEntry, JobSentinelConfig } from '../config/config.js';
import { DEFAULT_CONFIG } from '../config/config.js';
import { effectiveSeverity } from '../config/tuning.js';
import { CUSTOM_PATTERNS_DOCS } from '../indicators/custom-patterns.js';
import { docsUrl, INDICATORS, type Indicator } from '../indicators/index.js';
import type { Severity } from '../model.js';
import { anyOf, celString, globsToRe2 } from './cel-text.js';
import { commandChecks } from './command-checks.js';
import type { PolicyCheck } from './policy-check.js';
import { POD_VARIABLES, structuralChecks } from './structural-checks.js';

export const VALIDATION_ACTIONS = ['Warn', 'Audit', 'Deny'] as const;
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];

export interface CompilePolicyOptions {
  config?: JobSentinelConfig;
  /** Defaults to Warn and Audit: kubectl shows the warning, the audit log records it, nothing is blocked. */
  actions?: readonly ValidationAction[];
  /** Name of the policy and its binding. */
  name?: string;
}

/** One validation of the policy, with the checks it is made of (for tests and for the output's notes). */
export interface CompiledValidation {
  indicator: string;
  severity: Severity;
  checks: PolicyCheck[];
  expression: string;
  message: string;
}

export interface CompiledPolicy {
  /** The ValidatingAdmissionPolicy and its binding, as plain objects. */
  policy: Record<string, unknown>;
  binding: Record<string, unknown>;
  validations: CompiledValidation[];
  /** Indicators whose validation approximates command analysis in whole or part. */
  approximated: string[];
  /** Indicators that are on but have no CEL form at all (the webhook covers them). */
  uncovered: string[];
  /** Config entries a policy cannot honour, and why (e.g. `users`, which only audit logs carry). */
  notes: string[];
}

interface Selected {
  id: string;
  title: string;
  severity: Severity;
  docs: string;
}

/**
 * Compiles the indicators, tuned by a config, into a ValidatingAdmissionPolicy for batch Jobs and
 * CronJobs. Pure: the host prints it (see `renderPolicyYaml`).
 */
export function compilePolicy(options: CompilePolicyOptions = {}): CompiledPolicy {
  const config = options.config ?? DEFAULT_CONFIG;
  const name = options.name ?? 'jobsentinel';
  const actions = validateActions(options.actions ?? ['Warn', 'Audit']);
  const selected = selectIndicators(config);
  const ids = selected.map((indicator) => indicator.id);
  const checks = [...structuralChecks(config.custom.images), ...commandChecks(ids, config)];
  const { namespaceOnly, perIndicator, notes } = splitIgnores(config.ignore);

  const validations: CompiledValidation[] = [];
  const uncovered: string[] = [];
  for (const indicator of selected) {
    const own = checks.filter((check) => check.indicator === indicator.id);
    if (own.length === 0) {
      uncovered.push(indicator.id);
      continue;
    }
    const ignores = perIndicator.filter((entry) => !entry.indicators || entry.indicators.includes(indicator.id));
    const approximatedPart = own.some((check) => !check.exact);
    validations.push({
      indicator: indicator.id,
      severity: indicator.severity,
      checks: own,
      expression: `!(${anyOf(own.map((check) => checkViolation(check, ignores)))})`,
      message:
        `jobsentinel ${indicator.id} (${indicator.severity}): ${indicator.title}` +
        `${approximatedPart ? ' (command check approximated; the jobsentinel webhook runs the full analysis)' : ''}. ${indicator.docs}`,
    });
  }

  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'jobsentinel' } },
    spec: {
      failurePolicy: 'Ignore',
      matchConstraints: {
        resourceRules: [{ apiGroups: ['batch'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] }],
      },
      ...(namespaceOnly.length > 0
        ? { matchConditions: [{ name: 'namespace-not-ignored', expression: `!request.namespace.matches(${celString(globsToRe2(namespaceOnly))})` }] }
        : {}),
      variables: POD_VARIABLES.map((variable) => ({ ...variable })),
      validations: validations.map(({ expression, message }) => ({ expression, message })),
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: { 'app.kubernetes.io/name': 'jobsentinel' } },
    spec: { policyName: name, validationActions: [...actions] },
  };
  return {
    policy,
    binding,
    validations,
    approximated: validations.filter((validation) => validation.checks.some((check) => !check.exact)).map((validation) => validation.indicator),
    uncovered,
    notes,
  };
}

/** Kubernetes refuses Deny together with Warn (a denied request has nothing to warn about). */
function validateActions(actions: readonly ValidationAction[]): ValidationAction[] {
  const unique = [...new Set(actions)];
  if (unique.length === 0) throw new Error('at least one validation action is needed (Warn, Audit or Deny)');
  for (const action of unique) if (!VALIDATION_ACTIONS.includes(action)) throw new Error(`unknown validation action "${String(action)}"; use Warn, Audit or Deny`);
  if (unique.includes('Deny') && unique.includes('Warn')) throw new Error('Deny and Warn cannot be combined (Kubernetes refuses the binding); use Deny or Deny,Audit');
  return unique;
}

/** The indicators the config leaves on, with the severity it gives them. */
function selectIndicators(config: JobSentinelConfig): Selected[] {
  const selected: Selected[] = [];
  const add = (indicator: Pick<Indicator, 'id' | 'title' | 'profile' | 'severity'>, docs: string): void => {
    const severity = effectiveSeverity(config, indicator, indicator.severity);
    if (severity !== null) selected.push({ id: indicator.id, title: indicator.title, severity, docs });
  };
  for (const indicator of INDICATORS) add(indicator, docsUrl(indicator.id));
  for (const pattern of config.custom.patterns) {
    add({ id: pattern.id, title: pattern.description ?? `custom pattern ${pattern.id}`, profile: 'custom', severity: pattern.severity }, CUSTOM_PATTERNS_DOCS);
  }
  return selected;
}

/**
 * Ignore entries that name only namespaces become one match condition (the policy does not even run
 * there); the others are folded into the validations they cover. `users` entries concern audit logs.
 */
function splitIgnores(entries: readonly IgnoreEntry[]): { namespaceOnly: string[]; perIndicator: IgnoreEntry[]; notes: string[] } {
  const namespaceOnly: string[] = [];
  const perIndicator: IgnoreEntry[] = [];
  const notes: string[] = [];
  entries.forEach((entry, index) => {
    if (entry.users) {
      notes.push(`ignore entry ${index + 1} names users, which only audit logs record; it is left out of the policy`);
    } else if (entry.namespaces && !entry.indicators && !entry.images) {
      namespaceOnly.push(...entry.namespaces);
    } else {
      perIndicator.push(entry);
    }
  });
  return { namespaceOnly, perIndicator, notes };
}

/** When an entry exempts this place: its namespaces (if any) hold, and its images (if any) cover `images`. */
function entryHolds(entry: IgnoreEntry, imagesCovered: (pattern: string) => string): string {
  const terms: string[] = [];
  if (entry.namespaces) terms.push(`request.namespace.matches(${celString(globsToRe2(entry.namespaces))})`);
  if (entry.images) terms.push(imagesCovered(celString(globsToRe2(entry.images))));
  return terms.length === 0 ? 'true' : terms.join(' && ');
}

const IMAGE = `(has(c.image) ? c.image : '')`;

/** A check's violation with the ignore entries that cover its indicator folded in. */
function checkViolation(check: PolicyCheck, ignores: readonly IgnoreEntry[]): string {
  if (check.scope === 'container') {
    // A container-level finding concerns its own container's image.
    const exempt = anyOf(ignores.map((entry) => entryHolds(entry, (pattern) => `${IMAGE}.matches(${pattern})`)));
    return `variables.containers.exists(c, (${check.violation})${ignores.length > 0 ? ` && !(${exempt})` : ''})`;
  }
  // A pod-level finding concerns every container: all their images must be covered.
  const exempt = anyOf(
    ignores.map((entry) => entryHolds(entry, (pattern) => `size(variables.containers) > 0 && variables.containers.all(c, ${IMAGE}.matches(${pattern}))`)),
  );
  return ignores.length > 0 ? `(${check.violation}) && !(${exempt})` : check.violation;
}
