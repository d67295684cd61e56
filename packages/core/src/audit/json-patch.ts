import { isRecord } from '../manifest/pod-templates.js';
import { dictionary, setOwn } from '../own.js';
import { joinPointer, pointerSegments } from '../yaml/source-node.js';

/** What a JSON Patch (RFC 6902) writes: the written values placed at their paths, and those paths. */
export interface PatchWrites {
  object: Record<string, unknown>;
  /** JSON pointers written (`-` resolved to the index used in `object`). */
  paths: string[];
}

export function isJsonPatch(body: unknown): body is unknown[] {
  return Array.isArray(body) && body.every((op) => isRecord(op) && typeof op.op === 'string' && typeof op.path === 'string');
}

/**
 * Builds a sparse object holding only what the patch writes (`add` and `replace` values), so the
 * indicator checks judge the written values at the paths they land on. `remove`, `test`, and the
 * `move`/`copy` ops (whose values come from the stored object, not the request) write nothing we can see.
 * Paths are the requester's text: `/__proto__/x` is a key like any other, in objects without a prototype.
 */
export function patchWrites(ops: readonly unknown[]): PatchWrites {
  const object = dictionary<unknown>();
  const paths: string[] = [];
  for (const op of ops) {
    if (!isRecord(op) || (op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string' || !Object.hasOwn(op, 'value')) continue;
    const segments = pointerSegments(op.path);
    if (segments.length === 0) {
      if (isRecord(op.value)) for (const [key, value] of Object.entries(op.value)) setOwn(object, key, value);
      paths.push('');
      continue;
    }
    paths.push(place(object, segments, op.value));
  }
  return { object, paths };
}

/** Puts `value` at `segments`, creating objects or arrays on the way; returns the pointer used. */
function place(root: Record<string, unknown>, segments: string[], value: unknown): string {
  let container: Record<string, unknown> | unknown[] = root;
  const used: Array<string | number> = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const key = keyIn(container, segment);
    used.push(key);
    if (last) {
      setOwn(container, key, value);
      return;
    }
    const nextIsIndex = /^(\d+|-)$/.test(segments[index + 1]);
    // Only what this patch put here: an inherited member (`__proto__`, `constructor`) is not a container to write into.
    const existing = Object.hasOwn(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;
    const next = isRecord(existing) || Array.isArray(existing) ? existing : nextIsIndex ? [] : dictionary();
    setOwn(container, key, next);
    container = next as Record<string, unknown> | unknown[];
  });
  return joinPointer('', ...used);
}

function keyIn(container: Record<string, unknown> | unknown[], segment: string): string | number {
  if (!Array.isArray(container)) return segment;
  return segment === '-' ? container.length : Number(segment);
}

export function isUnder(path: string, written: readonly string[]): boolean {
  return written.some((prefix) => path === prefix || path.startsWith(prefix + '/'));
}
