import type { Invocation } from './invocations.js';

/** What the model knows of a shell variable. */
export interface Variable {
  /** Its value; for an unknown value (`X=$(curl …)`), the text as written. */
  value: string;
  /** The value is literal: the manifest alone decides it. */
  known: boolean;
  /** Commands whose output the value holds (`X=$(curl …)`). */
  from?: Invocation[];
  /** The value is text the script decoded (`X=$(echo … | base64 -d)`): the encoding. */
  decoded?: string;
  /** The value is a scalar of the manifest, whole (an env value loaded from a ConfigMap): its pointer. */
  source?: { path: string; exact: boolean };
}

/** The shell's field separators before a script sets IFS. */
const DEFAULT_IFS: Variable = { value: ' \t\n', known: true };

/**
 * The state a script builds up as it runs, as far as a static reading can follow it: variables, functions,
 * the working directory, and tools copied or linked under another name. Subshells and nested scripts see
 * their parent's state and write their own (lookups walk up a bounded chain). All tables are Maps: names
 * come from hostile input and never reach an object prototype.
 */
export class ShellState {
  private readonly variables = new Map<string, Variable>();
  private readonly functions = new Map<string, Invocation[]>();
  /** Absolute path → the program a copy, move or link there is (`cp socat /tmp/s`: `/tmp/s` → `socat`). */
  private readonly tools = new Map<string, string>();
  /** The working directory when every `cd` so far was literal; undefined when unknown. */
  cwd: string | undefined;

  constructor(private readonly parent?: ShellState) {
    this.cwd = parent ? parent.cwd : '/';
  }

  variable(name: string): Variable | undefined {
    return this.variables.get(name) ?? this.parent?.variable(name) ?? (name === 'IFS' ? DEFAULT_IFS : undefined);
  }

  setVariable(name: string, variable: Variable): void {
    this.variables.set(name, variable);
  }

  /** The invocations a function's body runs, when the script defined one by that name. */
  functionBody(name: string): Invocation[] | undefined {
    return this.functions.get(name) ?? this.parent?.functionBody(name);
  }

  defineFunction(name: string, body: Invocation[]): void {
    this.functions.set(name, body);
  }

  /** The program a renamed copy is, by its path as the script runs it. */
  toolAt(path: string): string | undefined {
    const absolute = this.absolute(path);
    return absolute === undefined ? undefined : this.tools.get(absolute) ?? this.parent?.toolAt(absolute);
  }

  recordTool(path: string, program: string): void {
    const absolute = this.absolute(path);
    if (absolute !== undefined) this.tools.set(absolute, program);
  }

  /** `path` against the working directory, normalised; undefined when the directory is unknown. */
  absolute(path: string): string | undefined {
    return resolvePath(this.cwd, path);
  }
}

/** `dir/./x/../y` against `cwd` → `/cwd/dir/y`; undefined for a relative path in an unknown directory. */
export function resolvePath(cwd: string | undefined, path: string): string | undefined {
  if (path === '' || path.includes('$')) return undefined;
  const base = path.startsWith('/') ? '' : cwd;
  if (base === undefined) return undefined;
  const segments: string[] = [];
  for (const segment of `${base}/${path}`.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return '/' + segments.join('/');
}
