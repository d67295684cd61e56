/**
 * Scalars as Kubernetes reads them: go-yaml v2 (YAML 1.1) resolves each scalar by its tag and text,
 * then sigs.k8s.io/yaml turns the result into JSON. `privileged: yes`, `runAsUser: 0o0`,
 * `!!bool "true"` and a `!!binary` command all reach the cluster as the values these functions return.
 */
import { decodeUtf8Lossy } from '../text/utf8.js';

/** A scalar's value with the YAML type it resolved to; the type decides how it is spelled as a key. */
export type Scalar =
  | { type: 'null'; value: null }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: number; exact: string }
  | { type: 'float'; value: number }
  | { type: 'str'; value: string };

export class ScalarError extends Error {}

const YAML_TAG = 'tag:yaml.org,2002:';
export const MERGE_TAG = YAML_TAG + 'merge';
const BINARY_TAG = YAML_TAG + 'binary';
/** Tags go-yaml resolves by the text; any other tag leaves the text a string. */
const RESOLVABLE = new Set(['', 'str', 'bool', 'int', 'float', 'null', 'timestamp'].map((name) => (name ? YAML_TAG + name : '')));

/** `!!bool` -> `tag:yaml.org,2002:bool`; a verbatim `!<…>` tag is its content; a local `!x` stays. */
export function expandTag(written: string): string {
  if (written === '') return '';
  if (written.startsWith('!<') && written.endsWith('>')) return written.slice(2, -1);
  if (written.startsWith('!!')) return YAML_TAG + written.slice(2);
  return written;
}

const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, -Infinity] as const),
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/**
 * Resolves one scalar. `plain`: written without quotes (only then is an untagged scalar more than a
 * string). `tag`: the expanded tag, `''` when none. Throws ScalarError where go-yaml refuses the document.
 */
export function resolveScalar(tag: string, text: string, plain: boolean): Scalar {
  if (tag === '' && !plain) return { type: 'str', value: text };
  if (tag === BINARY_TAG) return { type: 'str', value: decodeBinary(text) };
  if (!RESOLVABLE.has(tag)) return { type: 'str', value: text };
  const resolved = tag === YAML_TAG + 'str' ? ({ type: 'str', value: text } as Scalar) : resolveByText(text, tag);
  if (tag === '' || tag === YAML_TAG + resolved.type || tag === YAML_TAG + 'str') return resolved;
  if (tag === YAML_TAG + 'float' && resolved.type === 'int') return { type: 'float', value: resolved.value };
  // A timestamp goes into the object as the text written (go-yaml keeps it a string for interface{} targets).
  if (tag === YAML_TAG + 'timestamp' && resolved.type === 'str' && isTimestamp(text)) return resolved;
  throw new ScalarError(`cannot decode !!${resolved.type} \`${text}\` as a !!${tag.slice(YAML_TAG.length)}`);
}

function resolveByText(text: string, tag: string): Scalar {
  const first = text.charCodeAt(0);
  const boolean = BOOLEANS.get(text);
  if (boolean !== undefined) return { type: 'bool', value: boolean };
  if (NULLS.has(text)) return { type: 'null', value: null };
  const special = SPECIAL_FLOATS.get(text);
  if (special !== undefined) return { type: 'float', value: special };
  if (first === 46 /* . */) {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text)) {
      const value = Number(text);
      if (Number.isFinite(value)) return { type: 'float', value };
    }
    return { type: 'str', value: text };
  }
  const digitOrSign = (first >= 48 && first <= 57) || first === 43 || first === 45;
  if (!digitOrSign) return { type: 'str', value: text };
  if ((tag === '' || tag === YAML_TAG + 'timestamp') && isTimestamp(text)) return { type: 'str', value: text };
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const integer = parseGoInteger(plain);
  if (integer) return integer;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    // Go's ParseFloat refuses what overflows a double; the text then stays a string.
    if (Number.isFinite(value)) return { type: 'float', value };
  }
  return { type: 'str', value: text };
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(text, 0, 64), then ParseUint: sign, `0x`/`0o`/`0b` prefixes, and a leading `0` for octal. */
function parseGoInteger(text: string): Scalar | undefined {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits] = match;
  const prefix = digits.slice(0, 2).toLowerCase();
  let magnitude: bigint;
  if (prefix === '0x' || prefix === '0b') magnitude = BigInt(prefix + digits.slice(2));
  else if (prefix === '0o') magnitude = BigInt('0o' + digits.slice(2));
  else if (digits.length > 1 && digits.startsWith('0')) magnitude = BigInt('0o' + digits.slice(1));
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  // ParseInt takes int64; ParseUint takes unsigned text up to 2^64-1; beyond both it is no integer.
  if (value < INT64_MIN || value > UINT64_MAX || (value > 2n ** 63n - 1n && sign !== '')) return undefined;
  return { type: 'int', value: Number(value), exact: value.toString() };
}

/** go-yaml's timestamp forms: a date, optionally with a time (`T`, `t` or a space) and a zone. */
function isTimestamp(text: string): boolean {
  return /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(([ \t]*)(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)?$/.test(text);
}

/**
 * `!!binary`: base64 as Go's StdEncoding reads it (line breaks ignored, padding required), the bytes
 * then read as UTF-8 with U+FFFD for each invalid byte, as encoding/json writes them.
 */
export function decodeBinary(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  const valid = compact.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact);
  if (!valid) throw new ScalarError('!!binary value contains invalid base64 data');
  const bytes = new Uint8Array((compact.length / 4) * 3);
  let length = 0;
  for (let i = 0; i < compact.length; i += 4) {
    const a = BASE64.indexOf(compact[i]);
    const b = BASE64.indexOf(compact[i + 1]);
    const c = compact[i + 2] === '=' ? -1 : BASE64.indexOf(compact[i + 2]);
    const d = compact[i + 3] === '=' ? -1 : BASE64.indexOf(compact[i + 3]);
    bytes[length++] = (a << 2) | (b >> 4);
    if (c !== -1) bytes[length++] = ((b & 15) << 4) | (c >> 2);
    if (d !== -1) bytes[length++] = ((c & 3) << 6) | d;
  }
  return decodeUtf8Lossy(bytes.subarray(0, length));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A mapping key as sigs.k8s.io/yaml spells it in JSON: `y` -> "true", `0644` -> "420", `1e3` -> "1000". */
export function keyText(key: Scalar): string {
  switch (key.type) {
    case 'str':
      return key.value;
    case 'bool':
      return key.value ? 'true' : 'false';
    case 'int':
      return key.exact;
    case 'float':
      return formatFloat32(key.value);
    case 'null':
      throw new ScalarError('unsupported map key: null');
  }
}

/** strconv.FormatFloat(value, 'g', -1, 32), with YAML's spellings of the infinities and NaN. */
function formatFloat32(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  const single = Math.fround(value);
  if (single === Infinity) return '.inf';
  if (single === -Infinity) return '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  // The shortest decimal that reads back as the same float32.
  let digits = '';
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const written = Math.abs(single).toExponential(precision - 1);
    if (Math.fround(Number(written)) === Math.abs(single)) {
      const [mantissa, power] = written.split('e');
      digits = mantissa.replace('.', '');
      exponent = Number(power);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = single < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 21) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const power = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Code points go-yaml's scanner takes as line breaks: LF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
export function isYamlBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x85 || code === 0x2028 || code === 0x2029;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * The value of a block scalar (`|` literal, `>` folded) from its content lines, as go-yaml's scanner
 * builds it: every line break ends a line, but only CR, LF and NEL become a line feed in the value; a
 * LINE or PARAGRAPH SEPARATOR is kept as that character, and in a folded scalar it never folds into a
 * space. `indent` is the content's column; `chomping` is the header's. With `lineFeeds`, every break
 * is a line feed (a YAML 1.2 reading of the same text, to check the reading against js-yaml's).
 */
export function blockScalarValue(content: string, indent: number, literal: boolean, chomping: 'clip' | 'strip' | 'keep', lineFeeds = false): string {
  let i = 0;
  let column = 0;
  let out = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let leadingBlank = false;
  const readBreak = (): string => {
    const char = content[i];
    i += char === '\r' && content[i + 1] === '\n' ? 2 : 1;
    column = 0;
    return !lineFeeds && (char === '\u2028' || char === '\u2029') ? char : '\n';
  };
  // Indentation up to the content's column, and the empty lines in between.
  const eatBreaks = (): void => {
    for (;;) {
      while (column < indent && content[i] === ' ') {
        i++;
        column++;
      }
      if (i < content.length && isYamlBreak(content.charCodeAt(i))) trailingBreaks += readBreak();
      else return;
    }
  };
  eatBreaks();
  while (i < content.length && column === indent) {
    const trailingBlank = content[i] === ' ' || content[i] === '\t';
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
      if (trailingBreaks === '') out += ' ';
    } else {
      out += leadingBreak;
    }
    out += trailingBreaks;
    leadingBreak = '';
    trailingBreaks = '';
    leadingBlank = trailingBlank;
    const start = i;
    while (i < content.length && !isYamlBreak(content.charCodeAt(i))) i++;
    out += content.slice(start, i);
    if (i >= content.length) break;
    leadingBreak = readBreak();
    eatBreaks();
  }
  if (chomping !== 'strip') out += leadingBreak;
  if (chomping === 'keep') out += trailingBreaks;
  return out;
}

/**
 * The value of a flow scalar (plain, 'single' or "double" quoted) from its source text, as go-yaml's
 * scanner builds it: lines are folded (one break -> a space, more -> the extra breaks), a NEL folds
 * like LF, a LINE or PARAGRAPH SEPARATOR is kept in place of the fold, and double-quoted escapes are
 * YAML 1.1's (`\/` and lone surrogates are refused). Used where js-yaml's YAML 1.2 reading differs.
 */
export function flowScalarValue(raw: string, style: 'plain' | 'single' | 'double'): string {
  let out = '';
  let whitespace = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let leadingBlanks = false;
  const join = (): void => {
    if (leadingBlanks) {
      if (leadingBreak.startsWith('\n')) out += trailingBreaks === '' ? ' ' : trailingBreaks;
      else out += leadingBreak + trailingBreaks;
      leadingBreak = '';
      trailingBreaks = '';
      leadingBlanks = false;
    } else {
      out += whitespace;
    }
    whitespace = '';
  };
  let i = 0;
  while (i < raw.length) {
    const char = raw[i];
    const code = raw.charCodeAt(i);
    if (char === ' ' || char === '\t') {
      if (!leadingBlanks) whitespace += char;
      i++;
      continue;
    }
    if (isYamlBreak(code)) {
      const width = char === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      const written = code === 0x2028 || code === 0x2029 ? char : '\n';
      if (!leadingBlanks) {
        whitespace = '';
        leadingBreak = written;
        leadingBlanks = true;
      } else trailingBreaks += written;
      i += width;
      continue;
    }
    if (style === 'double' && char === '\\' && i + 1 < raw.length && isYamlBreak(raw.charCodeAt(i + 1))) {
      // An escaped line break joins the lines without a space.
      join();
      leadingBlanks = true;
      i += raw[i + 1] === '\r' && raw[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    join();
    if (style === 'single' && char === "'" && raw[i + 1] === "'") {
      out += "'";
      i += 2;
    } else if (style === 'double' && char === '\\') {
      const [text, width] = escapeAt(raw, i);
      out += text;
      i += width;
    } else {
      out += char;
      i++;
    }
  }
  if (style !== 'plain') join();
  return out;
}

function escapeAt(raw: string, at: number): [string, number] {
  const letter = raw[at + 1] ?? '';
  const simple = SIMPLE_ESCAPES[letter];
  if (Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, letter)) return [simple, 2];
  const length = HEX_ESCAPES[letter];
  if (!Object.prototype.hasOwnProperty.call(HEX_ESCAPES, letter)) throw new ScalarError(`found unknown escape character \`\\${letter}\``);
  const hex = raw.slice(at + 2, at + 2 + length);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new ScalarError('did not find expected hexadecimal number');
  const code = parseInt(hex, 16);
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw new ScalarError('found invalid Unicode character escape code');
  return [String.fromCodePoint(code), 2 + length];
}
