/** What a program name is, and how shells and script interpreters read their code from argv. */

import { decodeBase64 } from './encodings.js';

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

export type InterpreterFamily = 'python' | 'perl' | 'ruby' | 'php' | 'node' | 'lua' | 'awk' | 'powershell';

const FAMILIES: Array<[RegExp, InterpreterFamily]> = [
  [/^(python|pypy)(\d+(\.\d+)*)?$/, 'python'],
  [/^perl(\d+(\.\d+)*)?$/, 'perl'],
  [/^ruby(\d+(\.\d+)*)?$/, 'ruby'],
  [/^php(\d+(\.\d+)*)?(-cli)?$/, 'php'],
  [/^(node|nodejs)$/, 'node'],
  [/^(lua(\d+(\.\d+)*)?|luajit)$/, 'lua'],
  [/^(g|m|n|busybox-)?awk$/, 'awk'],
  // A Windows path keeps its backslashes in the program name: `C:\Windows\…\powershell.exe`.
  [/(^|\\)(pwsh|powershell)(-preview)?(\.exe)?$/i, 'powershell'],
];

/** Cheap first test: most programs a job runs are none of these. */
const MAYBE_INTERPRETER = /^(py|pe|ru|ph|no|lu|[gmn]?aw|bu|pw|po|[A-Za-z]:)|awk$/i;

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

const OPTIONS: Record<Exclude<InterpreterFamily, 'powershell'>, InterpreterOptions> = {
  python: { code: ['-c'], modules: ['-m'], values: ['-W', '-X', '-Q'] },
  perl: { code: ['-e', '-E'], modules: ['-M', '-m'], values: ['-I', '-x'] },
  ruby: { code: ['-e'], modules: ['-r'], values: ['-I', '-C', '-E', '-F'] },
  php: { code: ['-r', '-B', '-R', '-E'], modules: [], values: ['-d', '-c', '-f', '-z'] },
  node: { code: ['-e', '-p', '--eval', '--print'], modules: ['-r', '--require', '--import'], values: [] },
  lua: { code: ['-e'], modules: ['-l'], values: [] },
  // awk's program is its first operand unless -f names a program file (see interpreterCall).
  awk: { code: [], modules: [], values: ['-F', '-v', '-f', '--field-separator', '--assign', '--file', '-E', '--exec', '-i', '--include', '-l', '--load'] },
};

export interface InterpreterCall {
  family: InterpreterFamily;
  /** Inline program text (`python -c`, `perl -e`, …), with the modules it loads, one per line. */
  code?: string;
  /** The program comes from standard input (no inline code, no module, no script file, or `-`). */
  readsStdin: boolean;
  /** Index in argv of the word that holds the program: the inline code or the script file. */
  programIndex?: number;
  /** The inline code was written encoded (PowerShell's -EncodedCommand): the encoding. */
  encoded?: string;
}

/** How a script interpreter is asked to run, or undefined for other programs. */
export function interpreterCall(argv: readonly string[]): InterpreterCall | undefined {
  const family = interpreterFamily(programName(argv[0] ?? ''));
  if (!family) return undefined;
  if (family === 'powershell') return powershellCall(argv, /pwsh/i.test(argv[0]));
  const options = OPTIONS[family];
  const code: string[] = [];
  const modules: string[] = [];
  let codeIndex: number | undefined;
  let programFile = false;
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
    if (family === 'awk' && /^(-f|--file)(=|$)/.test(arg)) programFile = true;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const target = valueOf(equals === -1 ? arg : arg.slice(0, equals));
      if (target !== undefined) {
        const value = equals === -1 ? argv[++index] ?? '' : arg.slice(equals + 1);
        if (target === code) codeIndex ??= index;
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
      if (target === code) codeIndex ??= index;
      target?.push(value);
      break;
    }
  }
  if (family === 'awk') {
    // awk reads data, never its program, from standard input.
    return programFile || index >= argv.length ? { family, readsStdin: false } : { family, code: argv[index], readsStdin: false, programIndex: index };
  }
  const operand = argv[index];
  const inline = code.length > 0 || (family === 'python' && modules.length > 0);
  return {
    family,
    code: code.length > 0 ? [...code, ...modules].join('\n') : undefined,
    readsStdin: !inline && (operand === undefined || readsStdinPath(operand)),
    programIndex: code.length > 0 ? codeIndex : inline || operand === undefined ? undefined : index,
  };
}

/** PowerShell parameters are case-insensitive and may be cut to any unambiguous prefix (`-enc`, `-NoP`). */
function powershellParameter(arg: string, name: string, shortest: number): boolean {
  const given = arg.slice(1).toLowerCase();
  return given.length >= shortest && name.startsWith(given);
}

/** Parameters of pwsh/powershell.exe that take a value, with the shortest prefix each accepts. */
const POWERSHELL_VALUES: Array<[string, number]> = [
  ['executionpolicy', 2],
  ['ep', 2],
  ['windowstyle', 1],
  ['version', 1],
  ['inputformat', 2],
  ['outputformat', 1],
  ['workingdirectory', 2],
  ['wd', 2],
  ['configurationname', 4],
  ['custompipename', 2],
  ['settingsfile', 1],
  ['psconsolefile', 2],
  ['encodedarguments', 8],
];

/**
 * `pwsh -NoP -W Hidden -Command <text…>`, `powershell -enc <base64 of UTF-16LE>`, `pwsh -File x.ps1`,
 * `pwsh -Command -` (standard input). Without -Command or -File, Windows PowerShell takes the words as a
 * command and pwsh (`core`) takes the first as a file; a word with spaces or a cmdlet name is a command to both.
 */
function powershellCall(argv: readonly string[], core: boolean): InterpreterCall {
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith('-') || arg === '-') {
      if (arg !== '-' && (!core || /[\s;|(]/.test(arg) || /^[A-Za-z]+-[A-Za-z]+$/.test(arg))) return { family: 'powershell', code: argv.slice(index).join(' '), readsStdin: false, programIndex: index };
      return { family: 'powershell', readsStdin: arg === '-', programIndex: index };
    }
    // -e, -ec and -en… are -EncodedCommand; -ex… is -ExecutionPolicy.
    if (/^-(e|ec)$/i.test(arg) || powershellParameter(arg, 'encodedcommand', 2)) {
      const decoded = decodeBase64(argv[index + 1] ?? '');
      return decoded === undefined
        ? { family: 'powershell', readsStdin: false }
        : { family: 'powershell', code: decoded, readsStdin: false, programIndex: index + 1, encoded: 'base64' };
    }
    if (powershellParameter(arg, 'command', 1)) {
      if (argv[index + 1] === '-') return { family: 'powershell', readsStdin: true };
      return { family: 'powershell', code: argv.slice(index + 1).join(' '), readsStdin: false, programIndex: index + 1 };
    }
    if (powershellParameter(arg, 'file', 1)) return { family: 'powershell', readsStdin: argv[index + 1] === '-', programIndex: index + 1 };
    if (POWERSHELL_VALUES.some(([name, shortest]) => powershellParameter(arg, name, shortest))) index++;
  }
  return { family: 'powershell', readsStdin: true };
}
