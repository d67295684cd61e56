import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from './json-chars.js';

/** Keys wanted in a JSON object: `true` for a value wanted whole, or the keys wanted inside an object value. */
export interface PathTree {
  readonly [key: string]: PathTree | true;
}

/** A path tree prepared for matching keys in place: by length first, so most keys are never sliced out. */
interface Wanted {
  key: string;
  inside: Wanted[] | null;
}

const prepared = new WeakMap<PathTree, Wanted[]>();

function prepare(tree: PathTree): Wanted[] {
  let wanted = prepared.get(tree);
  if (!wanted) {
    wanted = Object.entries(tree).map(([key, inside]) => ({ key, inside: inside === true ? null : prepare(inside) }));
    prepared.set(tree, wanted);
  }
  return wanted;
}

const READ_ERROR = 0;
const READ_OTHER = 1;
const READ_WANTED = 2;

/**
 * A walk over a JSON object text that keeps the unparsed text of the values at the paths of a tree
 * (`a/b/c`; the objects it goes through are kept too; an absent path has no entry), without parsing
 * anything else. It goes member by member, so a caller can stop once it has what it needs (the
 * kube-apiserver writes `auditID`, `verb` and `objectRef` before the bodies: most records are ruled
 * out after a few hundred bytes) and go on later.
 *
 * What it keeps stands for what `JSON.parse` would give, or the walk is `broken`: when the text is not
 * an object this scanner can walk, when a key of the tree appears twice in one object (`JSON.parse`
 * keeps the last of duplicate keys, so the first would be a decoy), when a key on the walk is escaped
 * (it could spell a wanted one), or when a value the tree goes into is not an object. Members are
 * matched where the tree says only: a key inside a body cannot pose as a top-level one.
 */
export class JsonWalk {
  readonly values: Map<string, string>;
  broken = false;
  /** Index just past the object once walked to its end, else -1. */
  end = -1;
  private at: number;
  private first = true;
  private readonly wanted: Wanted[];

  constructor(
    private readonly text: string,
    tree: PathTree | Wanted[],
    start = skipSpace(text, 0),
    private readonly path = '',
    values?: Map<string, string>,
  ) {
    this.wanted = Array.isArray(tree) ? tree : prepare(tree);
    this.values = values ?? new Map();
    this.at = start + 1;
    if (text.charCodeAt(start) !== OPEN_BRACE) this.broken = true;
  }

  /** Walked to its end, with nothing but white space after it. */
  get complete(): boolean {
    return this.end !== -1 && skipSpace(this.text, this.end) === this.text.length;
  }

  /** Reads members until `enough` holds after a wanted one, or to the end of the object; false when broken. */
  walk(enough?: (values: ReadonlyMap<string, string>) => boolean): boolean {
    while (this.end === -1 && !this.broken) {
      const read = this.member();
      if (read === READ_ERROR) this.broken = true;
      else if (read === READ_WANTED && enough?.(this.values)) break;
    }
    return !this.broken;
  }

  /** Reads one member, or the closing brace. */
  private member(): number {
    const { text } = this;
    let i = skipSpace(text, this.at);
    if (text.charCodeAt(i) === CLOSE_BRACE) {
      this.end = i + 1;
      return READ_OTHER;
    }
    if (!this.first) {
      if (text.charCodeAt(i) !== COMMA) return READ_ERROR;
      i = skipSpace(text, i + 1);
    }
    this.first = false;
    if (text.charCodeAt(i) !== QUOTE) return READ_ERROR;
    const keyStart = i + 1;
    const keyEnd = plainKeyEnd(text, keyStart);
    if (keyEnd === -1) return READ_ERROR;
    i = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== COLON) return READ_ERROR;
    const start = skipSpace(text, i + 1);
    const wanted = this.wantedAt(keyStart, keyEnd);
    if (!wanted) {
      this.at = valueEnd(text, start);
      return this.at === -1 ? READ_ERROR : READ_OTHER;
    }
    const keyPath = this.path + wanted.key;
    if (this.values.has(keyPath)) return READ_ERROR;
    if (wanted.inside) {
      const inner = new JsonWalk(text, wanted.inside, start, `${keyPath}/`, this.values);
      this.at = inner.walk() ? inner.end : -1;
    } else {
      this.at = valueEnd(text, start);
    }
    if (this.at === -1) return READ_ERROR;
    this.values.set(keyPath, text.slice(start, this.at));
    return READ_WANTED;
  }

  private wantedAt(keyStart: number, keyEnd: number): Wanted | undefined {
    for (const wanted of this.wanted) {
      if (wanted.key.length === keyEnd - keyStart && this.text.startsWith(wanted.key, keyStart)) return wanted;
    }
    return undefined;
  }
}

/**
 * Index of the quote that closes a key starting at `start`, or -1; also -1 for a key with an escape,
 * which could spell a wanted key.
 */
function plainKeyEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) return -1;
  }
  return -1;
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
