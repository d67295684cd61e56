import type { Span } from '../model.js';

/** A replacement in a text, by offsets (the core's spans are offsets). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies edits that do not overlap; their order does not matter. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

/** The core's scalar spans exclude quotes; an edit that replaces a value must take them too. */
export function withQuotes(text: string, span: Span): Span {
  const before = text[span.start - 1];
  if ((before === '"' || before === "'") && text[span.end] === before) return { start: span.start - 1, end: span.end + 1 };
  return span;
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line's newline (or the end of the text). */
export function nextLineStartOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Offset of the line's end, before any `\r\n` or `\n`. */
export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

export function indentationAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineEndOf(text, lineStart)))![0];
}

/** The text's own line break, so an inserted line does not mix `\n` into a CRLF file. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
