/**
 * Evaluates a compiled ValidatingAdmissionPolicy the way kube-apiserver does, on a pure-JS CEL engine
 * (@bufbuild/cel with its strings extension, nothing Kubernetes-only): variables in order, each
 * visible to the next as `variables.<name>`, then the validations.
 */
import { celEnv, isCelError, parse, plan, type CelEnv } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import type { CompiledPolicy, PolicyCheck } from '../src/entries/policy.js';

export const ENV: CelEnv = celEnv({ funcs: strings });

type Program = ReturnType<typeof plan>;
const programs = new Map<string, Program>();

export function program(expression: string): Program {
  let compiled = programs.get(expression);
  if (!compiled) programs.set(expression, (compiled = plan(ENV, parse(expression))));
  return compiled;
}

export class CelFailure extends Error {}

export function evaluate(expression: string, bindings: Record<string, unknown>): unknown {
  const result = program(expression)(bindings as never);
  if (isCelError(result)) throw new CelFailure(`${result.message} in: ${expression.slice(0, 200)}`);
  return result;
}

/** JSON null fields are absent to the API server (it decodes into typed structs): drop them, as it does. */
export function asAdmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asAdmitted);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) if (entry !== null) out[key] = asAdmitted(entry);
    return out;
  }
  return value;
}

export interface Request {
  object: unknown;
  namespace: string;
}

/** The bindings of one admission request: `object`, `request`, and the policy's variables evaluated in order. */
export function bindingsFor(policy: CompiledPolicy, request: Request): Record<string, unknown> {
  const object = asAdmitted(request.object);
  const bindings: Record<string, unknown> = { object, request: { namespace: request.namespace, operation: 'CREATE' } };
  const variables: Record<string, unknown> = {};
  bindings.variables = variables;
  const spec = (policy.policy as { spec: { variables: Array<{ name: string; expression: string }> } }).spec;
  for (const variable of spec.variables) variables[variable.name] = evaluate(variable.expression, bindings);
  return bindings;
}

/** Whether the request passes the policy's match conditions (absent ones pass). */
export function matches(policy: CompiledPolicy, bindings: Record<string, unknown>): boolean {
  const conditions = (policy.policy as { spec: { matchConditions?: Array<{ expression: string }> } }).spec.matchConditions ?? [];
  return conditions.every((condition) => evaluate(condition.expression, bindings) === true);
}

/** The indicators whose validation fails (the policy's messages name them). */
export function violations(policy: CompiledPolicy, request: Request): string[] {
  const bindings = bindingsFor(policy, request);
  if (!matches(policy, bindings)) return [];
  return policy.validations.filter((validation) => evaluate(validation.expression, bindings) === false).map((validation) => validation.indicator);
}

/** For a container-scoped check, one verdict per container in `variables.containers` order; for a pod check, one. */
export function checkVerdicts(check: PolicyCheck, bindings: Record<string, unknown>): boolean[] {
  if (check.scope === 'pod') return [evaluate(check.violation, bindings) === true];
  const list = evaluate(`variables.containers.map(c, ${check.violation})`, bindings) as Iterable<unknown>;
  return [...list].map((verdict) => verdict === true);
}
