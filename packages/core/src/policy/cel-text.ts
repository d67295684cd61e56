/** Writing CEL source text: literals and regular expressions, quoted so that no input can break out of them. */

/** A CEL string literal (single-quoted; backslashes, quotes and control characters escaped). */
export function celString(value: string): string {
  let out = "'";
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return out + "'";
}

/** A CEL list literal of strings. */
export function celStringList(values: Iterable<string>): string {
  return `[${[...values].map(celString).join(', ')}]`;
}

/** Escapes RE2 metacharacters, so `text` matches itself. */
export function re2Literal(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The RE2 pattern of a config glob: `*` any run, `?` one character, case-insensitive and anchored,
 * as the core's own glob matching reads it.
 */
export function globToRe2(glob: string): string {
  let body = '';
  for (const char of glob) body += char === '*' ? '.*' : char === '?' ? '.' : re2Literal(char);
  return `(?is)^${body}$`;
}

/** One RE2 pattern that matches when any of the globs does. */
export function globsToRe2(globs: readonly string[]): string {
  return `(?is)^(?:${globs.map((glob) => globToRe2(glob).slice('(?is)^'.length, -1)).join('|')})$`;
}

/** `a || b || …`, or `false` for none. */
export function anyOf(terms: readonly string[]): string {
  return terms.length === 0 ? 'false' : terms.length === 1 ? terms[0]! : terms.map((term) => `(${term})`).join(' || ');
}

/** `has(a.b) ? a.b : fallback` for a field that may be absent. */
export function fieldOr(object: string, field: string, fallback: string): string {
  return `(has(${object}.${field}) ? ${object}.${field} : ${fallback})`;
}
