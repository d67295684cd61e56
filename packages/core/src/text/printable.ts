/**
 * Input text made safe to print on a terminal. A manifest or an audit log can carry ESC sequences
 * (erase the line, move the cursor, set the window title), a carriage return that overwrites what
 * was printed, or bidi overrides that reorder what is shown: any of them can hide a finding from
 * the person reading the report. Each such character is shown as an escape instead: `\x1b`, `\r`,
 * `\u202e`.
 */

/**
 * C0 controls (tab and newline included: a report line is one line), DEL, C1 controls, the bidi
 * marks, embeddings, overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069)
 * and the line and paragraph separators (U+2028, U+2029).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

/** `text` with every control and bidi character replaced by its escape; other text unchanged. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => NAMED.get(character) ?? escapeOf(character.charCodeAt(0)));
}

function escapeOf(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
