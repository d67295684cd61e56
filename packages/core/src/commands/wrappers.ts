import { isShell, programName, shellCall } from './programs.js';

/** A program that runs another one given on its own command line, and how to find it there. */
interface Wrapper {
  /** Options that take the next word as their value. */
  values?: string[];
  /** Operands before the wrapped command (`timeout 10s cmd`: one). */
  operands?: number;
  /** `NAME=value` words before the command are assignments (`env A=b cmd`). */
  assignments?: boolean;
  /** Options after which nothing runs (`command -v curl` only looks curl up). */
  lookups?: string[];
}

/** By program name, which is the script's text (`constructor -x` is just an unknown program). */
const WRAPPERS = new Map<string, Wrapper>(Object.entries({
  exec: { values: ['-a'] },
  nohup: {},
  sudo: { values: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R', '--user', '--group'], lookups: ['-l', '-v', '-k', '-K', '-V'] },
  doas: { values: ['-u', '-C'] },
  env: { values: ['-u', '-C', '--unset', '--chdir'], assignments: true },
  command: { lookups: ['-v', '-V'] },
  builtin: {},
  time: { values: ['-f', '-o', '--format', '--output'] },
  nice: { values: ['-n', '--adjustment'] },
  ionice: { values: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'] },
  timeout: { values: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  stdbuf: { values: ['-i', '-o', '-e'] },
  setsid: {},
  chroot: { values: ['--userspec', '--groups'], operands: 1 },
  xargs: { values: ['-I', '-n', '-P', '-d', '-E', '-L', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace'] },
  busybox: {},
  flock: { values: ['-w', '-E', '--timeout', '--conflict-exit-code'], operands: 1 },
  strace: { values: ['-e', '-o', '-p', '-s', '-u', '-E'] },
  ltrace: { values: ['-e', '-o', '-p', '-s', '-u'] },
  taskset: { operands: 1 },
  unshare: {},
  nsenter: { values: ['-t', '--target', '-S', '-G', '--setuid', '--setgid'] },
  proxychains: { values: ['-f'] },
  proxychains4: { values: ['-f'] },
  torsocks: {},
  tsocks: {},
  tini: { values: ['-p', '-e'] },
  'dumb-init': { values: ['-r', '--rewrite'] },
  catatonit: {},
  'su-exec': { operands: 1 },
  gosu: { operands: 1 },
  runuser: { values: ['-u', '-g', '-G', '--user', '--group'] },
} satisfies Record<string, Wrapper>));

/** `NAME=value`, as env takes it before the command. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export interface Unwrapped<T> {
  /** The wrapped command's words, the wrappers' own words removed. */
  args: T[];
  /** The wrappers, outermost first. */
  wrappers: string[];
}

/**
 * Peels wrappers off a command line: `sudo -u x env A=b nohup curl …` runs curl.
 * Returns no args when the line runs nothing (`command -v curl`, a bare `xargs`).
 */
export function unwrap<T extends { value: string }>(args: readonly T[]): Unwrapped<T> {
  let rest = args.slice();
  const wrappers: string[] = [];
  while (rest.length > 0) {
    const name = programName(rest[0].value);
    const wrapper = WRAPPERS.get(name);
    // `runuser -c` and `su -c` carry a script instead (see embeddedScript); `sudo -s` is just a shell.
    if (!wrapper || (name === 'runuser' && rest.some((arg) => arg.value === '-c'))) break;
    const skipped = skipWrapperWords(rest.map((arg) => arg.value), wrapper);
    if (skipped === undefined) return { args: [], wrappers: [...wrappers, name] };
    wrappers.push(name);
    rest = rest.slice(skipped);
  }
  return { args: rest, wrappers };
}

/** How many words the wrapper itself uses, or undefined when it runs nothing. */
function skipWrapperWords(argv: string[], wrapper: Wrapper): number | undefined {
  let operands = wrapper.operands ?? 0;
  let index = 1;
  for (; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      index++;
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      if (wrapper.lookups?.includes(arg)) return undefined;
      if (wrapper.values?.includes(arg)) index++;
      continue;
    }
    if (wrapper.assignments && ASSIGNMENT.test(arg)) continue;
    if (operands > 0) {
      operands--;
      continue;
    }
    break;
  }
  while (operands-- > 0 && index < argv.length) index++;
  return index < argv.length ? index : undefined;
}

/** Programs that run a script given as one of their words, and where it is. */
export interface EmbeddedScript {
  /** Index of the word that holds the script. */
  index: number;
  script: string;
}

/**
 * The script a command line runs as shell code, if any:
 * `sh -c '…'`, `eval '…'`, `su -c '…'`, `runuser -c`, `flock lock -c '…'`, `script -c '…'`, `watch '…'`.
 */
export function embeddedScript(argv: readonly string[]): EmbeddedScript | undefined {
  const name = programName(argv[0] ?? '');
  if (isShell(name)) {
    const index = shellCall(argv).script;
    return index === undefined ? undefined : { index, script: argv[index] };
  }
  if (name === 'eval' && argv.length > 1) return { index: 1, script: argv.slice(1).join(' ') };
  if (name === 'su' || name === 'runuser' || name === 'flock' || name === 'script') return optionScript(argv);
  if (name === 'watch') return watchScript(argv);
  return undefined;
}

/** `-c script`, `-cscript`, `--command script`, `--command=script`. */
function optionScript(argv: readonly string[]): EmbeddedScript | undefined {
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '-c' || arg === '--command') return index + 1 < argv.length ? { index: index + 1, script: argv[index + 1] } : undefined;
    if (arg.startsWith('--command=')) return { index, script: arg.slice('--command='.length) };
    if (/^-[a-z]*c$/.test(arg) && index + 1 < argv.length) return { index: index + 1, script: argv[index + 1] };
  }
  return undefined;
}

const WATCH_VALUES = new Set(['-n', '--interval', '-q', '--equexit']);

/** watch runs its remaining words through `sh -c`. */
function watchScript(argv: readonly string[]): EmbeddedScript | undefined {
  let index = 1;
  while (index < argv.length && argv[index].startsWith('-')) index += WATCH_VALUES.has(argv[index]) ? 2 : 1;
  return index < argv.length ? { index, script: argv.slice(index).join(' ') } : undefined;
}

/** The commands `find … -exec cmd … ;` runs, as [start, end) word ranges. */
export function findExecRanges(argv: readonly string[]): Array<[number, number]> {
  if (programName(argv[0] ?? '') !== 'find') return [];
  const ranges: Array<[number, number]> = [];
  for (let index = 1; index < argv.length; index++) {
    if (!/^-(exec|execdir|ok|okdir)$/.test(argv[index])) continue;
    let end = index + 1;
    while (end < argv.length && argv[end] !== ';' && argv[end] !== '+') end++;
    if (end > index + 1) ranges.push([index + 1, end]);
    index = end;
  }
  return ranges;
}
