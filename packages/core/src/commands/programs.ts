/** What a program name is, and how shells and script interpreters read their code from argv. */

/** `/usr/bin/curl` → `curl`; `"./nc"` → `nc`. */
export function programName(argv0: string): string {
  const trimmed = argv0.trim();
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'lksh', 'pdksh', 'yash', 'posh', 'rbash', 'hush', 'fish', 'csh', 'tcsh']);

export function isShell(name: string): boolean {
  return SHELLS.has(name);
}

/** Shell options that take the next word as their value (`-o pipefail`, `--rcfile x`). */
const SHELL_VALUE_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

export interface ShellCall {
  /** Index in argv of the `-c` command string. */
  script?: number;
  /** `-i` among the options: an interactive shell. */
  interactive: boolean;
  /** It reads its commands from standard input (no `-c`, no script file, or `-s`). */
  readsStdin: boolean;
}

/** How a shell is asked to run: POSIX `sh [options] [-c command_string | file] [args…]`. */
export function shellCall(argv: readonly string[]): ShellCall {
  let command = false;
  let interactive = false;
  let stdinFlag = false;
  let index = 1;
  for (; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--' || arg === '-') {
      index++;
      break;
    }
    if (SHELL_VALUE_OPTIONS.has(arg)) {
      index++;
      continue;
    }
    if (arg.startsWith('--')) continue;
    if (!/^[-+][A-Za-z]+$/.test(arg)) break;
    if (arg[0] === '-') {
      command ||= arg.includes('c');
      interactive ||= arg.includes('i');
      stdinFlag ||= arg.includes('s');
    }
  }
  const operand = index < argv.length ? index : undefined;
  return {
    script: command ? operand : undefined,
    interactive,
    readsStdin: !command && (operand === undefined || stdinFlag || readsStdinPath(argv[operand])),
  };
}

/** A script path that is standard input: `sh /dev/stdin`, `bash /proc/self/fd/0`, `source /dev/fd/0`. */
export function readsStdinPath(path: string): boolean {
  return path === '/dev/stdin' || path === '/dev/fd/0' || path === '/proc/self/fd/0' || path === '-';
}

/** It reads its program from standard input: `sh`, `bash -s`, `sh /dev/stdin`, `source /dev/stdin`, `python3 -`. */
export function readsProgramFromStdin(argv: readonly string[]): boolean {
  const program = programName(argv[0] ?? '');
  if (isShell(program)) return shellCall(argv).readsStdin;
  if (program === 'source' || program === '.') return readsStdinPath(argv[1] ?? '');
  // at and batch run the commands they read at a later time.
  if (program === 'at' || program === 'batch') return !argv.includes('-f');
  return interpreterCall(argv)?.readsStdin ?? false;
}

export type InterpreterFamily = 'python' | 'perl' | 'ruby' | 'php' | 'node' | 'lua';

const FAMILIES: Array<[RegExp, InterpreterFamily]> = [
  [/^(python|pypy)(\d+(\.\d+)*)?$/, 'python'],
  [/^perl(\d+(\.\d+)*)?$/, 'perl'],
  [/^ruby(\d+(\.\d+)*)?$/, 'ruby'],
  [/^php(\d+(\.\d+)*)?(-cli)?$/, 'php'],
  [/^(node|nodejs)$/, 'node'],
  [/^(lua(\d+(\.\d+)*)?|luajit)$/, 'lua'],
];

/** Cheap first test: most programs a job runs are none of these. */
const MAYBE_INTERPRETER = /^(py|pe|ru|ph|no|lu)/;

export function interpreterFamily(name: string): InterpreterFamily | undefined {
  if (!MAYBE_INTERPRETER.test(name)) return undefined;
  return FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
}

interface InterpreterOptions {
  /** Options whose value is program text (`-c`, `-e`, `-r`). */
  code: string[];
  /** Options whose value names a module loaded before the code (`-m`, `-M`, `-r`). */
  modules: string[];
  /** Other options that take a value. */
  values: string[];
}

const OPTIONS: Record<InterpreterFamily, InterpreterOptions> = {
  python: { code: ['-c'], modules: ['-m'], values: ['-W', '-X', '-Q'] },
  perl: { code: ['-e', '-E'], modules: ['-M', '-m'], values: ['-I', '-x'] },
  ruby: { code: ['-e'], modules: ['-r'], values: ['-I', '-C', '-E', '-F'] },
  php: { code: ['-r', '-B', '-R', '-E'], modules: [], values: ['-d', '-c', '-f', '-z'] },
  node: { code: ['-e', '-p', '--eval', '--print'], modules: ['-r', '--require', '--import'], values: [] },
  lua: { code: ['-e'], modules: ['-l'], values: [] },
};

export interface InterpreterCall {
  family: InterpreterFamily;
  /** Inline program text (`python -c`, `perl -e`, …), with the modules it loads, one per line. */
  code?: string;
  /** The program comes from standard input (no inline code, no module, no script file, or `-`). */
  readsStdin: boolean;
}

/** How a script interpreter is asked to run, or undefined for other programs. */
export function interpreterCall(argv: readonly string[]): InterpreterCall | undefined {
  const family = interpreterFamily(programName(argv[0] ?? ''));
  if (!family) return undefined;
  const options = OPTIONS[family];
  const code: string[] = [];
  const modules: string[] = [];
  /** Where an option's value goes: the code, the modules, nowhere (null), or undefined when it takes none. */
  const valueOf = (name: string) =>
    options.code.includes(name) ? code : options.modules.includes(name) ? modules : options.values.includes(name) ? null : undefined;
  let index = 1;
  for (; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      index++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const target = valueOf(equals === -1 ? arg : arg.slice(0, equals));
      if (target !== undefined) {
        const value = equals === -1 ? argv[++index] ?? '' : arg.slice(equals + 1);
        target?.push(value);
      }
      continue;
    }
    // A cluster of one-letter options: the first one that takes a value takes the rest, or the next word.
    for (let letter = 1; letter < arg.length; letter++) {
      const target = valueOf('-' + arg[letter]);
      if (target === undefined) continue;
      const rest = arg.slice(letter + 1);
      const value = rest !== '' ? rest : argv[++index] ?? '';
      target?.push(value);
      break;
    }
  }
  const operand = argv[index];
  const inline = code.length > 0 || (family === 'python' && modules.length > 0);
  return {
    family,
    code: code.length > 0 ? [...code, ...modules].join('\n') : undefined,
    readsStdin: !inline && (operand === undefined || readsStdinPath(operand)),
  };
}
