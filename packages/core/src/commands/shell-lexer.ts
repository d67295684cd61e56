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
  const lexer = new Lexer(source, depth);
  lexer.run(0, false);
  return lexer.tokens;
}

/** Substitutions in text that expands like a double-quoted string (an unquoted here-document body). */
export function expansionsIn(text: string, depth: number): Substitution[] {
  const lexer = new Lexer(text, depth);
  const word = lexer.newWord(0);
  lexer.readQuoted(word, 0, '');
  return word.substitutions;
}

class Lexer {
  readonly tokens: Token[] = [];
  private pos = 0;
  /** Here-documents whose body starts after the next newline. */
  private readonly pending: Array<{ redirect: Redirection; delimiter: string; stripTabs: boolean; expands: boolean }> = [];

  constructor(
    private readonly src: string,
    private readonly depth: number,
  ) {}

  /** Reads tokens from `start`; with `closing`, stops after the `)` that closes a `$(` or `<(`. Returns the end offset. */
  run(start: number, closing: boolean): number {
    const src = this.src;
    this.pos = start;
    let parens = 0;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else if (c === '\\' && src[this.pos + 1] === '\n') {
        this.pos += 2;
      } else if (c === '\n') {
        this.operator('\n', 1);
        this.readHeredocBodies();
      } else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else if (c === ')') {
        if (closing && parens === 0) return this.pos + 1;
        parens--;
        this.operator(')', 1);
      } else if (c === '(') {
        if (src[this.pos + 1] === '(' && this.atArithmeticCommand()) {
          this.pos = skipBalanced(src, this.pos);
        } else {
          parens++;
          this.operator('(', 1);
        }
      } else if ((c === '<' || c === '>') && src[this.pos + 1] === '(') {
        this.tokens.push(this.readWord());
      } else if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
        this.readOperator();
      } else if (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(src.slice(this.pos, this.pos + 12))) {
        // A file descriptor in front of a redirection (`2>&1`, `5<>/dev/tcp/…`).
        while (/[0-9]/.test(src[this.pos])) this.pos++;
        this.readOperator();
      } else {
        this.tokens.push(this.readWord());
      }
    }
    return this.pos;
  }

  newWord(start: number): ShellWord {
    return { kind: 'word', value: '', start, end: start, quoted: false, substitutions: [] };
  }

  private operator(op: string, length: number): void {
    this.tokens.push({ kind: 'operator', op, start: this.pos, end: this.pos + length });
    this.pos += length;
  }

  /** `((` opens arithmetic only where a command could start (`((i++))`, `for ((…))`), not `( (a) )`. */
  private atArithmeticCommand(): boolean {
    const last = this.tokens[this.tokens.length - 1];
    return last === undefined || last.kind === 'operator' || (last.kind === 'word' && last.value === 'for');
  }

  private readOperator(): void {
    const start = this.pos;
    const op = OPERATORS.find((candidate) => this.src.startsWith(candidate, this.pos)) ?? this.src[this.pos];
    this.pos += op.length;
    if (!(op.startsWith('<') || op.startsWith('>') || op.startsWith('&>'))) {
      this.tokens.push({ kind: 'operator', op, start, end: this.pos });
      return;
    }
    const redirect: Redirection = { kind: 'redirect', op, start, end: this.pos };
    while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') this.pos++;
    const atWord = this.pos < this.src.length && !WORD_BREAK.has(this.src[this.pos]);
    if (atWord || this.src.startsWith('<(', this.pos) || this.src.startsWith('>(', this.pos)) {
      redirect.target = this.readWord();
      redirect.end = redirect.target.end;
    }
    if ((op === '<<' || op === '<<-') && redirect.target) {
      // A quoted delimiter (`<<'EOF'`) makes the body literal; otherwise `$(…)` in it runs.
      this.pending.push({ redirect, delimiter: redirect.target.value, stripTabs: op === '<<-', expands: !redirect.target.quoted });
    }
    this.tokens.push(redirect);
  }

  private readHeredocBodies(): void {
    for (const { redirect, delimiter, stripTabs, expands } of this.pending.splice(0)) {
      const lines: string[] = [];
      while (this.pos < this.src.length) {
        let lineEnd = this.src.indexOf('\n', this.pos);
        if (lineEnd === -1) lineEnd = this.src.length;
        let line = this.src.slice(this.pos, lineEnd).replace(/\r$/, '');
        this.pos = Math.min(lineEnd + 1, this.src.length);
        if (stripTabs) line = line.replace(/^\t+/, '');
        if (line === delimiter) break;
        lines.push(line);
      }
      const body = lines.join('\n');
      redirect.heredoc = { body, substitutions: expands ? expansionsIn(body, this.depth + 1) : [] };
    }
  }

  private readWord(): ShellWord {
    const src = this.src;
    const word = this.newWord(this.pos);
    if ((src[this.pos] === '<' || src[this.pos] === '>') && src[this.pos + 1] === '(') {
      const substitution = this.readSubstitution(word, this.pos + 2, true);
      substitution.whole = true;
      word.end = this.pos;
      return word;
    }
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (WORD_BREAK.has(c)) {
        // `name=(a b c)` is an array assignment, not a subshell.
        if (c === '(' && word.value.endsWith('=') && !word.quoted) {
          const end = skipBalanced(src, this.pos);
          word.value += src.slice(this.pos, end);
          this.pos = end;
          continue;
        }
        break;
      }
      if (c === '\\') {
        if (src[this.pos + 1] !== '\n') {
          word.value += src[this.pos + 1] ?? '';
          word.quoted = true;
        }
        this.pos += 2;
      } else if (c === "'") {
        const end = src.indexOf("'", this.pos + 1);
        const stop = end === -1 ? src.length : end;
        word.value += src.slice(this.pos + 1, stop);
        word.quoted = true;
        this.pos = stop + 1;
      } else if (c === '"') {
        word.quoted = true;
        this.pos = this.readQuoted(word, this.pos + 1, '"');
      } else if (c === '$' && src[this.pos + 1] === "'") {
        word.quoted = true;
        this.readAnsiC(word);
      } else if (c === '$' && src[this.pos + 1] === '"') {
        word.quoted = true;
        this.pos = this.readQuoted(word, this.pos + 2, '"');
      } else if (c === '$') {
        this.readDollar(word);
      } else if (c === '`') {
        this.readBackticks(word);
      } else {
        word.value += c;
        this.pos++;
      }
    }
    word.end = Math.min(this.pos, src.length);
    const only = word.substitutions.length === 1 ? word.substitutions[0] : undefined;
    if (only && only.raw === word.value) only.whole = true;
    return word;
  }

  /** Reads a double-quoted string body from `start`; returns the offset after the closing quote. */
  readQuoted(word: ShellWord, start: number, quote: string): number {
    const src = this.src;
    this.pos = start;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (quote !== '' && c === quote) return this.pos + 1;
      if (c === '\\') {
        const next = src[this.pos + 1];
        if (next === '\n') {
          // line continuation
        } else if (next === '$' || next === '`' || next === '"' || next === '\\') {
          word.value += next;
        } else {
          word.value += '\\' + (next ?? '');
        }
        this.pos += 2;
      } else if (c === '$') {
        this.readDollar(word);
      } else if (c === '`') {
        this.readBackticks(word);
      } else {
        word.value += c;
        this.pos++;
      }
    }
    return this.pos;
  }

  private readDollar(word: ShellWord): void {
    const src = this.src;
    const start = this.pos;
    if (src.startsWith('$((', start)) {
      this.pos = skipBalanced(src, start + 1);
      word.value += src.slice(start, this.pos);
    } else if (src[start + 1] === '(') {
      this.readSubstitution(word, start + 2, false);
    } else if (src[start + 1] === '{') {
      this.readParameter(word);
    } else {
      word.value += '$';
      this.pos++;
    }
  }

  /** `$(…)` or `<(…)`: the script runs; `open` is the offset just after `(`. */
  private readSubstitution(word: ShellWord, open: number, process: boolean): Substitution {
    const start = open - 2;
    let tokens: Token[] = [];
    if (this.depth + 1 >= MAX_NESTING) {
      this.pos = skipBalanced(this.src, open - 1);
    } else {
      const inner = new Lexer(this.src, this.depth + 1);
      this.pos = inner.run(open, true);
      tokens = inner.tokens;
    }
    const substitution: Substitution = { tokens, source: this.src, whole: false, process, raw: this.src.slice(start, this.pos) };
    word.value += substitution.raw;
    word.substitutions.push(substitution);
    return substitution;
  }

  /** `${name…}`: kept as written; command substitutions inside still run. */
  private readParameter(word: ShellWord): void {
    const src = this.src;
    word.value += '${';
    this.pos += 2;
    let depth = 1;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (c === '\\') {
        word.value += src.slice(this.pos, this.pos + 2);
        this.pos += 2;
      } else if (c === '$' && src[this.pos + 1] === '(') {
        this.readDollar(word);
      } else if (c === '`') {
        this.readBackticks(word);
      } else if (c === '$' && src[this.pos + 1] === '{') {
        depth++;
        word.value += '${';
        this.pos += 2;
      } else {
        word.value += c;
        this.pos++;
        if (c === '}' && --depth === 0) return;
      }
    }
  }

  private readBackticks(word: ShellWord): void {
    const src = this.src;
    const start = this.pos;
    let body = '';
    this.pos++;
    while (this.pos < src.length && src[this.pos] !== '`') {
      if (src[this.pos] === '\\' && (src[this.pos + 1] === '`' || src[this.pos + 1] === '\\' || src[this.pos + 1] === '$')) {
        body += src[this.pos + 1];
        this.pos += 2;
      } else {
        body += src[this.pos++];
      }
    }
    this.pos = Math.min(this.pos + 1, src.length);
    const substitution: Substitution = {
      tokens: this.depth + 1 >= MAX_NESTING ? [] : tokenize(body, this.depth + 1),
      source: body,
      whole: false,
      process: false,
      raw: src.slice(start, this.pos),
    };
    word.value += substitution.raw;
    word.substitutions.push(substitution);
  }

  /** `$'…'`: bash's ANSI-C quoting, decoded (attackers spell `$'\x63url'` for curl). */
  private readAnsiC(word: ShellWord): void {
    const src = this.src;
    this.pos += 2;
    while (this.pos < src.length && src[this.pos] !== "'") {
      if (src[this.pos] !== '\\') {
        word.value += src[this.pos++];
        continue;
      }
      const rest = src.slice(this.pos + 1, this.pos + 10);
      const escape = /^(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/s.exec(rest)?.[0] ?? '';
      word.value += decodeAnsiEscape(escape);
      this.pos += 1 + Math.max(escape.length, 1);
    }
    this.pos++;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function decodeAnsiEscape(escape: string): string {
  if (escape === '') return '\\';
  const head = escape[0];
  if (head === 'x' || head === 'u' || head === 'U') return safeCodePoint(parseInt(escape.slice(1), 16));
  if (/[0-7]/.test(head)) return safeCodePoint(parseInt(escape, 8));
  if (head === 'c') return String.fromCharCode(escape.charCodeAt(1) & 0x1f);
  return SIMPLE_ESCAPES[head] ?? '\\' + escape;
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
