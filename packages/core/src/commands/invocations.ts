import type { CommandMemo } from './command-memo.js';
import { isRecord } from '../util/record.js';
import type { Span } from '../model.js';
import { joinPointer } from '../util/json-pointer.js';
import { entrypointArgv } from './entrypoints.js';
import { expandVariables, literalEnv, type EnvVar } from './kubernetes-expansion.js';
import type { InlineCode } from './one-liners.js';
import { invocationBuilder, NO_STREAMS } from './shell-model.js';
import { ShellState } from './shell-state.js';

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
  /** With wrappers: the whole command line, wrappers and their options included (`nsenter -t 1 -m sh`). */
  wrapped?: string[];
  /** With wrappers: the pointer of the outermost wrapper's word. */
  wrappedPath?: string;
  redirects: Redirect[];
  /** Text fed to standard input by a here-document (`<<EOF`) or here-string (`<<<`). */
  input?: string;
  /** Programs whose output flows into its standard input: earlier pipeline stages, `< <(…)`, `<<< "$(…)"`. */
  stdinFrom: Invocation[];
  /** Arguments that are nothing but a command or process substitution, with what runs inside: `bash <(curl …)`. */
  argumentsFrom: Array<{ index: number; invocations: Invocation[] }>;
  /** Offsets of the command in the script at `path`, when that scalar holds the script as written. */
  within?: Span;
  /** What it prints when the manifest alone decides it (`echo x`, `printf '\x63'`, a decoded literal). */
  output?: string;
  /** It is a decoding step (`base64 -d`, `xxd -r -p`, `rev`, `printf '\x..'`): the encoding. */
  decodes?: string;
  /** It was read out of a payload the container decodes first: that encoding. Its text is the decoded command. */
  decodedFrom?: string;
  /** Why what it runs cannot be read as written: a variable, a glob, an IFS trick, decoded text. */
  obscured?: string;
  /** The working directory it runs in, when every `cd` before it was literal. */
  cwd?: string;
  /** A renamed copy or link of a tool (`cp socat /tmp/s; /tmp/s`): the name it was run by. argv[0] is the tool. */
  renamedFrom?: string;
  /** Interpreter code it runs (`python3 -c …`, a here-document fed to `perl`), folded as the interpreter builds it. */
  inline?: InlineCode;
}

/**
 * What the scanned files tell about a container beyond its own fields: files mounted into it (a ConfigMap's
 * script at its mount path) and env values resolved from elsewhere (ConfigMap/Secret keys, the downward API).
 */
export interface RunContext {
  /**
   * Absolute path in the container → the file's text and the pointer of the scalar that holds it
   * (`exact: false`: the text is that scalar decoded, a Secret's base64, so offsets in it mean nothing there;
   * `executable: false`: its mode has no execute bit, so it cannot be run by its path, only through a shell).
   */
  files?: ReadonlyMap<string, { text: string; path: string; exact?: boolean; executable?: boolean }>;
  /** Env vars whose values the container gets from other objects, by name (`exact: false` as for files). */
  env?: ReadonlyMap<string, EnvVar & { exact?: boolean }>;
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

/** Where a command runs and where it came from, as a phrase to append to a message. */
export function contextPhrase(invocation: Invocation): string {
  return originPhrase(invocation.origin) + (invocation.decodedFrom ? ` in a payload it decodes (${invocation.decodedFrom})` : '');
}

/** A command with the pipeline stages that feed it, as one would read it: `curl … | base64 -d | sh`. */
export function pipelineText(invocation: Invocation, feeds: readonly Invocation[] = invocation.stdinFrom): string {
  const texts: string[] = [];
  for (const source of feeds) {
    if (source === invocation || texts.includes(source.text)) continue;
    if (feeds.some((other) => other !== source && other.text !== source.text && other.text.includes(source.text))) continue;
    texts.push(source.text);
  }
  if (!texts.includes(invocation.text)) texts.push(invocation.text);
  return texts.join(' | ');
}

/** Where a command and the pipeline stages that feed it are written, when they share its scalar: the offending lines. */
export function pipelineWithin(invocation: Invocation, feeds: readonly Invocation[] = invocation.stdinFrom): Span | undefined {
  let span = invocation.within;
  if (!span) return undefined;
  for (const source of feeds) {
    if (source.path !== invocation.path || !source.within) continue;
    span = { start: Math.min(span.start, source.within.start), end: Math.max(span.end, source.within.end) };
  }
  return span;
}

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
  /** Invocations whose output the word is (`"$(curl …)"`, `<(curl …)`, `"$X"` after `X=$(curl …)`). */
  from?: Invocation[];
  /** The value is the whole scalar at `path`, as written: offsets in it are offsets in the scalar. */
  exact?: boolean;
  /** Where the word sits in the scalar at `path`, when known. */
  within?: Span;
  /** A parameter in it could not be resolved: the reference as written (`$CMD`). */
  unresolved?: string;
  /** It holds the output of a command the model could not run (`$(ssh-agent -s)`). */
  generated?: boolean;
  /** It holds text the script decoded: the encoding. */
  decoded?: string;
  /** How indirection was resolved, when the value was not written as such: `a glob`, `IFS`. */
  trick?: string;
}

export const HOOKS = ['postStart', 'preStop'] as const;
export const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** Every field of a container the analysis reads (keep in step with it): the cache key is made of these alone. */
const ANALYSED_FIELDS = ['command', 'args', 'env', 'image', 'lifecycle', ...PROBES] as const;
/** `-c`, `-ec`, `-xc`: args handed to an image whose entrypoint is a shell. */
const SHELL_COMMAND_FLAG = /^-[A-Za-z]*c[A-Za-z]*$/;
/** Text a shell would parse as more than one plain word: operators, expansions, several lines. */
const SHELL_SYNTAX = /[\n;|&<>`]|\$[({A-Za-z_]|^\s*(if|for|while|case)\s/;

/**
 * Every program a container runs: its `command` + `args` (as Kubernetes starts the process, `$(VAR)`
 * expanded from literal env values), its lifecycle hooks and exec probes, and inside them every command of
 * the shell scripts handed to `sh -c` and friends. Never throws; nesting is bounded. With a `memo`
 * (the scan's), a container already modelled in this scan is not modelled again.
 */
export function analyseCommands(container: unknown, containerPath: string, run?: RunContext, memo?: CommandMemo): Invocation[] {
  if (!isRecord(container)) return [];
  if (!memo) return analyseContainer(container, containerPath, run);
  // A run context (mounted scripts, loaded env) belongs to one analysis: the object alone is no key for it.
  const cached = run ? undefined : memo.byObject.get(container);
  if (cached && cached.path === containerPath) return cached.invocations;
  const analysed: unknown[] = ANALYSED_FIELDS.map((field) => container[field]);
  if (run) analysed.push([...(run.files ?? [])], [...(run.env ?? [])]);
  const invocations = memo.byContent.remember(containerPath, analysed, () => analyseContainer(container, containerPath, run));
  if (!run) memo.byObject.set(container, { path: containerPath, invocations });
  return invocations;
}

function analyseContainer(container: Record<string, unknown>, containerPath: string, run: RunContext | undefined): Invocation[] {
  const env = literalEnv(container, containerPath);
  for (const [name, variable] of run?.env ?? []) if (!env.has(name)) env.set(name, variable);
  // The container's env is the script's environment too: `$T` reads what `$(T)` expands. A value from
  // elsewhere (a ConfigMap, an annotation) run as a script (`bash -c "$SCRIPT"`) points at where it is written.
  const state = new ShellState();
  for (const [name, variable] of env) {
    const loaded = run?.env?.get(name);
    const source = loaded === variable ? { source: { path: loaded.path, exact: loaded.exact !== false } } : {};
    state.setVariable(name, { value: variable.value, known: true, ...source });
  }
  const builder = invocationBuilder(run?.files);
  const expand = (words: Word[]): Word[] =>
    words.map((word) => {
      if (!word.value.includes('$')) return word;
      const expanded = expandVariables(word.value, env);
      if (expanded.value === word.value) return word;
      return { value: expanded.value, path: expanded.source?.path ?? word.path, exact: expanded.source !== undefined };
    });
  const site = (origin: CommandOrigin) => ({ origin, depth: 0, state });

  const command = expand(wordsOf(container.command, containerPath, 'command'));
  const args = expand(wordsOf(container.args, containerPath, 'args'));
  const entrypoint = command.length === 0 ? entrypointArgv(container.image, args.map((word) => word.value)) : undefined;
  if (command.length > 0) {
    builder.fromArgv([...command, ...args], site('container'), NO_STREAMS);
    // An entrypoint script (`/docker-entrypoint.sh`) mostly ends in `exec "$@"`: its args run too.
    if (command.length === 1 && isEntrypointScript(command[0].value)) judgeArgs(args);
  } else if (entrypoint) {
    // The image's own ENTRYPOINT gets the args (`alpine/socat` runs socat).
    builder.fromArgv([...entrypoint.map((value) => ({ value, path: args[0]?.path ?? joinPointer(containerPath, 'image') })), ...args], site('container'), NO_STREAMS);
  } else {
    judgeArgs(args);
  }

  /** Args without a known entrypoint: a `-c script` for a shell, a script when they hold shell syntax, else an argv. */
  function judgeArgs(args: Word[]): void {
    if (args.length >= 2 && SHELL_COMMAND_FLAG.test(args[0].value)) {
      builder.fromScript(args[1], { ...site('container'), depth: 1, positional: args.slice(2) });
    } else if (args.length === 1 && SHELL_SYNTAX.test(args[0].value)) {
      builder.fromScript(args[0], { ...site('container'), depth: 1 });
    } else if (args.length > 0) {
      builder.fromArgv(args, site('container'), NO_STREAMS);
    }
  }

  const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : undefined;
  for (const hook of HOOKS) {
    const command = execCommand(lifecycle?.[hook]);
    if (command) builder.fromArgv(expand(wordsOf(command, containerPath, 'lifecycle', hook, 'exec', 'command')), site(hook), NO_STREAMS);
  }
  for (const probe of PROBES) {
    const command = execCommand(container[probe]);
    if (command) builder.fromArgv(expand(wordsOf(command, containerPath, probe, 'exec', 'command')), site(probe), NO_STREAMS);
  }
  return builder.invocations;
}

/** `/docker-entrypoint.sh`, `/entrypoint`, `run.sh`: a wrapper script whose own code the manifest does not show. */
function isEntrypointScript(argv0: string): boolean {
  const name = argv0.slice(argv0.lastIndexOf('/') + 1);
  return /entrypoint|^(start|run|init|boot|launch)(\.sh)?$|\.sh$/.test(name);
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
      words.push({ value: String(item), path: joinPointer(path, index), exact: typeof item === 'string' });
    }
  });
  return words;
}

