/** ANSI colour codes; a severity shows in its own colour in every text report. */
const CODES = { bold: 1, dim: 2, error: 31, warning: 33, information: 36, hint: 2, note: 2, magenta: 35 } as const;

export type Style = keyof typeof CODES;

/** Paints text for a terminal, or leaves it plain (hosts turn colour on only for a terminal). */
export function painter(color: boolean | undefined): (style: Style, text: string) => string {
  return (style, text) => (color ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text);
}

/** `1 file`, `2 files`. */
export function count(n: number, noun: string, plural = noun + 's'): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * Text from the input, made safe to print on a terminal: control characters (C0 but tab, DEL, C1 and
 * so ESC, CSI, OSC) and bidirectional overrides are shown as `\u{…}` escapes instead of acting on
 * the screen (erasing a line, retitling the window, reordering a command).
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`);
}
