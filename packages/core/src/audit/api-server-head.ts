import { asciiBytes } from './byte-search.js';
import { BACKSLASH, QUOTE } from './json-chars.js';
import { WRITE_VERBS } from './structural.js';

/**
 * What the first members of an event, as the kube-apiserver writes `audit.k8s.io/v1` events, say:
 * whether the verb is create, update or patch (only these write a job), and for those the audit ID.
 */
export type ApiServerHead = { write: false } | { write: true; auditID: string };

const OPENING = asciiBytes('{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"');
/** The members after `level`, in the order the API server writes them; each one's text ends its predecessor's value. */
const SEPARATORS = ['auditID', 'stage', 'requestURI', 'verb'].map((member) => asciiBytes(`","${member}":"`));
const WRITE_VERB_BYTES = [...WRITE_VERBS].map(asciiBytes);
const HIGHEST_ASCII = 0x7f;
const decoder = new TextDecoder();
/** Longer values are read as text: an audit ID or a verb is never this long, and a URI seldom. */
const MAX_VALUE_BYTES = 1024;

/**
 * Reads `auditID` and `verb` from a record's bytes, before it is decoded, when the record starts the
 * way the API server writes every event: kind, apiVersion, level, auditID, stage, requestURI and verb,
 * in that order, as plain strings. Most records that pass the byte prefilter are reads, or later stages
 * of requests judged already, and these bytes say so. Undefined for any other start (another format
 * or order, an escape in a value): the record is then read as text.
 */
export function readApiServerHead(bytes: Uint8Array): ApiServerHead | undefined {
  if (!startsWith(bytes, OPENING, 0)) return undefined;
  const valueStarts: number[] = [];
  let at = OPENING.length;
  for (const separator of SEPARATORS) {
    const end = plainStringEnd(bytes, at);
    if (end === -1 || !startsWith(bytes, separator, end)) return undefined;
    at = end + separator.length;
    valueStarts.push(at);
  }
  const verbEnd = plainStringEnd(bytes, at);
  if (verbEnd === -1) return undefined;
  if (!WRITE_VERB_BYTES.some((verb) => verb.length === verbEnd - at && startsWith(bytes, verb, at))) return { write: false };
  const auditIDEnd = valueStarts[1] - SEPARATORS[1].length;
  return { write: true, auditID: decoder.decode(bytes.subarray(valueStarts[0], auditIDEnd)) };
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array, at: number): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Index of the quote that ends a string value starting at `start`, or -1 when it has an escape or a non-ASCII byte, or is long. */
function plainStringEnd(bytes: Uint8Array, start: number): number {
  const last = Math.min(bytes.length, start + MAX_VALUE_BYTES);
  for (let i = start; i < last; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH || byte > HIGHEST_ASCII) return -1;
  }
  return -1;
}
