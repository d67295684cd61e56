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
