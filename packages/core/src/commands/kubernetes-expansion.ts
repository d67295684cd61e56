import { isRecord } from '../util/record.js';
import { joinPointer } from '../util/json-pointer.js';

/** A container env var with a literal value, and where that value is written. */
export interface EnvVar {
  value: string;
  path: string;
}

/**
 * The container's literal env values, as Kubernetes resolves them (each may use the ones before it).
 * Vars from `valueFrom` are unknown until run time and left out, so their references stay as written.
 */
export function literalEnv(container: Record<string, unknown>, containerPath: string): Map<string, EnvVar> {
  const env = new Map<string, EnvVar>();
  if (!Array.isArray(container.env)) return env;
  container.env.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') return;
    env.set(entry.name, { value: expandVariables(entry.value, env).value, path: joinPointer(containerPath, 'env', index, 'value') });
  });
  return env;
}

/**
 * Kubernetes' own expansion of `command` and `args`: `$(NAME)` becomes the env value, `$$` becomes `$`,
 * an unknown `$(NAME)` stays as written. When the text is one reference and nothing else, `source` is the
 * env var it came from, so evidence can point at the value that holds it.
 */
export function expandVariables(text: string, env: ReadonlyMap<string, EnvVar>): { value: string; source?: EnvVar } {
  if (!text.includes('$')) return { value: text };
  const whole = /^\$\(([^)]*)\)$/.exec(text);
  if (whole && env.has(whole[1])) return { value: env.get(whole[1])!.value, source: env.get(whole[1]) };
  let value = '';
  for (let index = 0; index < text.length; index++) {
    const c = text[index];
    if (c !== '$' || index + 1 >= text.length) {
      value += c;
    } else if (text[index + 1] === '$') {
      value += '$';
      index++;
    } else if (text[index + 1] === '(') {
      const close = text.indexOf(')', index + 2);
      const name = close === -1 ? undefined : text.slice(index + 2, close);
      const known = name === undefined ? undefined : env.get(name);
      if (known) {
        value += known.value;
        index = close;
      } else {
        value += c;
      }
    } else {
      value += c;
    }
  }
  return { value };
}
