import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from './json-chars.js';

/**
 * The unparsed text of the `wanted` top-level members of a JSON object text, read until all of them are
 * found. The kube-apiserver writes `auditID`, `verb` and `objectRef` before the request and response
 * bodies, so deciding that a record is not a job write (a status update, a read) or repeats a request
 * already judged costs a few hundred bytes of scanning instead of a parse of the whole record.
 * Members are found at the top level only: a key inside a body cannot pose as one. Returns undefined
 * when the text is not an object this scanner can walk (the caller parses it whole, which also
 * reports the syntax error).
 */
export function topLevelMembers(text: string, wanted: readonly string[]): Map<string, string> | undefined {
  const members = new Map<string, string>();
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return skipSpace(text, i + 1) === text.length ? members : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) return undefined;
    const key = text.slice(i + 1, keyEnd - 1);
    if (key.includes('\\')) return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end === -1) return undefined;
    if (wanted.includes(key)) {
      members.set(key, text.slice(start, end));
      if (members.size === wanted.length) return members;
    }
    i = skipSpace(text, end);
    const next = text.charCodeAt(i);
    if (next === COMMA) i = skipSpace(text, i + 1);
    else if (next === CLOSE_BRACE) return skipSpace(text, i + 1) === text.length ? members : undefined;
    else return undefined;
  }
}


function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === NEWLINE || c === CR || c === TAB) i++;
    else return i;
  }
}

/** Index just past the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Index just past the value that starts at `start`, or -1. Only brackets and strings are tracked. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return stringEnd(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === COMMA || c === CLOSE_BRACE || c === SPACE || c === NEWLINE || c === CR || c === TAB || Number.isNaN(c)) return i === start ? -1 : i;
      i++;
    }
  }
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(text, i);
      if (i === -1) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}
