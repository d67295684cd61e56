import { ContentMemo } from '../content-memo.js';
import { parseImageReference } from '../images.js';
import { isRecord } from '../manifest/pod-templates.js';
import { joinPointer } from '../yaml/source-node.js';
import { expandVariables, literalEnv, type EnvVar } from './kubernetes-expansion.js';
import { shellCommandsIn } from './inline-code.js';
import { interpreterCall, isShell, programName, shellCall } from './programs.js';
import { MAX_NESTING, tokenize, type Substitution, type Token } from './shell-lexer.js';
import { parseTokens, type SimpleCommand } from './shell-parser.js';
import { embeddedScript, findExecRanges, unwrap } from './wrappers.js';

/** Where in the container a command line runs. */
export type CommandOrigin = 'container' | 'postStart' | 'preStop' | 'livenessProbe' | 'readinessProbe' | 'startupProbe';

export interface Redirect {
  /** `>`, `>&`, `<`, `<>`, `&>`, … (without the file descriptor). */
  operator: string;
  target: string;
}

/** One program the container runs, as the process would see it. */
export interface Invocation {
  /** Its argv: wrappers (`sudo`, `env`, `nohup`, `busybox`, …) and leading `A=b` assignments removed. */
  argv: string[];
  /** The basename of argv[0] (`/usr/bin/curl` → `curl`), '' when argv is empty. */
  program: string;
  /** JSON pointer of the scalar that holds the evidence: the script it is part of, or its argv[0]. */
  path: string;
  /** The command as written: a segment of a script, or the argv joined with spaces. */
  text: string;
  origin: CommandOrigin;
  /** Wrappers peeled off, outermost first. */
  wrappers: string[];
  redirects: Redirect[];
  /** Text fed to standard input by a here-document (`<<EOF`) or here-string (`<<<`). */
  input?: string;
  /** Programs whose output flows into its standard input: earlier pipeline stages, `< <(…)`, `<<< "$(…)"`. */
  stdinFrom: Invocation[];
  /** Arguments that are nothing but a command or process substitution, with what runs inside: `bash <(curl …)`. */
  argumentsFrom: Array<{ index: number; invocations: Invocation[] }>;
}

const ORIGIN_PHRASES: Record<CommandOrigin, string> = {
  container: '',
  postStart: ' in its postStart hook',
  preStop: ' in its preStop hook',
  livenessProbe: ' in its liveness probe',
  readinessProbe: ' in its readiness probe',
  startupProbe: ' in its startup probe',
};

/** Where a command runs, as a phrase to append to a message ('' for the container's own process). */
export function originPhrase(origin: CommandOrigin): string {
  return ORIGIN_PHRASES[origin];
}

/** Longest command text a message quotes; the evidence field keeps up to EVIDENCE_LIMIT. */
const MESSAGE_LIMIT = 160;
const EVIDENCE_LIMIT = 2_000;

/** A command's text for a one-line message: whitespace runs collapsed, long text cut with an ellipsis. */
export function messageText(text: string): string {
  return clip(text.replace(/\s+/g, ' ').trim(), MESSAGE_LIMIT);
}

/** A command's text for the evidence field: as written, cut only when very long. */
export function evidenceText(text: string): string {
  return clip(text, EVIDENCE_LIMIT);
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit - 1) + '…';
}

/** One word on its way to an argv, with the scalar it comes from. */
export interface Word {
  value: string;
  path: string;
  /** Invocations whose output the word is (`"$(curl …)"`, `<(curl …)`). */
  from?: Invocation[];
}

interface StreamFacts {
  redirects: Redirect[];
  input?: string;
  stdinFrom: Invocation[];
}

const NO_STREAMS: StreamFacts = { redirects: [], stdinFrom: [] };
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
/** `-c`, `-ec`, `-xc`: args handed to an image whose entrypoint is a shell. */
const SHELL_COMMAND_FLAG = /^-[A-Za-z]*c[A-Za-z]*$/;

export const HOOKS = ['postStart', 'preStop'] as const;
export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** Every field of a container the analysis reads (keep in step with it): the cache key is made of these alone. */
const ANALYSED_FIELDS = ['command', 'args', 'env', 'image', 'lifecycle', ...PROBES] as const;

const cache = new WeakMap<object, { path: string; invocations: Invocation[] }>();
/**
 * Analyses by content, across objects: an audit log repeats the same containers thousands of times
 * (a CronJob's every Job), and an editor re-parses an unchanged container on every keystroke. The
 * analysis is a pure function of the container and its path, so equal keys give equal results.
 */
const byContent = new ContentMemo<Invocation[]>(512);

/**
 * Every program a container runs: its `command` + `args` (as Kubernetes starts the process, `$(VAR)`
 * expanded from literal env values), its lifecycle hooks and exec probes, and inside them every command of
 * the shell scripts handed to `sh -c` and friends. Never throws; nesting is bounded.
 */
export function analyseCommands(container: unknown, containerPath: string): Invocation[] {
  if (!isRecord(container)) return [];
  const cached = cache.get(container);
  if (cached && cached.path === containerPath) return cached.invocations;
  const analysed = ANALYSED_FIELDS.map((field) => container[field]);
  const invocations = byContent.remember(containerPath, analysed, () => analyseContainer(container, containerPath));
  cache.set(container, { path: containerPath, invocations });
  return invocations;
}

function analyseContainer(container: Record<string, unknown>, containerPath: string): Invocation[] {
  const builder = invocationBuilder();
  let env: Map<string, EnvVar> | undefined;
  const expand = (words: Word[]): Word[] =>
    words.map((word) => {
      if (!word.value.includes('$')) return word;
      env ??= literalEnv(container, containerPath);
      const expanded = expandVariables(word.value, env);
      return { value: expanded.value, path: expanded.source?.path ?? word.path };
    });

  const command = expand(wordsOf(container.command, containerPath, 'command'));
  const args = expand(wordsOf(container.args, containerPath, 'args'));
  if (command.length > 0) {
    builder.fromArgv('container', [...command, ...args], 0, NO_STREAMS);
  } else if (args.length >= 2 && SHELL_COMMAND_FLAG.test(args[0].value)) {
    // No command: the image's entrypoint gets the args. `-c script` only makes sense to a shell entrypoint.
    builder.fromScript(args[1].value, { origin: 'container', path: args[1].path, depth: 1, positional: args.slice(2) });
  } else if (args.length > 0) {
    // Images without an entrypoint (alpine, busybox, …) run args[0]; entrypoint scripts mostly exec "$@".
    // An option cannot be a program: then the entrypoint is the image's own program (`curlimages/curl`).
    const entrypoint = args[0].value.startsWith('-') ? imageEntrypoint(container.image) : undefined;
    builder.fromArgv('container', entrypoint ? [{ value: entrypoint, path: args[0].path }, ...args] : args, 0, NO_STREAMS);
  }

  const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : undefined;
  for (const hook of HOOKS) {
    const command = execCommand(lifecycle?.[hook]);
    if (command) builder.fromArgv(hook, expand(wordsOf(command, containerPath, 'lifecycle', hook, 'exec', 'command')), 0, NO_STREAMS);
  }
  for (const probe of PROBES) {
    const command = execCommand(container[probe]);
    if (command) builder.fromArgv(probe, expand(wordsOf(command, containerPath, probe, 'exec', 'command')), 0, NO_STREAMS);
  }
  return builder.invocations;
}

/** Images named after the one program they run as their entrypoint: curlimages/curl, alpine/socat, instrumentisto/nmap. */
const SINGLE_PROGRAM_IMAGES = new Set(['curl', 'wget', 'socat', 'nmap', 'masscan', 'ncat', 'netcat']);

function imageEntrypoint(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const name = parseImageReference(image).name;
  return SINGLE_PROGRAM_IMAGES.has(name) ? name : undefined;
}

/** `handler.exec.command` of a lifecycle hook or probe, when it has one. */
export function execCommand(handler: unknown): unknown[] | undefined {
  if (!isRecord(handler) || !isRecord(handler.exec) || !Array.isArray(handler.exec.command)) return undefined;
  return handler.exec.command.length > 0 ? handler.exec.command : undefined;
}

/** The strings of a command/args list with their pointers; YAML numbers and booleans become their text. */
export function wordsOf(list: unknown, ...pointer: [string, ...Array<string | number>]): Word[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  const path = joinPointer(...pointer);
  const words: Word[] = [];
  list.forEach((item, index) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      words.push({ value: String(item), path: joinPointer(path, index) });
    }
  });
  return words;
}

/** Where a script's commands come from, and how deep in nested scripts they are. */
interface ScriptScope {
  origin: CommandOrigin;
  /** Pointer of the scalar that holds the script. */
  path: string;
  depth: number;
  /** `$0`, `$1`, … of a `sh -c script name args…`: the words after the script. */
  positional?: Word[];
}

/** Builds the invocations of one container; `fromArgv` and `fromScript` add to `invocations`. */
function invocationBuilder() {
  const invocations: Invocation[] = [];

  /**
   * An argv, then what it runs in turn (`sh -c` scripts, `find -exec`, a here-document fed to a shell).
   * A line that runs no program (`exec 3<>/dev/tcp/…`, `command -v curl`) still yields an invocation of what
   * is there, so its redirections are seen; its argv may then be empty.
   */
  function fromArgv(origin: CommandOrigin, words: Word[], depth: number, streams: StreamFacts, text?: string, scriptPath?: string): Invocation[] {
    if (depth > MAX_NESTING) return [];
    const unwrapped = unwrap(words);
    const args = unwrapped.args.length > 0 ? unwrapped.args : words;
    const path = args[0]?.path ?? scriptPath;
    if (path === undefined || (args.length === 0 && streams.redirects.length === 0)) return [];
    const argv = args.map((word) => word.value);
    const invocation: Invocation = {
      argv,
      program: programName(argv[0] ?? ''),
      path,
      text: text ?? displayArgv(words.map((word) => word.value)),
      origin,
      wrappers: unwrapped.args.length > 0 ? unwrapped.wrappers : [],
      redirects: streams.redirects,
      input: streams.input,
      stdinFrom: streams.stdinFrom,
      argumentsFrom: args.flatMap((word, index) => (word.from ? [{ index, invocations: word.from }] : [])),
    };
    invocations.push(invocation);
    const created = [invocation];

    for (const [start, end] of findExecRanges(argv)) {
      append(created, fromArgv(origin, args.slice(start, end), depth + 1, NO_STREAMS));
    }
    const inline = interpreterCall(argv);
    if (inline?.code !== undefined) {
      const code = inline.code;
      const codeWord = args.find((word, index) => index > 0 && !word.value.startsWith('-') && code.includes(word.value));
      for (const script of shellCommandsIn(inline.family, code)) {
        const holder = args.find((word) => word.value.includes(script)) ?? codeWord;
        append(created, fromScript(script, { origin, path: holder?.path ?? path, depth: depth + 1 }));
      }
    }
    const embedded = embeddedScript(argv);
    if (embedded) {
      const positional = isShell(invocation.program) ? args.slice(embedded.index + 1) : undefined;
      append(created, fromScript(embedded.script, { origin, path: args[embedded.index].path, depth: depth + 1, positional }));
    } else if (streams.input !== undefined && isShell(invocation.program) && shellCall(argv).readsStdin) {
      append(created, fromScript(streams.input, { origin, path: invocation.path, depth: depth + 1 }));
    }
    return created;
  }

  function fromScript(script: string, scope: ScriptScope): Invocation[] {
    if (scope.depth > MAX_NESTING) return [];
    return fromTokens(tokenize(script, scope.depth), script, scope);
  }

  function fromTokens(tokens: Token[], source: string, scope: ScriptScope): Invocation[] {
    const parsed = parseTokens(tokens, source);
    const all: Invocation[] = [];
    for (const word of parsed.looseWords) append(all, fromSubstitutions(word.substitutions, scope));
    const produced = new Map<SimpleCommand, Invocation[]>();
    for (const command of parsed.commands) {
      const created = fromSimpleCommand(command, source, scope, produced);
      produced.set(command, created);
      append(all, created);
    }
    return all;
  }

  function fromSimpleCommand(command: SimpleCommand, source: string, scope: ScriptScope, produced: ReadonlyMap<SimpleCommand, Invocation[]>): Invocation[] {
    const { path } = scope;
    const created: Invocation[] = [];
    const words: Word[] = [];
    for (const word of command.words) {
      const nested = fromSubstitutions(word.substitutions, scope);
      append(created, nested);
      // Leading `A=b` words set the environment; the command starts after them.
      if (words.length === 0 && ASSIGNMENT.test(source.slice(word.start, word.end))) continue;
      const whole = word.substitutions.length === 1 && word.substitutions[0].whole;
      const parameters = positionalExpansion(word.value, scope.positional);
      if (whole) words.push({ value: word.value, path, from: nested });
      else if (parameters) append(words, parameters);
      else for (const value of fieldsOf(word.value, word.quoted)) words.push({ value, path });
    }

    const streams: StreamFacts = { redirects: [], stdinFrom: [] };
    for (const stage of command.upstream) append(streams.stdinFrom, produced.get(stage) ?? []);
    for (const redirect of command.redirects) {
      const target = redirect.target;
      const nested = target ? fromSubstitutions(target.substitutions, scope) : [];
      append(created, nested);
      if (redirect.heredoc) {
        streams.input = redirect.heredoc.body;
        append(created, fromSubstitutions(redirect.heredoc.substitutions, scope));
      } else if (redirect.op === '<<<') {
        streams.input = target?.value ?? '';
        append(streams.stdinFrom, nested);
      } else {
        streams.redirects.push({ operator: redirect.op, target: target?.value ?? '' });
        if (redirect.op === '<' && target?.substitutions.some((substitution) => substitution.process)) append(streams.stdinFrom, nested);
      }
    }
    append(created, fromArgv(scope.origin, words, scope.depth, streams, command.text, path));
    return created;
  }

  /** `$(…)` and friends run in the same shell: same positional parameters, one level deeper. */
  function fromSubstitutions(substitutions: Substitution[], scope: ScriptScope): Invocation[] {
    if (scope.depth >= MAX_NESTING || substitutions.length === 0) return [];
    const inner = { ...scope, depth: scope.depth + 1 };
    return substitutions.flatMap((substitution) => fromTokens(substitution.tokens, substitution.source, inner));
  }
  return { invocations, fromArgv, fromScript };
}

const POSITIONAL = /^\$(?:\{([0-9]+|[@*])\}|([0-9@*]))$/;

/**
 * A word that is one positional parameter (`$1`, `"$@"`, `${2}`) stands for the words after the script:
 * `sh -c 'eval "$1"' sh 'curl … | sh'` runs curl.
 */
function positionalExpansion(value: string, positional: Word[] | undefined): Word[] | undefined {
  if (!positional) return undefined;
  const match = POSITIONAL.exec(value);
  if (!match) return undefined;
  const name = match[1] ?? match[2];
  if (name === '@' || name === '*') return positional.slice(1);
  const word = positional[Number(name)];
  return word ? [word] : [];
}

/** `target.push(...items)` without the argument-count limit: a script may hold 100,000 commands. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

const IFS_REFERENCE = /\$\{IFS\}|\$IFS(?![A-Za-z0-9_])/;
const BRACE_LIST = /^\{([^{},\s]*,)+[^{},\s]*\}$/;

/**
 * The words an unquoted word expands to, for the two expansions that hide a command line in one word:
 * `curl${IFS}http://x` (field splitting on IFS) and `{curl,-s,http://x}` (brace expansion).
 */
function fieldsOf(value: string, quoted: boolean): string[] {
  if (quoted) return [value];
  if (IFS_REFERENCE.test(value)) return value.split(new RegExp(IFS_REFERENCE.source, 'g')).filter((field) => field !== '');
  if (BRACE_LIST.test(value)) return value.slice(1, -1).split(',');
  return [value];
}

/** `["sh", "-c", "curl x | sh"]` → `sh -c 'curl x | sh'`: how a person would type it. */
function displayArgv(argv: readonly string[]): string {
  return argv.map((arg) => (arg === '' || /[\s'"$`\\|&;<>()*?]/.test(arg) ? `'${arg.replace(/'/g, `'\\''`)}'` : arg)).join(' ');
}
