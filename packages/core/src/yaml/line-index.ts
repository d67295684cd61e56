import type { Position, Range, Span } from '../model.js';

/** Converts zero-based offsets into 1-based line/column positions. */
export interface LineIndex {
  position(offset: number): Position;
  range(span: Span): Range;
}

export function lineIndex(text: string): LineIndex {
  const lineStarts = [0];
  // A lone carriage return (classic Mac files) ends a line for YAML and for editors alike.
  if (/\r(?!\n)/.test(text)) {
    for (const match of text.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index + match[0].length);
  } else {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  }
  const position = (offset: number): Position => {
    let clamped = Math.max(0, Math.min(offset, text.length));
    // Between the \r and \n of a CRLF is still the end of the line, not a column past it.
    if (clamped > 0 && text.charCodeAt(clamped) === 10 && text.charCodeAt(clamped - 1) === 13) clamped--;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - lineStarts[low] + 1 };
  };
  return { position, range: (span) => ({ start: position(span.start), end: position(span.end) }) };
}
