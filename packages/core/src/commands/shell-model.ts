import type { Span } from '../model.js';
import { shellCommandsIn } from './inline-code.js';
import { evaluatesDecoded, inlineCode, type InlineCode } from './one-liners.js';
import type { CommandOrigin, Invocation, Redirect, Word } from './invocations.js';
import { resolveGlob } from './layout.js';
import { interpreterCall, isShell, programName, readsProgramFromStdin } from './programs.js';
import { MAX_NESTING, tokenize, type ShellWord, type Substitution, type Token } from './shell-lexer.js';
import { parseTokens, type SimpleCommand } from './shell-parser.js';
import { ShellState, type Variable } from './shell-state.js';
import { decoderOf, staticOutput } from './static-output.js';
import { expandWord, type ExpansionResult } from './word-expansion.js';
import { embeddedScript, findExecRanges, unwrap } from './wrappers.js';

/** What feeds a command's standard input, and where its output goes. */
export interface StreamFacts {
  redirects: Redirect[];
  /** A here-document or here-string. */
  input?: string;
  stdinFrom: Invocation[];
  /** What the upstream stage prints, when the manifest decides it. */
  stdinText?: string;
  /** Some upstream stage decodes: the encoding. */
  stdinDecoded?: string;
  /** Where the text that stdin carries is written (the encoded literal). */
  stdinWithin?: Span;
}

export const NO_STREAMS: StreamFacts = { redirects: [], stdinFrom: [] };

/** Where a command line runs. */
export interface Site {
  origin: CommandOrigin;
  depth: number;
  state: ShellState;
  /** The command as written, when it comes from a script. */
  text?: string;
  /** Pointer of the scalar that holds it, when its words do not say. */
  path?: string;
  within?: Span;
  /** It was read out of a decoded payload: the encoding. */
  decoded?: string;
}

/** Where a script's commands come from, and how deep in nested scripts they are. */
export interface ScriptScope {
  origin: CommandOrigin;
  depth: number;
  state: ShellState;
  /** `$0`, `$1`, … of a `sh -c script name args…`: the words after the script. */
  positional?: Word[];
  decoded?: string;
}

/** How offsets in a script's source map to the scalar at `path`. */
interface Placement {
  path: string;
  /** Offsets in the source are offsets in the scalar. */
  exact: boolean;
  /** Otherwise every command points here (the word or command that holds the script). */
  anchor?: Span;
}

/** What one script (or substitution) ran and printed. */
interface ScriptRun {
  invocations: Invocation[];
  output?: string;
  decoded?: string;
}

/** What one simple command ran: its own invocations, what its output carries, and its main invocation. */
interface CommandRun {
  invocations: Invocation[];
  /** Invocations whose output is the command's output: its own, or a called function's body. */
  feeds: Invocation[];
  main?: Invocation;
  output?: string;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=/;
/** Builtins whose operands are assignments. */
const DECLARATIONS = new Set(['export', 'local', 'declare', 'typeset', 'readonly']);
/** Commands that copy, move or link a file to a new name. */
const COPIERS = new Set(['cp', 'mv', 'ln', 'install']);
/** Folders a program copied without a path comes from, as written (`cp socat /tmp/s`). */
const PROGRAM_FOLDERS = /^(\/usr)?(\/local)?\/s?bin\/[^/]+$/;

/** Builds the invocations of one container; `fromArgv` and `fromScript` add to `invocations`. */
export function invocationBuilder(files?: ReadonlyMap<string, { text: string; path: string; exact?: boolean; executable?: boolean }>) {
  const invocations: Invocation[] = [];
  /** Known files run as scripts, by path: a script that runs itself is read once. */
  const filesRun = new Set<string>();

  /**
   * An argv, then what it runs in turn (`sh -c` scripts, `find -exec`, stdin fed to a shell, a known file).
   * A line that runs no program (`exec 3<>/dev/tcp/…`, `command -v curl`) still yields an invocation of what
   * is there, so its redirections are seen; its argv may then be empty.
   */
  function fromArgv(written: Word[], site: Site, streams: StreamFacts): Invocation[] {
    if (site.depth > MAX_NESTING) return [];
    const state = site.state;
    const words = resolveCommandWord(written, state);
    const unwrapped = unwrap(words);
    const args = unwrapped.args.length > 0 ? resolveCommandWord(unwrapped.args, state) : words;
    const path = args[0]?.path ?? site.path;
    if (path === undefined || (args.length === 0 && streams.redirects.length === 0)) return [];
    const argv = args.map((word) => word.value);
    const original = unwrapped.args.length > 0 ? unwrapped.args[0] : written[0];
    const renamed = args[0] && original && args[0].value !== original.value && args[0].trick === undefined ? original.value : undefined;
    const literal = args.every((word) => word.unresolved === undefined && !word.generated);
    const stdinText = streams.input ?? streams.stdinText;
    const call = interpreterCall(argv);
    const inline = inlineCode(call, stdinText);
    const invocation: Invocation = {
      argv,
      program: programName(argv[0] ?? ''),
      path,
      text: site.text ?? displayArgv(written.map((word) => word.value)),
      origin: site.origin,
      wrappers: unwrapped.args.length > 0 ? unwrapped.wrappers : [],
      redirects: streams.redirects,
      input: stdinText,
      stdinFrom: streams.stdinFrom,
      argumentsFrom: args.flatMap((word, index) => (word.from ? [{ index, invocations: word.from }] : [])),
      within: site.within,
      output: literal ? staticOutput(argv, stdinText, files) : undefined,
      decodes: decoderOf(argv),
      decodedFrom: site.decoded,
      obscured: obscurity(args, argv, streams, inline),
      cwd: state.cwd,
      renamedFrom: renamed,
    };
    if (invocation.output === undefined) delete invocation.output;
    if (inline) invocation.inline = inline;
    if (invocation.wrappers.length > 0) {
      invocation.wrapped = words.map((word) => word.value);
      invocation.wrappedPath = words[0]?.path;
    }
    invocations.push(invocation);
    const created = [invocation];
    const inner: Site = { ...site, depth: site.depth + 1, text: undefined };

    for (const [start, end] of findExecRanges(argv)) append(created, fromArgv(args.slice(start, end), inner, NO_STREAMS));
    if (call && inline) {
      // The code's own word, or the here-document that feeds it.
      const codeWord = call.programIndex === undefined ? undefined : args[call.programIndex];
      const anchor = codeWord?.within ?? (call.code === undefined ? streams.stdinWithin : undefined) ?? site.within;
      for (const script of shellCommandsIn(call.family, inline.text)) {
        const holder = args.find((word) => word.value.includes(script)) ?? codeWord;
        const decoded = call.encoded ?? (holder === undefined || !holder.value.includes(script) ? inline.decoded.find((payload) => payload.text.includes(script))?.encoding : undefined);
        append(created, runScript(script, { path: holder?.path ?? path, exact: false, anchor: holder?.within ?? anchor }, { ...scopeOf(inner), decoded: decoded ?? site.decoded }));
      }
    }
    const embedded = embeddedScript(argv);
    const reader = isShell(invocation.program) || invocation.program === 'source' || invocation.program === '.';
    if (embedded) {
      const holder = args[embedded.index];
      const positional = isShell(invocation.program) ? args.slice(embedded.index + 1) : undefined;
      const placement = { path: holder.path, exact: holder.exact === true, anchor: holder.within ?? site.within };
      append(created, runScript(embedded.script, placement, { ...scopeOf(inner), positional, decoded: holder.decoded ?? site.decoded }));
    } else if (stdinText !== undefined && reader && readsProgramFromStdin(argv)) {
      // A here-document, or text the pipeline prints (decoded or echoed), read by a shell.
      const placement = { path: invocation.path, exact: false, anchor: streams.stdinWithin ?? site.within };
      append(created, runScript(stdinText, placement, { ...scopeOf(inner), decoded: streams.stdinDecoded ?? site.decoded }));
    } else {
      append(created, runKnownFile(invocation, argv, inner));
    }
    return created;
  }

  /** A file mounted into the container (a ConfigMap's script) run by its path, by a shell, or sourced. */
  function runKnownFile(invocation: Invocation, argv: readonly string[], site: Site): Invocation[] {
    if (!files || files.size === 0) return [];
    const program = invocation.program;
    const byPath = !(isShell(program) || program === 'source' || program === '.');
    const operand = byPath ? argv[0] : argv.slice(1).find((arg) => !arg.startsWith('-'));
    const file = operand === undefined ? undefined : site.state.absolute(operand);
    const known = file === undefined ? undefined : files.get(file);
    if (!known || filesRun.has(file!)) return [];
    // Run by its path, the kernel wants an execute bit, and a `#!` line naming another interpreter hands it to that one.
    if (byPath && (known.executable === false || !shellShebang(known.text))) return [];
    filesRun.add(file!);
    return runScript(known.text, { path: known.path, exact: known.exact !== false }, scopeOf(site));
  }

  function scopeOf(site: Site): ScriptScope {
    return { origin: site.origin, depth: site.depth, state: site.state, decoded: site.decoded };
  }

  /** A script held by a word of a command list (`sh -c "…"` in `command`): offsets map when it is the scalar as written. */
  function fromScript(word: Word, scope: ScriptScope): Invocation[] {
    return runScript(word.value, { path: word.path, exact: word.exact === true, anchor: word.within }, scope);
  }

  function runScript(script: string, placement: Placement, scope: ScriptScope): Invocation[] {
    if (scope.depth > MAX_NESTING) return [];
    return fromTokens(tokenize(script, scope.depth), script, placement, scope).invocations;
  }

  function fromTokens(tokens: Token[], source: string, placement: Placement, scope: ScriptScope): ScriptRun {
    const parsed = parseTokens(tokens, source);
    const all: Invocation[] = [];
    for (const word of parsed.looseWords) for (const run of fromSubstitutions(word, source, placement, scope)) append(all, run.invocations);
    const produced = new Map<SimpleCommand, CommandRun>();
    const definitions = new Map(parsed.functions.map((definition) => [parsed.commands[definition.end - 1], definition]));
    const inFunction = new Set<SimpleCommand>();
    for (const definition of parsed.functions) for (let index = definition.first; index < definition.end; index++) inFunction.add(parsed.commands[index]);
    for (const command of parsed.commands) {
      const run = fromSimpleCommand(command, source, placement, scope, produced);
      produced.set(command, run);
      append(all, run.invocations);
      const defined = definitions.get(command);
      if (defined) {
        const body = parsed.commands.slice(defined.first, defined.end).flatMap((part) => produced.get(part)?.feeds ?? []);
        scope.state.defineFunction(defined.name, body);
      }
    }
    return { invocations: all, ...scriptOutput(parsed.commands, produced, inFunction) };
  }

  /** What a script prints: the output of its last pipeline stages, when every one is known. */
  function scriptOutput(commands: SimpleCommand[], produced: ReadonlyMap<SimpleCommand, CommandRun>, inFunction: ReadonlySet<SimpleCommand>) {
    const piped = new Set(commands.flatMap((command) => command.upstream));
    let output: string | undefined = '';
    let decoded: string | undefined;
    for (const command of commands) {
      const run = produced.get(command);
      decoded ??= run?.main?.decodes ?? run?.main?.decodedFrom;
      if (piped.has(command) || inFunction.has(command)) continue;
      output = output === undefined || run?.output === undefined ? undefined : output + run.output;
    }
    return { output, decoded };
  }

  function fromSimpleCommand(
    command: SimpleCommand,
    source: string,
    placement: Placement,
    scope: ScriptScope,
    produced: ReadonlyMap<SimpleCommand, CommandRun>,
  ): CommandRun {
    const { state } = scope;
    const created: Invocation[] = [];
    const words: Word[] = [];
    const assignments: Array<[string, Variable]> = [];
    for (const word of command.words) {
      const results = fromSubstitutions(word, source, placement, scope);
      for (const run of results) append(created, run.invocations);
      const within = spanOf(placement, word.start, word.end);
      const declaring = words.length === 1 && DECLARATIONS.has(words[0].value);
      const assignment = words.length === 0 || declaring ? ASSIGNMENT.exec(source.slice(word.start, word.end)) : null;
      if (assignment) {
        // Leading `A=b` words set the environment; the command starts after them. `export A=b` sets it for the script.
        const value = variableOf(expandWord(word, assignment[0].length, results, state, false));
        if (declaring) state.setVariable(assignment[1], value);
        else assignments.push([assignment[1], value]);
        continue;
      }
      const parameters = positionalExpansion(word, scope.positional);
      if (parameters) {
        append(words, parameters);
        continue;
      }
      const expanded = expandWord(word, 0, results, state, true);
      for (const value of expanded.fields) words.push(wordOf(value, expanded, placement.path, within, word));
    }

    const streams: StreamFacts = { redirects: [], stdinFrom: [] };
    for (const stage of command.upstream) append(streams.stdinFrom, produced.get(stage)?.feeds ?? []);
    const previous = produced.get(command.upstream[command.upstream.length - 1]);
    if (previous?.output !== undefined) {
      streams.stdinText = previous.output;
      streams.stdinWithin = produced.get(command.upstream[0])?.main?.within;
    }
    streams.stdinDecoded = command.upstream.map((stage) => produced.get(stage)?.main).find((main) => main?.decodes)?.decodes;
    const writers: Invocation[][] = [];
    for (const redirect of command.redirects) {
      const target = redirect.target;
      const nested = target ? fromSubstitutions(target, source, placement, scope) : [];
      for (const run of nested) append(created, run.invocations);
      const ran = nested.flatMap((run) => run.invocations);
      if (redirect.heredoc) {
        streams.input = redirect.heredoc.body;
        for (const substitution of redirect.heredoc.substitutions) append(created, fromSubstitution(substitution, source, placement, scope, undefined).invocations);
      } else if (redirect.op === '<<<') {
        const expanded = target ? expandWord(target, 0, nested, state, false) : undefined;
        streams.input = expanded?.fields[0] ?? '';
        if (expanded && (expanded.unresolved !== undefined || expanded.generated)) streams.input = undefined;
        streams.stdinText = streams.input;
        append(streams.stdinFrom, ran);
        append(streams.stdinFrom, expanded?.from ?? []);
      } else {
        streams.redirects.push({ operator: redirect.op, target: target ? redirectTarget(target, nested, state) : '' });
        if (target?.substitutions.some((substitution) => substitution.process)) {
          if (redirect.op === '<') append(streams.stdinFrom, ran);
          // `> >(sh)`: what the command prints is what runs inside.
          else writers.push(ran);
        }
      }
    }
    const within = spanOf(placement, command.start, command.end);

    if (words.length === 0) {
      for (const [name, variable] of assignments) state.setVariable(name, variable);
    }
    const site: Site = { origin: scope.origin, depth: scope.depth, state, text: command.text, path: placement.path, within, decoded: scope.decoded };
    const ran = fromArgv(words, site, streams);
    append(created, ran);
    const main = ran[0];
    if (main) {
      track(main, words, state);
      for (const word of words) if (word.from && word.value.startsWith('>(')) writers.push(word.from);
      for (const inner of writers) for (const reader of inner) reader.stdinFrom.push(...main.stdinFrom, main);
    }
    const body = words.length > 0 ? state.functionBody(words[0].value) : undefined;
    const output = words.length === 0 ? '' : body ? undefined : main?.output;
    // A function call's output is its body's: the call itself prints nothing of its own.
    return { invocations: created, feeds: body ? [...created.filter((invocation) => invocation !== main), ...body] : created, main, output };
  }

  /** `$(…)` and friends of one word, each with what it ran and printed. */
  function fromSubstitutions(word: ShellWord, source: string, placement: Placement, scope: ScriptScope): ScriptRun[] {
    if (word.substitutions.length === 0) return [];
    const anchor = spanOf(placement, word.start, word.end);
    return word.substitutions.map((substitution) => fromSubstitution(substitution, source, placement, scope, anchor));
  }

  /** A substitution runs in a subshell: the script's state, one level deeper. */
  function fromSubstitution(substitution: Substitution, source: string, placement: Placement, scope: ScriptScope, anchor: Span | undefined): ScriptRun {
    if (scope.depth >= MAX_NESTING) return { invocations: [] };
    const inner: ScriptScope = { ...scope, depth: scope.depth + 1, state: new ShellState(scope.state) };
    // Backticks keep their own text: their commands point at the word that holds them.
    const own = substitution.source === source ? placement : { path: placement.path, exact: false, anchor: anchor ?? placement.anchor };
    return fromTokens(substitution.tokens, substitution.source, own, inner);
  }
  return { invocations, fromArgv, fromScript };
}

/** Where offsets `start`–`end` of a script sit in its scalar, when they can be told. */
function spanOf(placement: Placement, start: number, end: number): Span | undefined {
  return placement.exact ? { start, end } : placement.anchor;
}

function variableOf(value: ExpansionResult): Variable {
  const text = value.fields.join(' ');
  const known = value.unresolved === undefined && !value.generated;
  return { value: text, known, from: value.from, decoded: value.decoded, ...(value.source && value.fields.length === 1 ? { source: value.source } : {}) };
}

function wordOf(value: string, expanded: ExpansionResult, path: string, within: Span | undefined, word: ShellWord): Word {
  // A word that is one variable holding a scalar of the manifest (`"$SCRIPT"`, or its fields unquoted) points at that scalar.
  const source = expanded.source;
  const result: Word = source ? { value, path: source.path, exact: source.exact && expanded.fields.length === 1 } : { value, path, within };
  if (expanded.from) result.from = expanded.from;
  if (expanded.unresolved !== undefined) result.unresolved = expanded.unresolved;
  if (expanded.generated) result.generated = true;
  if (expanded.decoded) result.decoded = expanded.decoded;
  if (expanded.trick) result.trick = expanded.trick;
  if (word.glob && !value.includes('$')) result.trick ??= 'glob';
  return result;
}

/** A redirection's target after expansion (`> $OUT` with `OUT=/tmp/x` writes /tmp/x). */
function redirectTarget(target: ShellWord, nested: ScriptRun[], state: ShellState): string {
  return expandWord(target, 0, nested, state, false).fields[0] ?? target.value;
}

/**
 * The word in command position as the shell resolves it: a glob against the standard layout, a renamed
 * copy of a tool to that tool. Other words are left as they are.
 */
function resolveCommandWord(words: Word[], state: ShellState): Word[] {
  const first = words[0];
  if (!first) return words;
  if (first.trick === 'glob') {
    const match = resolveGlob(first.value);
    return match ? [{ ...first, value: match, trick: `a glob (${first.value})` }, ...words.slice(1)] : [{ ...first, trick: `a glob (${first.value})` }, ...words.slice(1)];
  }
  const tool = first.value.includes('/') ? state.toolAt(first.value) : undefined;
  return tool ? [{ ...first, value: tool }, ...words.slice(1)] : words;
}

/** Why the program an argv runs cannot be read as written, if it cannot. */
function obscurity(args: Word[], argv: readonly string[], streams: StreamFacts, inline: InlineCode | undefined): string | undefined {
  const first = args[0];
  if (!first) return undefined;
  if (first.trick !== undefined) return `takes its program name from ${first.trick}`;
  if (first.decoded) return `takes its program name from text it decodes (${first.decoded})`;
  const program = programName(argv[0]);
  // `"$JAVA_HOME/bin/java"` still names its program; `$CMD` does not.
  if (first.unresolved !== undefined && program.includes('$')) return `takes its program name from ${first.unresolved}, which the manifest does not set`;
  const runsText = program === 'eval' || ((isShell(program) || program === 'source' || program === '.') && embeddedScript(argv) !== undefined);
  if (runsText) {
    const script = args.slice(1).find((word) => word.unresolved !== undefined || word.decoded);
    if (script?.decoded) return `runs text it decodes (${script.decoded})`;
    if (script?.unresolved !== undefined) return `runs ${script.unresolved} as code, text the manifest does not set`;
  }
  if (streams.stdinDecoded && (isShell(program) || interpreterCall(argv)?.readsStdin)) return `runs text it decodes (${streams.stdinDecoded})`;
  const evaluated = inline && evaluatesDecoded(inline);
  if (evaluated) return `runs code it decodes (${evaluated})`;
  return undefined;
}

/** What a command does to the shell's state: `cd`, and copies, moves or links of a tool. */
function track(invocation: Invocation, words: Word[], state: ShellState): void {
  const argv = invocation.argv;
  const program = invocation.program;
  if (program === 'cd' || program === 'pushd') {
    const target = argv.slice(1).find((arg) => !arg.startsWith('-'));
    state.cwd = target === undefined ? '/root' : words[argv.indexOf(target)]?.unresolved !== undefined ? undefined : state.absolute(target);
    return;
  }
  if (!COPIERS.has(program)) return;
  const operands = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  if (program === 'install' && argv.some((arg) => arg === '-d')) return;
  if (operands.length < 2) return;
  const destination = operands[operands.length - 1];
  for (const sourceFile of operands.slice(0, -1)) {
    const tool = state.toolAt(sourceFile) ?? (!sourceFile.includes('/') || PROGRAM_FOLDERS.test(sourceFile) ? programName(sourceFile) : undefined);
    if (!tool) continue;
    state.recordTool(destination, tool);
    state.recordTool(`${destination}/${programName(sourceFile)}`, tool);
  }
}

const POSITIONAL = /^\$(?:\{([0-9]+|[@*])\}|([0-9@*]))$/;

/**
 * A word that is one positional parameter (`$1`, `"$@"`, `${2}`) stands for the words after the script:
 * `sh -c 'eval "$1"' sh 'curl … | sh'` runs curl.
 */
function positionalExpansion(word: ShellWord, positional: Word[] | undefined): Word[] | undefined {
  if (!positional) return undefined;
  const match = POSITIONAL.exec(word.value);
  if (!match) return undefined;
  const name = match[1] ?? match[2];
  if (name === '@' || name === '*') return positional.slice(1);
  const found = positional[Number(name)];
  return found ? [found] : [];
}

/** `target.push(...items)` without the argument-count limit: a script may hold 100,000 commands. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/**
 * `["perl", "-e", "$i='203.0.113.5'"]` → `perl -e $i='203.0.113.5'`: each word as the manifest writes it,
 * side by side. Quoting the words for a shell would print evidence nobody wrote (`'$i='\\''203…'`), and
 * searching the manifest for the evidence would find nothing.
 */
function displayArgv(argv: readonly string[]): string {
  return argv.join(' ');
}

/** Whether a file run by its path is a shell script: no `#!` line (a shell runs it), or one naming a shell. */
function shellShebang(text: string): boolean {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!shebang) return true;
  const interpreter = programName(shebang[1]) === 'env' && shebang[2] !== undefined ? shebang[2] : shebang[1];
  return isShell(programName(interpreter));
}
