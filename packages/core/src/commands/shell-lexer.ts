/**
 * A small POSIX/bash tokenizer: enough of the shell language to tell which words are commands.
 * It never throws; text it does not understand becomes ordinary words.
 * Nesting (`$(…)`, backticks, `<(…)`) is followed up to MAX_NESTING levels, then skipped as opaque text.
 */

/** Deeper nesting than this is treated as opaque text: keeps hostile input from exhausting the stack. */
export const MAX_NESTING = 8;

export interface ShellWord {
  kind: 'word';
  /** The word after quote removal; substitutions are kept as written. */
  value: string;
  start: number;
  end: number;
  /** Some part was quoted or escaped: such a word is never a reserved word or an assignment. */
  quoted: boolean;
  /** Scripts run by `$(…)`, backticks, `<(…)` and `>(…)` inside the word. */
  substitutions: Substitution[];
  /** `$name` / `${name}` references, where they sit in `value`: the shell model substitutes what it knows. */
  parameters: Parameter[];
  /** An unquoted `*`, `?` or `[` made it a glob (pathname expansion applies). */
  glob: boolean;
}

/** A parameter reference inside a word's value. */
export interface Parameter {
  name: string;
  /** Offsets of the reference as written (`$name`, `${name}`) in the word's value. */
  at: number;
  end: number;
  /** Outside double quotes: its value is split into fields on IFS. */
  split: boolean;
}

export interface Substitution {
  tokens: Token[];
  /** The text the tokens' offsets refer to. */
  source: string;
  /** The word is this substitution and nothing else (`"$(curl …)"`, `<(curl …)`). */
  whole: boolean;
  /** `<(…)` / `>(…)` rather than `$(…)` or backticks. */
  process: boolean;
  /** The substitution as written, delimiters included. */
  raw: string;
  /** Where `raw` starts in the word's value. */
  at: number;
  /** Outside double quotes: its output is split into fields on IFS. */
  split: boolean;
}

export interface Operator {
  kind: 'operator';
  /** `;` `&` `&&` `||` `|` `|&` `;;` `;&` `;;&` `(` `)` or a newline. */
  op: string;
  start: number;
  end: number;
}

export interface Redirection {
  kind: 'redirect';
  /** `>`, `>>`, `<`, `>&`, `&>`, `<>`, `<<`, `<<-`, `<<<`, …, without the file descriptor. */
  op: string;
  start: number;
  end: number;
  target?: ShellWord;
  /** The body of a here-document (`<<EOF … EOF`). */
  heredoc?: { body: string; substitutions: Substitution[] };
}

export type Token = ShellWord | Operator | Redirection;

const OPERATORS = [';;&', ';;', ';&', ';', '&&', '&>>', '&>', '&', '||', '|&', '|', '<<<', '<<-', '<<', '<>', '<&', '<', '>>', '>&', '>|', '>'];
const WORD_BREAK = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Tokenizes a whole script. */
export function tokenize(source: string, depth = 0): Token[] {
  const lexer = createLexer(source, depth);
  lexer.run(0, false);
  return lexer.tokens;
}

/** Substitutions in text that expands like a double-quoted string (an unquoted here-document body). */
export function expansionsIn(text: string, depth: number): Substitution[] {
  const word = newWord(0);
  createLexer(text, depth).readQuoted(word, 0, '');
  return word.substitutions;
}

function newWord(start: number): ShellWord {
  return { kind: 'word', value: '', start, end: start, quoted: false, substitutions: [], parameters: [], glob: false };
}

/** A lexer over `src` at nesting `depth`; its state lives in this closure. */
function createLexer(src: string, depth: number) {
  const tokens: Token[] = [];
  let pos = 0;
  /** Here-documents whose body starts after the next newline. */
  const pending: Array<{ redirect: Redirection; delimiter: string; stripTabs: boolean; expands: boolean }> = [];
  /** Inside a double-quoted string: expansions are not split into fields there. */
  let inDouble = false;

  /** Reads tokens from `start`; with `closing`, stops after the `)` that closes a `$(` or `<(`. Returns the end offset. */
  function run(start: number, closing: boolean): number {
    pos = start;
    let parens = 0;
    while (pos < src.length) {
      const c = src[pos];
      if (c === ' ' || c === '\t' || c === '\r') {
        pos++;
      } else if (c === '\\' && src[pos + 1] === '\n') {
        pos += 2;
      } else if (c === '\n') {
        operator('\n', 1);
        readHeredocBodies();
      } else if (c === '#') {
        while (pos < src.length && src[pos] !== '\n') pos++;
      } else if (c === ')') {
        if (closing && parens === 0) return pos + 1;
        parens--;
        operator(')', 1);
      } else if (c === '(') {
        if (src[pos + 1] === '(' && atArithmeticCommand()) {
          pos = skipBalanced(src, pos);
        } else {
          parens++;
          operator('(', 1);
        }
      } else if ((c === '<' || c === '>') && src[pos + 1] === '(') {
        tokens.push(readWord());
      } else if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
        readOperator();
      } else if (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(src.slice(pos, pos + 12))) {
        // A file descriptor in front of a redirection (`2>&1`, `5<>/dev/tcp/…`).
        while (/[0-9]/.test(src[pos])) pos++;
        readOperator();
      } else {
        tokens.push(readWord());
      }
    }
    return pos;
  }

  function operator(op: string, length: number): void {
    tokens.push({ kind: 'operator', op, start: pos, end: pos + length });
    pos += length;
  }

  /** `((` opens arithmetic only where a command could start (`((i++))`, `for ((…))`), not `( (a) )`. */
  function atArithmeticCommand(): boolean {
    const last = tokens[tokens.length - 1];
    return last === undefined || last.kind === 'operator' || (last.kind === 'word' && last.value === 'for');
  }

  function readOperator(): void {
    const start = pos;
    const op = OPERATORS.find((candidate) => src.startsWith(candidate, pos)) ?? src[pos];
    pos += op.length;
    if (!(op.startsWith('<') || op.startsWith('>') || op.startsWith('&>'))) {
      tokens.push({ kind: 'operator', op, start, end: pos });
      return;
    }
    const redirect: Redirection = { kind: 'redirect', op, start, end: pos };
    while (src[pos] === ' ' || src[pos] === '\t') pos++;
    const atWord = pos < src.length && !WORD_BREAK.has(src[pos]);
    if (atWord || src.startsWith('<(', pos) || src.startsWith('>(', pos)) {
      redirect.target = readWord();
      redirect.end = redirect.target.end;
    }
    if ((op === '<<' || op === '<<-') && redirect.target) {
      // A quoted delimiter (`<<'EOF'`) makes the body literal; otherwise `$(…)` in it runs.
      pending.push({ redirect, delimiter: redirect.target.value, stripTabs: op === '<<-', expands: !redirect.target.quoted });
    }
    tokens.push(redirect);
  }

  function readHeredocBodies(): void {
    for (const { redirect, delimiter, stripTabs, expands } of pending.splice(0)) {
      const lines: string[] = [];
      while (pos < src.length) {
        let lineEnd = src.indexOf('\n', pos);
        if (lineEnd === -1) lineEnd = src.length;
        let line = src.slice(pos, lineEnd).replace(/\r$/, '');
        pos = Math.min(lineEnd + 1, src.length);
        if (stripTabs) line = line.replace(/^\t+/, '');
        if (line === delimiter) break;
        lines.push(line);
      }
      const body = lines.join('\n');
      redirect.heredoc = { body, substitutions: expands ? expansionsIn(body, depth + 1) : [] };
    }
  }

  function readWord(): ShellWord {
    const word = newWord(pos);
    if ((src[pos] === '<' || src[pos] === '>') && src[pos + 1] === '(') {
      const substitution = readSubstitution(word, pos + 2, true);
      substitution.whole = true;
      word.end = pos;
      return word;
    }
    while (pos < src.length) {
      const c = src[pos];
      if (WORD_BREAK.has(c)) {
        // `name=(a b c)` is an array assignment, not a subshell.
        if (c === '(' && word.value.endsWith('=') && !word.quoted) {
          const end = skipBalanced(src, pos);
          word.value += src.slice(pos, end);
          pos = end;
          continue;
        }
        break;
      }
      if (c === '\\') {
        if (src[pos + 1] !== '\n') {
          word.value += src[pos + 1] ?? '';
          word.quoted = true;
        }
        pos += 2;
      } else if (c === "'") {
        const end = src.indexOf("'", pos + 1);
        const stop = end === -1 ? src.length : end;
        word.value += src.slice(pos + 1, stop);
        word.quoted = true;
        pos = stop + 1;
      } else if (c === '"') {
        word.quoted = true;
        pos = readQuoted(word, pos + 1, '"');
      } else if (c === '$' && src[pos + 1] === "'") {
        word.quoted = true;
        readAnsiC(word);
      } else if (c === '$' && src[pos + 1] === '"') {
        word.quoted = true;
        pos = readQuoted(word, pos + 2, '"');
      } else if (c === '$') {
        readDollar(word);
      } else if (c === '`') {
        readBackticks(word);
      } else {
        if (c === '*' || c === '?' || c === '[') word.glob = true;
        word.value += c;
        pos++;
      }
    }
    word.end = Math.min(pos, src.length);
    const only = word.substitutions.length === 1 ? word.substitutions[0] : undefined;
    if (only && only.raw === word.value) only.whole = true;
    return word;
  }

  /** Reads a double-quoted string body from `start`; returns the offset after the closing quote. */
  function readQuoted(word: ShellWord, start: number, quote: string): number {
    const outer = inDouble;
    inDouble = true;
    const end = readQuotedBody(word, start, quote);
    inDouble = outer;
    return end;
  }

  function readQuotedBody(word: ShellWord, start: number, quote: string): number {
    pos = start;
    while (pos < src.length) {
      const c = src[pos];
      if (quote !== '' && c === quote) return pos + 1;
      if (c === '\\') {
        const next = src[pos + 1];
        if (next === '\n') {
          // line continuation
        } else if (next === '$' || next === '`' || next === '"' || next === '\\') {
          word.value += next;
        } else {
          word.value += '\\' + (next ?? '');
        }
        pos += 2;
      } else if (c === '$') {
        readDollar(word);
      } else if (c === '`') {
        readBackticks(word);
      } else {
        word.value += c;
        pos++;
      }
    }
    return pos;
  }

  function readDollar(word: ShellWord): void {
    const start = pos;
    if (src.startsWith('$((', start)) {
      pos = skipBalanced(src, start + 1);
      word.value += src.slice(start, pos);
    } else if (src[start + 1] === '(') {
      readSubstitution(word, start + 2, false);
    } else if (src[start + 1] === '{') {
      const at = word.value.length;
      readParameter(word);
      const name = /^\$\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?])\}$/.exec(word.value.slice(at))?.[1];
      if (name !== undefined) word.parameters.push({ name, at, end: word.value.length, split: !inDouble });
    } else {
      const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(src.slice(start + 1, start + 257))?.[0];
      const at = word.value.length;
      word.value += '$' + (name ?? '');
      pos += 1 + (name?.length ?? 0);
      if (name !== undefined) word.parameters.push({ name, at, end: word.value.length, split: !inDouble });
    }
  }

  /** `$(…)` or `<(…)`: the script runs; `open` is the offset just after `(`. */
  function readSubstitution(word: ShellWord, open: number, process: boolean): Substitution {
    const start = open - 2;
    let inner: Token[] = [];
    if (depth + 1 >= MAX_NESTING) {
      pos = skipBalanced(src, open - 1);
    } else {
      const lexer = createLexer(src, depth + 1);
      pos = lexer.run(open, true);
      inner = lexer.tokens;
    }
    const substitution: Substitution = { tokens: inner, source: src, whole: false, process, raw: src.slice(start, pos), at: word.value.length, split: !inDouble && !process };
    word.value += substitution.raw;
    word.substitutions.push(substitution);
    return substitution;
  }

  /** `${name…}`: kept as written; command substitutions inside still run. */
  function readParameter(word: ShellWord): void {
    word.value += '${';
    pos += 2;
    let depth = 1;
    while (pos < src.length) {
      const c = src[pos];
      if (c === '\\') {
        word.value += src.slice(pos, pos + 2);
        pos += 2;
      } else if (c === '$' && src[pos + 1] === '(') {
        readDollar(word);
      } else if (c === '`') {
        readBackticks(word);
      } else if (c === '$' && src[pos + 1] === '{') {
        depth++;
        word.value += '${';
        pos += 2;
      } else {
        word.value += c;
        pos++;
        if (c === '}' && --depth === 0) return;
      }
    }
  }

  function readBackticks(word: ShellWord): void {
    const start = pos;
    let body = '';
    pos++;
    while (pos < src.length && src[pos] !== '`') {
      if (src[pos] === '\\' && (src[pos + 1] === '`' || src[pos + 1] === '\\' || src[pos + 1] === '$')) {
        body += src[pos + 1];
        pos += 2;
      } else {
        body += src[pos++];
      }
    }
    pos = Math.min(pos + 1, src.length);
    const substitution: Substitution = {
      tokens: depth + 1 >= MAX_NESTING ? [] : tokenize(body, depth + 1),
      source: body,
      whole: false,
      process: false,
      raw: src.slice(start, pos),
      at: word.value.length,
      split: !inDouble,
    };
    word.value += substitution.raw;
    word.substitutions.push(substitution);
  }

  /** `$'…'`: bash's ANSI-C quoting, decoded (attackers spell `$'\x63url'` for curl). */
  function readAnsiC(word: ShellWord): void {
    pos += 2;
    while (pos < src.length && src[pos] !== "'") {
      if (src[pos] !== '\\') {
        word.value += src[pos++];
        continue;
      }
      const rest = src.slice(pos + 1, pos + 10);
      const escape = /^(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/s.exec(rest)?.[0] ?? '';
      word.value += decodeAnsiEscape(escape);
      pos += 1 + Math.max(escape.length, 1);
    }
    pos++;
  }
  return { tokens, run, readQuoted };
}

const SIMPLE_ESCAPES = new Map(Object.entries({
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
}));

function decodeAnsiEscape(escape: string): string {
  if (escape === '') return '\\';
  const head = escape[0];
  if (head === 'x' || head === 'u' || head === 'U') return safeCodePoint(parseInt(escape.slice(1), 16));
  if (/[0-7]/.test(head)) return safeCodePoint(parseInt(escape, 8));
  if (head === 'c') return String.fromCharCode(escape.charCodeAt(1) & 0x1f);
  return SIMPLE_ESCAPES.get(head) ?? '\\' + escape;
}

function safeCodePoint(code: number): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/**
 * From an opening `(` at `open`, the offset after its matching `)`, skipping quoted text.
 * Iterative, so any nesting depth is safe.
 */
function skipBalanced(src: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      i = end === -1 ? src.length : end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      depth--;
      if (depth <= 0) return i + 1;
    }
    i++;
  }
  return src.length;
}
