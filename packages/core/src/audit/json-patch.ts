import { isRecord } from '../manifest/pod-templates.js';
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
 */
export function patchWrites(ops: readonly unknown[]): PatchWrites {
  const object: Record<string, unknown> = {};
  const paths: string[] = [];
  for (const op of ops) {
    if (!isRecord(op) || (op.op !== 'add' && op.op !== 'replace') || typeof op.path !== 'string' || !('value' in op)) continue;
    const segments = pointerSegments(op.path);
    if (segments.length === 0) {
      if (isRecord(op.value)) Object.assign(object, op.value);
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
      (container as Record<string | number, unknown>)[key] = value;
      return;
    }
    const nextIsIndex = /^(\d+|-)$/.test(segments[index + 1]);
    const existing = (container as Record<string | number, unknown>)[key];
    const next = isRecord(existing) || Array.isArray(existing) ? existing : nextIsIndex ? [] : {};
    (container as Record<string | number, unknown>)[key] = next;
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
