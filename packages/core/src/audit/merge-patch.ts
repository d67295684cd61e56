import { isRecord } from '../util/record.js';
import { dictionary, ownValue, setOwn } from '../own.js';
import { copyValue } from './json-patch.js';

/**
 * The merge keys of the pod-spec lists kube-apiserver merges item by item in a strategic merge patch
 * (`patchMergeKey` in the Kubernetes API types); every other list is replaced whole.
 */
const MERGE_KEYS: ReadonlyMap<string, string> = new Map([
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['volumes', 'name'],
  ['env', 'name'],
  ['volumeMounts', 'mountPath'],
  ['volumeDevices', 'devicePath'],
  ['ports', 'containerPort'],
  ['imagePullSecrets', 'name'],
  ['hostAliases', 'ip'],
  ['ownerReferences', 'uid'],
]);

/**
 * Applies a merge-style patch body to a copy of `base`. The audit log does not record the patch's
 * content type, so a body is read as a strategic merge patch (what `kubectl patch` and `kubectl
 * apply` send for built-in kinds): lists of containers, volumes, env… merge by their key, `null`
 * deletes a field, `$patch: replace | delete` are honoured, other directives are dropped. Read as
 * a JSON merge patch (RFC 7386) instead, the same body would replace those lists: the object judged
 * here then holds at least what the cluster holds, never less, so nothing a patch adds is missed.
 */
export function applyMergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return mergeObject(copyValue(base) as Record<string, unknown>, patch);
}

function mergeObject(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  if (ownValue(patch, '$patch') === 'replace') return withoutDirectives(patch);
  for (const key of Object.keys(patch)) {
    if (key.startsWith('$')) continue;
    const value = patch[key];
    if (value === null) {
      delete target[key];
      continue;
    }
    const existing = ownValue(target, key);
    const mergeKey = MERGE_KEYS.get(key);
    if (isRecord(value) && ownValue(value, '$patch') === 'delete') delete target[key];
    else if (isRecord(value) && isRecord(existing)) setOwn(target, key, mergeObject(existing, value));
    else if (Array.isArray(value) && Array.isArray(existing) && mergeKey !== undefined) setOwn(target, key, mergeList(existing, value, mergeKey));
    else setOwn(target, key, isRecord(value) ? withoutDirectives(value) : Array.isArray(value) ? value.filter((item) => !isDirective(item)).map(withoutDirectivesIn) : value);
  }
  return target;
}

/** Items with the same merge key merge; new ones are appended; `$patch: delete` removes; `$patch: replace` as an item replaces the list. */
function mergeList(target: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  if (patch.some((item) => isRecord(item) && ownValue(item, '$patch') === 'replace')) return patch.filter((item) => !isDirective(item)).map(withoutDirectivesIn);
  const merged = [...target];
  for (const item of patch) {
    if (!isRecord(item)) continue;
    const key = ownValue(item, mergeKey);
    const at = key === undefined ? -1 : merged.findIndex((existing) => isRecord(existing) && ownValue(existing, mergeKey) === key);
    if (ownValue(item, '$patch') === 'delete') {
      if (at !== -1) merged.splice(at, 1);
      continue;
    }
    if (at === -1) merged.push(withoutDirectives(item));
    else merged[at] = mergeObject(merged[at] as Record<string, unknown>, item);
  }
  return merged;
}

function isDirective(item: unknown): boolean {
  return isRecord(item) && Object.hasOwn(item, '$patch');
}

function withoutDirectivesIn(value: unknown): unknown {
  return isRecord(value) ? withoutDirectives(value) : Array.isArray(value) ? value.map(withoutDirectivesIn) : value;
}

function withoutDirectives(object: Record<string, unknown>): Record<string, unknown> {
  const copy = dictionary<unknown>();
  for (const key of Object.keys(object)) {
    if (key.startsWith('$')) continue;
    setOwn(copy, key, withoutDirectivesIn(copyValue(object[key])));
  }
  return copy;
}
