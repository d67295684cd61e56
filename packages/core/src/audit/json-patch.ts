import { isRecord } from '../util/record.js';
import { dictionary, ownValue, setOwn } from '../own.js';
import { joinPointer, pointerSegments } from '../util/json-pointer.js';

/** What a JSON Patch (RFC 6902) leaves: the object after it, and the paths it wrote. */
export interface PatchWrites {
  object: Record<string, unknown>;
  /** JSON pointers written by `add`, `replace`, `move` and `copy` (`-` resolved to the index used). */
  paths: string[];
}

export function isJsonPatch(body: unknown): body is unknown[] {
  return Array.isArray(body) && body.every((op) => isRecord(op) && typeof op.op === 'string' && typeof op.path === 'string');
}

type Container = Record<string, unknown> | unknown[];

/**
 * Applies a JSON Patch to a copy of `base` (or to nothing, when the object's earlier state is not in
 * the log): each op in order, `move` and `copy` taking their value from what the object holds at that
 * point, so a payload parked in an annotation and copied into a container's args is where it lands.
 * Missing parents are created instead of failing the patch: without the stored object at hand,
 * judging what the patch could write is the safe reading. `test` ops are not checked (a failed test
 * is a refused request, and its outcome says so). Paths are the requester's text: `/__proto__/x` is
 * a key like any other, in objects without a prototype.
 *
 * @param insert whether `add` at an array index inserts (RFC 6902, with a known base) or sets the
 *   index (a sparse object, whose arrays hold only what the patch wrote)
 */
export function applyJsonPatch(base: Record<string, unknown> | undefined, ops: readonly unknown[], insert = base !== undefined): PatchWrites {
  let object = base === undefined ? dictionary<unknown>() : (copyValue(base) as Record<string, unknown>);
  const paths: string[] = [];
  for (const op of ops) {
    if (!isRecord(op) || typeof op.path !== 'string') continue;
    const segments = pointerSegments(op.path);
    switch (op.op) {
      case 'add':
      case 'replace':
        if (!Object.hasOwn(op, 'value')) continue;
        if (segments.length === 0) {
          if (isRecord(op.value)) object = copyValue(op.value) as Record<string, unknown>;
          paths.push('');
          continue;
        }
        paths.push(place(object, segments, copyValue(op.value), op.op === 'add' && insert));
        break;
      case 'remove':
        take(object, segments);
        break;
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string') continue;
        const from = pointerSegments(op.from);
        const value = op.op === 'move' ? take(object, from) : copyValue(valueAt(object, from));
        if (value === undefined || segments.length === 0) continue;
        paths.push(place(object, segments, value, insert));
        break;
      }
    }
  }
  return { object, paths };
}

/** The patch alone, as a sparse object: what it writes, at the paths it lands on. */
export function patchWrites(ops: readonly unknown[]): PatchWrites {
  return applyJsonPatch(undefined, ops, false);
}

/** Puts `value` at `segments`, creating objects or arrays on the way; returns the pointer used. */
function place(root: Record<string, unknown>, segments: string[], value: unknown, insert: boolean): string {
  let container: Container = root;
  const used: Array<string | number> = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const key = keyIn(container, segment);
    used.push(key);
    if (last) {
      if (insert && Array.isArray(container) && typeof key === 'number') container.splice(key, 0, value);
      else setOwn(container, key, value);
      return;
    }
    const nextIsIndex = /^(\d+|-)$/.test(segments[index + 1]);
    // Only what the object holds itself: an inherited member (`__proto__`, `constructor`) is not a container to write into.
    const existing = ownMember(container, key);
    const next = isRecord(existing) || Array.isArray(existing) ? existing : nextIsIndex ? [] : dictionary();
    if (next !== existing) setOwn(container, key, next);
    container = next as Container;
  });
  return joinPointer('', ...used);
}

/** Removes and returns the value at `segments`; undefined when there is none. */
function take(root: Record<string, unknown>, segments: string[]): unknown {
  if (segments.length === 0) return undefined;
  const parent = valueAt(root, segments.slice(0, -1));
  if (!isRecord(parent) && !Array.isArray(parent)) return undefined;
  const key = keyIn(parent, segments[segments.length - 1]);
  const value = ownMember(parent, key);
  if (value === undefined) return undefined;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key as string];
  return value;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = ownMember(value, keyIn(value, segment));
  }
  return value;
}

function ownMember(container: Container, key: string | number): unknown {
  if (Array.isArray(container)) return typeof key === 'number' && key < container.length ? container[key] : undefined;
  return ownValue(container, String(key));
}

function keyIn(container: Container, segment: string): string | number {
  if (!Array.isArray(container)) return segment;
  return segment === '-' ? container.length : Number(segment);
}

/** A deep copy in objects without a prototype, so later ops and patches never write into the request or into a prototype. */
export function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (!isRecord(value)) return value;
  const copy = dictionary<unknown>();
  for (const key of Object.keys(value)) setOwn(copy, key, copyValue(value[key]));
  return copy;
}

export function isUnder(path: string, written: readonly string[]): boolean {
  return written.some((prefix) => path === prefix || path.startsWith(prefix + '/'));
}
