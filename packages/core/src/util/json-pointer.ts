/**
 * JSON pointers (RFC 6901) name a place in a decoded document: `/spec/jobTemplate/spec/template`.
 * Findings, suppressions and fixes are addressed by them, so every layer builds and reads them the same way.
 */

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  const segments = pointer.slice(1).split('/');
  // Escapes are rare; skipping the two replaces per segment matters on the per-finding hot path.
  return pointer.includes('~') ? segments.map(unescapeSegment) : segments;
}

/** `base` with `segments` appended, each escaped (`~` → `~0`, `/` → `~1`). */
export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let pointer = base;
  for (const segment of segments) pointer += '/' + escapeSegment(String(segment));
  return pointer;
}

/** One segment as written in a pointer: `~` → `~0`, `/` → `~1`. */
export function escapeSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

/** One segment as read from a pointer: `~1` → `/`, `~0` → `~` (in that order, so `~01` stays `~1`). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at `pointer` in a decoded document (own properties and array items only), or undefined. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(value)) value = /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
    else if (value !== null && typeof value === 'object' && Object.hasOwn(value, segment)) value = (value as Record<string, unknown>)[segment];
    else return undefined;
  }
  return value;
}
