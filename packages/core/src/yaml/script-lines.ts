import type { Span } from '../model.js';

/**
 * Where the offending lines of a multi-line string value sit in the source: a finding inside a script
 * written as a block scalar (`|`, `>`), a multi-line quoted or plain scalar, or a JSON string with `\n`
 * escapes points at those line(s), not at the whole value. `within` is a span of the value; the answer
 * spans the source text of the value lines it touches, their leading and trailing blanks left out.
 *
 * The value's characters are found in the scalar's source in order: what the source has and the value
 * does not (block headers, indentation, quotes, the line breaks folding turned into spaces, `\r` of CRLF)
 * is passed over, and escapes of quoted scalars are read as the characters they stand for. Linear in the
 * scalar's length. Undefined when the value has one line or the characters cannot be found (the finding
 * then keeps the whole value).
 */
export function scriptLineSpan(source: string, scalar: Span, value: string, within: Span): Span | undefined {
  if (!value.includes('\n') || within.start < 0 || within.end > value.length || within.start >= within.end) return undefined;
  let first = value.lastIndexOf('\n', within.start - 1) + 1;
  let end = value.indexOf('\n', Math.max(within.end - 1, within.start));
  if (end === -1) end = value.length;
  while (first < end && isBlank(value[first])) first++;
  while (end > first && isBlank(value[end - 1])) end--;
  if (first >= end) return undefined;

  // A quoted scalar's span is its text inside the quotes (or, from some parsers, the quotes too).
  const before = source[scalar.start - 1];
  const opening = source[scalar.start] === '"' || source[scalar.start] === "'" ? source[scalar.start] : undefined;
  const quote = before === '"' || before === "'" ? before : opening;
  let at = opening !== undefined && quote === opening && before !== opening ? scalar.start + 1 : scalar.start;
  let start: number | undefined;
  for (let index = 0; index < end; index++) {
    const wanted = value[index];
    let found: number | undefined;
    while (at < scalar.end) {
      const token = tokenAt(source, at, quote);
      const position = at;
      at += token.length;
      if (token.text === wanted) {
        found = position;
        break;
      }
    }
    if (found === undefined) return undefined;
    if (index === first) start = found;
  }
  return start === undefined ? undefined : { start, end: at };
}

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

const SIMPLE_ESCAPES = new Map([
  ['n', '\n'], ['t', '\t'], ['r', '\r'], ['0', '\0'], ['a', '\x07'], ['b', '\b'], ['e', '\x1b'], ['f', '\f'], ['v', '\v'],
  ['"', '"'], ['\\', '\\'], ['/', '/'], [' ', ' '], ['\t', '\t'], ['N', '\x85'], ['_', '\xa0'], ['L', '\u2028'], ['P', '\u2029'],
]);
const HEX_LENGTH = new Map([['x', 2], ['u', 4], ['U', 8]]);

/** The character the source spells at `at` (an escape of a double-quoted scalar, `''` of a single-quoted one) and its length. */
function tokenAt(source: string, at: number, quote: string | undefined): { text: string; length: number } {
  const char = source[at];
  if (quote === '"' && char === '\\') {
    const next = source[at + 1] ?? '';
    const simple = SIMPLE_ESCAPES.get(next);
    if (simple !== undefined) return { text: simple, length: 2 };
    const digits = HEX_LENGTH.get(next);
    if (digits !== undefined) {
      const code = parseInt(source.slice(at + 2, at + 2 + digits), 16);
      // A character outside the BMP is two UTF-16 units in the value; it can never equal one unit, so it is passed over.
      return { text: Number.isNaN(code) ? '' : String.fromCodePoint(Math.min(code, 0x10ffff)), length: 2 + digits };
    }
    return { text: '', length: 2 };
  }
  if (quote === "'" && char === "'" && source[at + 1] === "'") return { text: "'", length: 2 };
  return { text: char, length: 1 };
}
