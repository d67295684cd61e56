import { decodeBase32, decodeBase64, decodeEscapes, decodeHex, MAX_DECODED, translate } from './encodings.js';
import type { InterpreterFamily } from './programs.js';

/**
 * Interpreter one-liners read as their interpreter would build them: `__import__('soc'+'ket')` imports
 * socket, `require("n"+"et")` loads net, `exec(base64.b64decode('…'))` runs the decoded text. String
 * literals are normalised (escapes resolved, one quoting style), then folded until nothing changes:
 * concatenation, joins, reversals, character codes, a variable assigned one literal and reused, and the
 * decoding calls of each language over a literal. The result is for the indicators' markers, never shown.
 *
 * The code is cut into alternating code and literal parts once; every rule looks at a few neighbouring
 * parts, so a pass is linear in the code and the number of passes is bounded.
 */

/** A payload decoded from a literal in the code. */
export interface DecodedPayload {
  encoding: string;
  text: string;
}

export interface FoldedCode {
  /** The code, folded, with each decoded payload (itself folded) appended on lines of its own. */
  text: string;
  decoded: DecodedPayload[];
}

/** Code is read up to here: more than any one-liner, and hostile text stays cheap. */
const MAX_CODE = 65_536;
const MAX_PASSES = 8;
const MAX_DEPTH = 3;
const MAX_VARIABLES = 256;

type Part = { code: string } | { literal: string };

const isLiteral = (part: Part | undefined): part is { literal: string } => part !== undefined && 'literal' in part;
const codeOf = (part: Part | undefined): string | undefined => (part !== undefined && 'code' in part ? part.code : undefined);

/** The operator that joins two strings, by family (`'a' + 'b'`, `"a" . "b"`, `"a" .. "b"`, awk's `"a" "b"`). */
const CONCAT: Record<InterpreterFamily, RegExp> = {
  python: /^\s*\+?\s*$/,
  node: /^\s*\+\s*$/,
  ruby: /^\s*\+?\s*$/,
  perl: /^\s*\.\s*$/,
  php: /^\s*\.\s*$/,
  lua: /^\s*\.\.\s*$/,
  awk: /^\s*$/,
  powershell: /^\s*\+\s*$/,
};

/** A method call or index right after the second string binds tighter than the concatenation (`.` joins in perl and php). */
const BINDS_TIGHTER = /^\s*(?:\.(?!\.)|\[|\()/;
const BINDS_TIGHTER_DOT_JOINS = /^\s*(?:\[|->|x\b)/;

export function foldCode(family: InterpreterFamily, code: string, depth = 0): FoldedCode {
  let parts = cutLiterals(family, code.slice(0, MAX_CODE));
  const decoded: DecodedPayload[] = [];
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = foldPass(family, substituteVariables(family, parts), decoded);
    const changed = next.length !== parts.length || next.some((part, index) => !samePart(part, parts[index]));
    parts = next;
    if (!changed) break;
  }
  let text = render(parts);
  for (const payload of decoded) {
    const inner = depth < MAX_DEPTH ? foldCode(family, payload.text, depth + 1) : { text: payload.text, decoded: [] };
    text += '\n' + inner.text;
    decoded.push(...inner.decoded.slice(0, MAX_PASSES));
  }
  return { text, decoded };
}

function samePart(a: Part, b: Part | undefined): boolean {
  return b !== undefined && (isLiteral(a) ? isLiteral(b) && a.literal === b.literal : codeOf(b) === codeOf(a));
}

/** Literals written back in one style: single quotes, `\\`, `\'` and `\n` escaped. */
function render(parts: readonly Part[]): string {
  return parts.map((part) => (isLiteral(part) ? `'${part.literal.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'` : part.code)).join('');
}

/** Cuts code into code and literal parts, alternating (code first and last, possibly empty). */
function cutLiterals(family: InterpreterFamily, code: string): Part[] {
  const parts: Part[] = [];
  let start = 0;
  let index = 0;
  while (index < code.length) {
    const quote = code[index];
    const opens = quote === '"' || (quote === "'" && family !== 'awk') || (quote === '`' && family === 'node');
    if (!opens) {
      index++;
      continue;
    }
    const triple = family === 'python' && code.startsWith(quote.repeat(3), index);
    const end = closingQuote(family, code, index, triple);
    if (end === undefined) break;
    let codeEnd = index;
    // Python's b'', r'', u'', f'' (and rb'') prefixes belong to the literal.
    const prefix = family === 'python' ? /(?:^|\W)([rRbBuUfF]{1,2})$/.exec(code.slice(Math.max(start, index - 3), index))?.[1] : undefined;
    if (prefix) codeEnd -= prefix.length;
    const raw = prefix !== undefined && /r/i.test(prefix);
    const width = triple ? 3 : 1;
    parts.push({ code: code.slice(start, codeEnd) }, { literal: unquote(family, quote, code.slice(index + width, end), raw) });
    index = end + width;
    start = index;
  }
  parts.push({ code: code.slice(start) });
  if (family === 'powershell') {
    // A backtick outside strings escapes the next character: I`E`X is IEX.
    for (const part of parts) if ('code' in part) part.code = part.code.replace(/`(?=[A-Za-z-])/g, '');
  }
  return parts;
}

/** Index of the quote that closes the literal opened at `open`, or undefined when it is not closed. */
function closingQuote(family: InterpreterFamily, code: string, open: number, triple: boolean): number | undefined {
  const quote = code[open];
  const closer = triple ? quote.repeat(3) : quote;
  const escape = family === 'powershell' ? (quote === '"' ? '`' : undefined) : '\\';
  for (let index = open + closer.length; index < code.length; index++) {
    const char = code[index];
    if (escape !== undefined && char === escape) {
      index++;
      continue;
    }
    if (!code.startsWith(closer, index)) continue;
    // PowerShell doubles a quote to write it: 'it''s'.
    if (family === 'powershell' && code[index + 1] === quote) {
      index++;
      continue;
    }
    return index;
  }
  return undefined;
}

/** Languages whose single quotes keep backslashes (only `\'` and `\\` are escapes). */
const SINGLE_QUOTES_RAW = new Set<InterpreterFamily>(['perl', 'php', 'ruby']);
const POWERSHELL_ESCAPES = new Map([['n', '\n'], ['t', '\t'], ['r', '\r'], ['0', '\0'], ['a', '\x07'], ['b', '\b']]);

function unquote(family: InterpreterFamily, quote: string, body: string, raw: boolean): string {
  if (family === 'powershell') {
    if (quote === "'") return body.replace(/''/g, "'");
    return body.replace(/""/g, '"').replace(/`(.)/gs, (_, char: string) => POWERSHELL_ESCAPES.get(char) ?? char);
  }
  if (raw || (quote === "'" && SINGLE_QUOTES_RAW.has(family))) return body.replace(/\\(['\\])/g, '$1');
  return decodeEscapes(body.replace(/\\(['"`])/g, '$1'));
}

/** Character codes in code: `chr(115)`, `115.chr`, `String.fromCharCode(110,101,116)`, `[char]0x73`, `map(chr,[…])`. */
const CHAR_CODES: Array<{ families: readonly InterpreterFamily[]; pattern: RegExp }> = [
  { families: ['ruby'], pattern: /\b(\d{1,6}|0x[0-9a-fA-F]{1,6})\.chr\b/g },
  { families: ['node'], pattern: /\bString\.fromCharCode(?:\.apply\(\s*\w+\s*,\s*\[|\(\s*(?:\.\.\.\s*\[)?)\s*((?:\d{1,6}|0x[0-9a-fA-F]{1,6})(?:\s*,\s*(?:\d{1,6}|0x[0-9a-fA-F]{1,6})){0,4096})\s*,?\s*\]?\s*\)/g },
  { families: ['lua'], pattern: /\bstring\.char\s*\(\s*(\d{1,6}(?:\s*,\s*\d{1,6}){0,4096})\s*\)/g },
  { families: ['powershell'], pattern: /\[char\]\s*(\d{1,6}|0x[0-9a-fA-F]{1,6})\b/gi },
  { families: ['powershell'], pattern: /\[char\[\]\]\s*\(\s*(\d{1,6}(?:\s*,\s*\d{1,6}){0,4096})\s*\)/gi },
  { families: ['python'], pattern: /\bmap\s*\(\s*chr\s*,\s*[[(]\s*(\d{1,6}(?:\s*,\s*\d{1,6}){0,4096})\s*,?\s*[\])]\s*\)/g },
  { families: ['python'], pattern: /\[?\s*chr\s*\(\s*\w+\s*\)\s*for\s+\w+\s+in\s+[[(]\s*(\d{1,6}(?:\s*,\s*\d{1,6}){0,4096})\s*,?\s*[\])]\s*\]?/g },
  { families: ['python'], pattern: /\bbytes(?:array)?\s*\(\s*\[\s*(\d{1,3}(?:\s*,\s*\d{1,3}){0,4096})\s*,?\s*\]\s*\)/g },
  // After the lists above, whose `chr(c)` names a loop variable.
  { families: ['python', 'perl', 'php'], pattern: /\bchr\s*\(\s*(\d{1,6}|0x[0-9a-fA-F]{1,6})\s*\)/g },
];

function charCodes(list: string): string {
  return list
    .split(',')
    .map((code) => String.fromCharCode(Number(code.trim()) & 0xffff))
    .join('');
}

/** Splits a code part where it spells characters by their codes, each becoming a literal. */
function expandCharCodes(family: InterpreterFamily, code: string): Part[] | undefined {
  let parts: Part[] | undefined;
  for (const { families, pattern } of CHAR_CODES) {
    if (!families.includes(family)) continue;
    const source = parts ?? [{ code }];
    const next: Part[] = [];
    let found = false;
    for (const part of source) {
      if (!('code' in part)) {
        next.push(part);
        continue;
      }
      let last = 0;
      for (const match of part.code.matchAll(pattern)) {
        found = true;
        next.push({ code: part.code.slice(last, match.index) }, { literal: charCodes(match[1]) });
        last = match.index + match[0].length;
      }
      next.push({ code: part.code.slice(last) });
    }
    if (found) parts = next;
  }
  return parts;
}

/** Decoders each language applies to a literal argument: the function's name ends the code before it. */
const DECODING_CALLS: Array<{ name: RegExp; decode: (args: string[]) => DecodedPayload | undefined }> = [
  {
    name: /(?:b64decode|decodebytes|decodestring|a2b_base64|decode_base64|base64_decode|decode64|atob|FromBase64String)\s*\(\s*$/i,
    decode: ([text]) => payload('base64', decodeBase64(text)),
  },
  { name: /b32decode\s*\(\s*$/, decode: ([text]) => payload('base32', decodeBase32(text)) },
  { name: /(?:fromhex|unhexlify|a2b_hex|hex2bin)\s*\(\s*$/, decode: ([text]) => payload('hex', decodeHex(text)) },
  { name: /str_rot13\s*\(\s*$/, decode: ([text]) => payload('rot13', rot13(text)) },
  { name: /\bstrrev\s*\(\s*$/, decode: ([text]) => ({ encoding: '', text: [...text].reverse().join('') }) },
  { name: /\bpack\s*\(\s*$/, decode: ([format, text]) => (format === 'H*' && text !== undefined ? payload('hex', decodeHex(text)) : undefined) },
  { name: /(?:Buffer\.from|\bBuffer)\s*\(\s*$/, decode: ([text, encoding]) => bufferDecode(text, encoding) },
  { name: /codecs\.decode\s*\(\s*$/, decode: ([text, encoding]) => namedDecode(text, encoding) },
];

/** Methods of a literal: `'…'.decode('base64')` (Python 2), `'…'.unpack('m')` (Ruby), `'tekcos'[::-1]`. */
const LITERAL_METHODS: Array<{ call: RegExp; decode: (text: string, args: string[]) => DecodedPayload | undefined }> = [
  { call: /^\.decode\s*\(\s*$/, decode: (text, [encoding]) => namedDecode(text, encoding) },
  { call: /^\.unpack1?\s*\(\s*$/, decode: (text, [format]) => (/^m0?$/.test(format) ? payload('base64', decodeBase64(text)) : format === 'H*' ? payload('hex', decodeHex(text)) : undefined) },
];

function payload(encoding: string, text: string | undefined): DecodedPayload | undefined {
  return text === undefined ? undefined : { encoding, text };
}

function rot13(text: string): string | undefined {
  return translate(text, 'A-Za-z', 'N-ZA-Mn-za-m');
}

function bufferDecode(text: string, encoding: string | undefined): DecodedPayload | undefined {
  if (encoding === 'base64' || encoding === 'base64url') return payload('base64', decodeBase64(text));
  if (encoding === 'hex') return payload('hex', decodeHex(text));
  return undefined;
}

function namedDecode(text: string, encoding: string | undefined): DecodedPayload | undefined {
  const name = encoding?.toLowerCase().replace(/[-_]/g, '');
  if (name === 'base64') return payload('base64', decodeBase64(text));
  if (name === 'hex') return payload('hex', decodeHex(text));
  if (name === 'rot13') return payload('rot13', rot13(text));
  return undefined;
}

/** Literals separated by commas from parts[start] on, and the index of the part after the list. */
function literalList(parts: readonly Part[], start: number): { values: string[]; next: number } {
  const values: string[] = [];
  let index = start;
  for (let part = parts[index]; isLiteral(part); part = parts[index]) {
    values.push(part.literal);
    index++;
    if (!/^\s*,\s*$/.test(codeOf(parts[index]) ?? '') || !isLiteral(parts[index + 1])) break;
    index++;
  }
  return { values, next: index };
}

interface Folded {
  parts: Part[];
  /** How many parts it replaces. */
  consumed: number;
}

/** One pass of every rule, left to right. */
function foldPass(family: InterpreterFamily, parts: readonly Part[], decoded: DecodedPayload[]): Part[] {
  const out: Part[] = [];
  let index = 0;
  while (index < parts.length) {
    const folded = foldAt(family, parts, index, decoded);
    if (folded) {
      out.push(...folded.parts);
      index += folded.consumed;
    } else {
      out.push(parts[index]);
      index++;
    }
  }
  return alternate(out);
}

/** Adjacent code parts merged, an empty code part between adjacent literals. */
function alternate(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if ('code' in part && last !== undefined && 'code' in last) last.code += part.code;
    else if (isLiteral(part) && (last === undefined || isLiteral(last))) out.push({ code: '' }, part);
    else out.push('code' in part ? { code: part.code } : part);
  }
  if (out.length === 0 || isLiteral(out[out.length - 1])) out.push({ code: '' });
  return out;
}

function foldAt(family: InterpreterFamily, parts: readonly Part[], index: number, decoded: DecodedPayload[]): Folded | undefined {
  const part = parts[index];
  if (!isLiteral(part)) {
    const code = part.code;
    const chars = expandCharCodes(family, code);
    if (chars) return { parts: chars, consumed: 1 };
    return decodingCall(parts, index, code, decoded) ?? listJoin(family, parts, index, code);
  }
  return concatenation(family, parts, index) ?? literalMethod(family, parts, index, decoded);
}

/** `'a' + 'b' + 'c'` → `'abc'`, as far as the chain goes. */
function concatenation(family: InterpreterFamily, parts: readonly Part[], index: number): Folded | undefined {
  const tighter = family === 'perl' || family === 'php' ? BINDS_TIGHTER_DOT_JOINS : BINDS_TIGHTER;
  let value = (parts[index] as { literal: string }).literal;
  let next = index + 1;
  for (let right = parts[next + 1]; CONCAT[family].test(codeOf(parts[next]) ?? '.') && isLiteral(right) && !tighter.test(codeOf(parts[next + 2]) ?? ''); right = parts[next + 1]) {
    value += right.literal;
    next += 2;
    if (value.length > MAX_DECODED) break;
  }
  return next === index + 1 ? undefined : { parts: [{ literal: value }], consumed: next - index };
}

/** `b64decode('…')`, `Buffer.from('…', 'base64')`, … over literals: the decoded text as a literal. */
function decodingCall(parts: readonly Part[], index: number, code: string, decoded: DecodedPayload[]): Folded | undefined {
  if (!isLiteral(parts[index + 1])) return undefined;
  for (const call of DECODING_CALLS) {
    const name = call.name.exec(code);
    if (!name) continue;
    const { values, next } = literalList(parts, index + 1);
    const close = /^\s*\)/.exec(codeOf(parts[next]) ?? '');
    if (!close) continue;
    const result = call.decode(values);
    if (!result) continue;
    if (result.encoding !== '') decoded.push(result);
    const after = (codeOf(parts[next]) ?? '').slice(close[0].length);
    return { parts: [{ code: code.slice(0, name.index) }, { literal: result.text }, { code: after }], consumed: next - index + 1 };
  }
  return undefined;
}

/** `''.join(['soc', 'ket'])`, `['n','et'].join('')`, `('I','EX') -join ''`, `table.concat({…})`, `"{1}{0}" -f 'X','IE'`. */
function listJoin(family: InterpreterFamily, parts: readonly Part[], index: number, code: string): Folded | undefined {
  const opener = /(?:\[|table\.concat\s*\(\s*\{|\()\s*$/.exec(code);
  if (!opener || !isLiteral(parts[index + 1])) return undefined;
  const { values, next } = literalList(parts, index + 1);
  const after = codeOf(parts[next]) ?? '';
  const joined = (separator: string, closer: RegExpExecArray, tail: string) => ({
    parts: [{ code: code.slice(0, opener.index) }, { literal: values.join(separator) }, { code: tail.slice(closer[0].length) }],
  });
  if (family === 'node' || family === 'ruby') {
    const withSeparator = /^\s*,?\s*\]\s*\.join\s*\(\s*$/.exec(after);
    if (withSeparator && isLiteral(parts[next + 1])) {
      const close = /^\s*\)/.exec(codeOf(parts[next + 2]) ?? '');
      if (close) return { ...joined((parts[next + 1] as { literal: string }).literal, close, codeOf(parts[next + 2]) ?? ''), consumed: next - index + 3 };
    }
    const bare = family === 'ruby' ? /^\s*,?\s*\]\s*\.join\b(?:\s*\(\s*\))?/.exec(after) : null;
    if (bare) return { ...joined('', bare, after), consumed: next - index + 1 };
  }
  if (family === 'lua') {
    const close = /^\s*,?\s*\}\s*\)/.exec(after);
    if (close && opener[0].startsWith('table')) return { ...joined('', close, after), consumed: next - index + 1 };
  }
  if (family === 'powershell') {
    const join = /^\s*,?\s*\)\s*-join\s*$/i.exec(after);
    if (join && isLiteral(parts[next + 1])) return { ...joined((parts[next + 1] as { literal: string }).literal, /^/.exec('')!, codeOf(parts[next + 2]) ?? ''), consumed: next - index + 3 };
  }
  return undefined;
}

/** Methods and operators applied to a literal: joins with it as the separator, reversal, decoding, PowerShell's -f. */
function literalMethod(family: InterpreterFamily, parts: readonly Part[], index: number, decoded: DecodedPayload[]): Folded | undefined {
  const value = (parts[index] as { literal: string }).literal;
  const after = codeOf(parts[index + 1]) ?? '';
  if (family === 'python') {
    const join = /^\.join\s*\(\s*([[(]?)\s*$/.exec(after);
    if (join && isLiteral(parts[index + 2])) {
      const { values, next } = literalList(parts, index + 2);
      const close = (join[1] === '' ? /^\s*\)/ : /^\s*,?\s*[\])]\s*\)/).exec(codeOf(parts[next]) ?? '');
      if (close) return { parts: [{ literal: values.join(value) }, { code: (codeOf(parts[next]) ?? '').slice(close[0].length) }], consumed: next - index + 1 };
    }
    const reversed = /^\s*\[\s*:\s*:\s*-1\s*\]/.exec(after);
    if (reversed) return { parts: [{ literal: reverse(value) }, { code: after.slice(reversed[0].length) }], consumed: 2 };
  }
  if (family === 'ruby') {
    const reversed = /^\.reverse\b/.exec(after);
    if (reversed) return { parts: [{ literal: reverse(value) }, { code: after.slice(reversed[0].length) }], consumed: 2 };
  }
  if (family === 'node' && /^\.split\s*\(\s*$/.test(after) && parts[index + 2] && isLiteral(parts[index + 2])) {
    const middle = codeOf(parts[index + 3]) ?? '';
    const tail = codeOf(parts[index + 5]) ?? '';
    const close = /^\s*\)/.exec(tail);
    if (/^\s*\)\s*\.reverse\s*\(\s*\)\s*\.join\s*\(\s*$/.test(middle) && isLiteral(parts[index + 4]) && close) {
      return { parts: [{ literal: reverse(value) }, { code: tail.slice(close[0].length) }], consumed: 6 };
    }
  }
  if (family === 'powershell' && /^\s*-f\s*$/i.test(after) && isLiteral(parts[index + 2])) {
    const { values, next } = literalList(parts, index + 2);
    const formatted = value.replace(/\{(\d{1,3})\}/g, (placeholder, position: string) => values[Number(position)] ?? placeholder);
    return { parts: [{ literal: formatted }], consumed: next - index };
  }
  for (const method of LITERAL_METHODS) {
    if (!method.call.test(after) || !isLiteral(parts[index + 2])) continue;
    const { values, next } = literalList(parts, index + 2);
    const close = /^\s*\)/.exec(codeOf(parts[next]) ?? '');
    const result = close ? method.decode(value, values) : undefined;
    if (!result || !close) continue;
    decoded.push(result);
    return { parts: [{ literal: result.text }, { code: (codeOf(parts[next]) ?? '').slice(close[0].length) }], consumed: next - index + 1 };
  }
  return undefined;
}

function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** `NAME = 'literal'` as each family writes an assignment (`$x = …` in perl, php and PowerShell; `var x = …`). */
const ASSIGNMENT: Record<InterpreterFamily, RegExp> = {
  python: /(?:^|[\s;,(])([A-Za-z_]\w{0,63})\s*=\s*$/,
  node: /(?:^|[\s;,(])(?:(?:var|let|const)\s+)?([A-Za-z_$][\w$]{0,63})\s*=\s*$/,
  ruby: /(?:^|[\s;,(])([a-z_]\w{0,63})\s*=\s*$/,
  perl: /(?:^|[\s;,(])(?:my\s+|our\s+)?(\$[A-Za-z_]\w{0,63})\s*=\s*$/,
  php: /(?:^|[\s;,(])(\$[A-Za-z_]\w{0,63})\s*=\s*$/,
  lua: /(?:^|[\s;,(])(?:local\s+)?([A-Za-z_]\w{0,63})\s*=\s*$/,
  awk: /(?:^|[\s;,({])([A-Za-z_]\w{0,63})\s*=\s*$/,
  powershell: /(?:^|[\s;,(])(\$[A-Za-z_]\w{0,63})\s*=\s*$/,
};

/**
 * A variable assigned one literal, and never anything else, stands for that literal where it is read:
 * `m='soc'; n='ket'; __import__(m+n)`. Names assigned twice are left alone.
 */
function substituteVariables(family: InterpreterFamily, parts: readonly Part[]): Part[] {
  const values = new Map<string, string | null>();
  parts.forEach((part, index) => {
    if (!isLiteral(part)) return;
    const name = ASSIGNMENT[family].exec(codeOf(parts[index - 1]) ?? '')?.[1];
    // The literal must be the whole value: `x = 'a'.upper()` is not 'a'.
    if (name === undefined || !/^\s*(?:[;\n,)]|$)/.test(codeOf(parts[index + 1]) ?? '')) return;
    values.set(name, values.has(name) ? null : part.literal);
  });
  // Any other assignment to the name makes it unknown.
  for (const part of parts) {
    if (isLiteral(part)) continue;
    for (const match of part.code.matchAll(/([$\w]+)\s*(?:[+\-*/.]?=)(?!=)\s*(?=[^\s'"])/g)) if (values.has(match[1])) values.set(match[1], null);
  }
  const known = [...values].filter((entry): entry is [string, string] => entry[1] !== null).slice(0, MAX_VARIABLES);
  if (known.length === 0) return [...parts];
  const table = new Map(known);
  const names = known.map(([name]) => name.replace(/\$/g, '\\$')).join('|');
  const reference = new RegExp(String.raw`(?<![\w$.])(${names})(?![\w$]|\s*=(?!=))`, 'g');
  const out: Part[] = [];
  for (const part of parts) {
    if (isLiteral(part)) {
      out.push(part);
      continue;
    }
    let last = 0;
    for (const match of part.code.matchAll(reference)) {
      out.push({ code: part.code.slice(last, match.index) }, { literal: table.get(match[1])! });
      last = match.index + match[0].length;
    }
    out.push({ code: part.code.slice(last) });
  }
  return alternate(out);
}
