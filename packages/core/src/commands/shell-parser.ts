import type { Redirection, ShellWord, Token } from './shell-lexer.js';

/** One simple command of a script: its words, its redirections, and what feeds its standard input. */
export interface SimpleCommand {
  /** Words as written, leading assignments (`A=b`) included; reserved words removed. */
  words: ShellWord[];
  redirects: Redirection[];
  /** The command as it appears in the script, and where (offsets into the script). */
  text: string;
  start: number;
  end: number;
  /** Commands of the earlier stages of its pipeline (`curl … | sh`: curl is upstream of sh), the nearest MAX_UPSTREAM. */
  upstream: SimpleCommand[];
}

export interface ParsedScript {
  /** Every simple command in source order, including those inside `( … )`, `{ …; }`, if/while/for/case bodies. */
  commands: SimpleCommand[];
  /** Words that are not part of a command (for-lists, case words and patterns, `[[ … ]]`, function names); their substitutions still run. */
  looseWords: ShellWord[];
  /** Function definitions: the body is `commands[first]` up to (not including) `commands[end]`. */
  functions: FunctionDefinition[];
}

export interface FunctionDefinition {
  name: string;
  first: number;
  end: number;
}

/** Commands remembered as feeding a pipeline stage: enough for `curl | base64 -d | gunzip | sh`, and keeps a 100,000-stage pipeline linear. */
const MAX_UPSTREAM = 16;
/** How far down the open blocks a closing word looks for its opener (`fi` for `if`); a stray one is ignored. */
const MAX_CLOSE_SEARCH = 32;

type BlockKind = 'subshell' | 'group' | 'if' | 'loop' | 'case';

interface Block {
  kind: BlockKind;
  /** What fed the pipeline stage the block stands in. */
  upstream: SimpleCommand[];
  /** Index in `commands` of the block's first command. */
  first: number;
  /** The block is the body of this function. */
  defines?: string;
}

/** Words that are not commands, and what the parser then skips until. */
type Skipping = 'none' | 'for-header' | 'case-header' | 'case-pattern' | 'test' | 'function-name';

/**
 * Groups tokens into simple commands, tracking pipelines across compound commands
 * (`(curl x; echo) | sh`, `if …; fi | bash`). Tolerant: unbalanced or stray keywords are ignored.
 */
export function parseTokens(tokens: readonly Token[], source: string): ParsedScript {
  const commands: SimpleCommand[] = [];
  const looseWords: ShellWord[] = [];
  const functions: FunctionDefinition[] = [];
  const blocks: Block[] = [];
  /** A function name was just read: the next block is its body. */
  let defining: string | undefined;
  let words: ShellWord[] = [];
  let redirects: Redirection[] = [];
  let upstream: SimpleCommand[] = [];
  let stageStart = 0;
  let skipping: Skipping = 'none';

  const inherited = (): SimpleCommand[] => blocks[blocks.length - 1]?.upstream ?? [];
  const finish = (): void => {
    if (words.length > 0 || redirects.length > 0) {
      let start = Infinity;
      let end = 0;
      for (const part of [...words, ...redirects]) {
        start = Math.min(start, part.start);
        end = Math.max(end, part.end);
      }
      commands.push({ words, redirects, text: source.slice(start, end), start, end, upstream });
    }
    words = [];
    redirects = [];
  };
  const separate = (): void => {
    finish();
    upstream = inherited();
    stageStart = commands.length;
  };
  const pipe = (): void => {
    finish();
    const fed = upstream.concat(commands.slice(Math.max(stageStart, commands.length - MAX_UPSTREAM)));
    upstream = fed.length > MAX_UPSTREAM ? fed.slice(-MAX_UPSTREAM) : fed;
    stageStart = commands.length;
  };
  const open = (kind: BlockKind): void => {
    finish();
    blocks.push({ kind, upstream, first: commands.length, defines: defining });
    defining = undefined;
    stageStart = commands.length;
  };
  const close = (kinds: BlockKind[]): void => {
    finish();
    let index = blocks.length - 1;
    const lowest = Math.max(0, blocks.length - MAX_CLOSE_SEARCH);
    while (index >= lowest && !kinds.includes(blocks[index].kind)) index--;
    if (index < lowest) return;
    const block = blocks[index];
    blocks.length = index;
    if (block.defines !== undefined) {
      functions.push({ name: block.defines, first: block.first, end: commands.length });
      // A definition runs nothing: it feeds no pipeline.
      upstream = block.upstream;
      stageStart = commands.length;
      return;
    }
    // The whole block is now one pipeline stage: `fi | sh` pipes everything it ran.
    upstream = block.upstream;
    stageStart = block.first;
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.kind === 'operator') {
      const op = token.op;
      if (skipping === 'test') {
        if (op === '\n' || op === ';') skipping = 'none';
        else continue;
      }
      if (skipping === 'case-pattern') {
        if (op === ')') skipping = 'none';
        continue;
      }
      if (op === '|' || op === '|&') {
        pipe();
      } else if (op === '(') {
        const next = tokens[index + 1];
        if (words.length === 1 && next?.kind === 'operator' && next.op === ')') {
          // `name() { … }` defines a function: the name is not a command.
          defining = words[0].value;
          looseWords.push(...words);
          words = [];
          index++;
        } else if (words.length === 0 && defining !== undefined && next?.kind === 'operator' && next.op === ')') {
          // `function name() { … }`
          index++;
        } else if (words.length === 0) {
          open('subshell');
        }
      } else if (op === ')') {
        close(['subshell']);
      } else {
        if (skipping === 'for-header') skipping = 'none';
        separate();
        if ((op === ';;' || op === ';&' || op === ';;&') && blocks[blocks.length - 1]?.kind === 'case') skipping = 'case-pattern';
      }
      continue;
    }

    if (token.kind === 'redirect') {
      if (skipping === 'none') redirects.push(token);
      else if (token.target) looseWords.push(token.target);
      continue;
    }

    const reserved = !token.quoted && words.length === 0 && redirects.length === 0 ? token.value : '';
    if (skipping !== 'none') {
      if (skipping === 'for-header' && reserved === 'do') {
        skipping = 'none';
        separate();
      } else if (skipping === 'case-pattern' && reserved === 'esac') {
        skipping = 'none';
        close(['case']);
      } else {
        looseWords.push(token);
        if (skipping === 'case-header' && reserved === 'in') skipping = 'case-pattern';
        else if (skipping === 'test' && reserved === ']]') skipping = 'none';
        else if (skipping === 'function-name') {
          skipping = 'none';
          defining = token.value;
        }
      }
      continue;
    }
    switch (reserved) {
      case 'if':
        open('if');
        break;
      case 'while':
      case 'until':
        open('loop');
        break;
      case 'for':
      case 'select':
        open('loop');
        skipping = 'for-header';
        break;
      case 'case':
        open('case');
        skipping = 'case-header';
        break;
      case '{':
        open('group');
        break;
      case 'then':
      case 'else':
      case 'elif':
      case 'do':
        separate();
        break;
      case 'fi':
        close(['if']);
        break;
      case 'done':
        close(['loop']);
        break;
      case 'esac':
        close(['case']);
        break;
      case '}':
        close(['group']);
        break;
      case '!':
        break;
      case '[[':
        skipping = 'test';
        break;
      case 'function':
        skipping = 'function-name';
        break;
      default:
        words.push(token);
    }
  }
  finish();
  return { commands, looseWords, functions };
}
