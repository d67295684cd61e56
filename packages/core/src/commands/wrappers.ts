import { isShell, programName, shellCall } from './programs.js';

/** A program that runs another one given on its own command line, and how to find it there. */
interface Wrapper {
  /** Options that take the next word as their value. */
  values?: string[];
  /** Options that take the next two words (`bwrap --bind SRC DEST`). */
  pairs?: string[];
  /** Operands before the wrapped command (`timeout 10s cmd`: one). */
  operands?: number;
  /** `NAME=value` words before the command are assignments (`env A=b cmd`). */
  assignments?: boolean;
  /** Options after which nothing runs (`command -v curl` only looks curl up, `chrt -p` acts on a process). */
  lookups?: string[];
  /** Words that must follow the program for it to be a wrapper (`ip netns exec NAME cmd`). */
  subcommand?: string[];
  /** With `-c script` it runs a script instead (see embeddedScript). */
  script?: boolean;
}

const SETPRIV_VALUES = ['--reuid', '--regid', '--ruid', '--euid', '--rgid', '--egid', '--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--securebits', '--pdeathsig', '--selinux-label', '--apparmor-profile', '--landlock-access', '--landlock-rule', '--seccomp-filter'];
const BWRAP_VALUES = ['--dev', '--proc', '--tmpfs', '--dir', '--chdir', '--uid', '--gid', '--hostname', '--unsetenv', '--remount-ro', '--mqueue', '--seccomp', '--cap-add', '--cap-drop', '--lock-file', '--sync-fd', '--info-fd', '--block-fd', '--userns', '--userns2', '--pidns', '--exec-label', '--file-label', '--perms', '--size', '--args', '--json-status-fd', '--add-seccomp-fd', '--argv0'];
const BWRAP_PAIRS = ['--bind', '--bind-try', '--ro-bind', '--ro-bind-try', '--dev-bind', '--dev-bind-try', '--symlink', '--setenv', '--file', '--bind-data', '--ro-bind-data', '--chmod', '--overlay-src'];

/**
 * By program name, which is the script's text (`constructor -x` is just an unknown program). The family:
 * process launchers, scheduling and priority (chrt, nice, ionice, taskset, numactl, cpulimit, prlimit),
 * users and capabilities (sudo, doas, pkexec, su-exec, gosu, runuser, setpriv, chpst, s6-setuidgid; capsh
 * and env -S are rewritten in unwrap), buffering and locking (stdbuf, unbuffer, flock), sandboxes and
 * namespaces (chroot, unshare, nsenter, bwrap, firejail, ip netns exec, cgexec, systemd-run), tracers, and
 * init shims (tini, dumb-init).
 */
const WRAPPERS = new Map<string, Wrapper>(Object.entries({
  exec: { values: ['-a'] },
  nohup: {},
  sudo: { values: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '-R', '--user', '--group'], lookups: ['-l', '-v', '-k', '-K', '-V'] },
  doas: { values: ['-u', '-C'] },
  pkexec: { values: ['--user'] },
  env: { values: ['-u', '-C', '--unset', '--chdir'], assignments: true },
  command: { lookups: ['-v', '-V'] },
  builtin: {},
  time: { values: ['-f', '-o', '--format', '--output'] },
  nice: { values: ['-n', '--adjustment'] },
  ionice: { values: ['-c', '-n', '--class', '--classdata'], lookups: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] },
  chrt: { values: ['-T', '-P', '-D', '--sched-runtime', '--sched-period', '--sched-deadline'], operands: 1, lookups: ['-p', '--pid', '-m', '--max'] },
  timeout: { values: ['-s', '-k', '--signal', '--kill-after'], operands: 1 },
  stdbuf: { values: ['-i', '-o', '-e'] },
  unbuffer: {},
  setsid: {},
  chroot: { values: ['--userspec', '--groups'], operands: 1 },
  xargs: { values: ['-I', '-n', '-P', '-d', '-E', '-L', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file', '--replace'] },
  busybox: {},
  flock: { values: ['-w', '-E', '--timeout', '--conflict-exit-code'], operands: 1, script: true },
  strace: { values: ['-e', '-o', '-p', '-s', '-u', '-E'] },
  ltrace: { values: ['-e', '-o', '-p', '-s', '-u'] },
  valgrind: {},
  taskset: { operands: 1, lookups: ['-p', '--pid', '-cp', '-pc'] },
  numactl: { values: ['-N', '-m', '-C', '-p', '-i', '--cpunodebind', '--membind', '--physcpubind', '--preferred', '--interleave'], lookups: ['-H', '--hardware', '-s', '--show'] },
  cpulimit: { values: ['-l', '--limit', '-c', '--cpu'], lookups: ['-p', '--pid', '-e', '--exe', '-P', '--path'] },
  prlimit: { lookups: ['-p', '--pid'] },
  setarch: { operands: 1 },
  linux32: {},
  linux64: {},
  faketime: { operands: 1 },
  fakeroot: { values: ['-l', '--lib', '--faked', '-i', '-s', '-b'] },
  trickle: { values: ['-d', '-u', '-w', '-t', '-l', '-n'] },
  firejail: {},
  bwrap: { values: BWRAP_VALUES, pairs: BWRAP_PAIRS },
  unshare: {},
  nsenter: { values: ['-t', '--target', '-S', '-G', '--setuid', '--setgid'] },
  ip: { subcommand: ['netns', 'exec'], operands: 1 },
  cgexec: { values: ['-g'] },
  'systemd-run': { values: ['-p', '--property', '-u', '--unit', '--uid', '--gid', '-E', '--setenv', '--description', '--slice', '-M', '--machine', '-H', '--host', '--working-directory', '--nice'] },
  'xvfb-run': { values: ['-n', '--server-num', '-s', '--server-args', '-f', '--auth-file', '-e', '--error-file', '-p', '--xauth-protocol'] },
  daemonize: { values: ['-c', '-e', '-E', '-o', '-p', '-l', '-u'] },
  proxychains: { values: ['-f'] },
  proxychains4: { values: ['-f'] },
  torsocks: {},
  tsocks: {},
  tini: { values: ['-p', '-e'] },
  'dumb-init': { values: ['-r', '--rewrite'] },
  catatonit: {},
  'su-exec': { operands: 1 },
  gosu: { operands: 1 },
  setpriv: { values: SETPRIV_VALUES, lookups: ['-d', '--dump'] },
  chpst: { values: ['-u', '-U', '-b', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'] },
  's6-setuidgid': { operands: 1 },
  setuidgid: { operands: 1 },
  envuidgid: { operands: 1 },
  envdir: { operands: 1 },
  softlimit: { values: ['-m', '-a', '-d', '-s', '-l', '-f', '-c', '-o', '-p', '-t', '-r'] },
  runuser: { values: ['-u', '-g', '-G', '--user', '--group'], script: true },
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
  // Each round removes a wrapper or shortens a split string, so it ends; the bound is for hostile input.
  for (let round = 0; rest.length > 0 && round < args.length + 16; round++) {
    const name = programName(rest[0].value);
    const rewritten = name === 'env' ? splitString(rest) : name === 'capsh' ? capshShell(rest) : name === 'start-stop-daemon' ? daemonProgram(rest) : undefined;
    if (rewritten === null) return { args: [], wrappers: [...wrappers, name] };
    if (rewritten) {
      if (name !== 'env') wrappers.push(name);
      rest = rewritten;
      continue;
    }
    const wrapper = WRAPPERS.get(name);
    if (!wrapper || !isWrapperCall(wrapper, rest)) break;
    const skipped = skipWrapperWords(rest.map((arg) => arg.value), wrapper);
    if (skipped === undefined) return { args: [], wrappers: [...wrappers, name] };
    wrappers.push(name);
    rest = rest.slice(skipped);
  }
  return { args: rest, wrappers };
}

/** `ip` is a wrapper only as `ip netns exec`; `runuser -c` and `flock -c` carry a script instead (see embeddedScript). */
function isWrapperCall(wrapper: Wrapper, args: readonly { value: string }[]): boolean {
  if (wrapper.subcommand && !wrapper.subcommand.every((word, index) => args[index + 1]?.value === word)) return false;
  return !(wrapper.script && args.some((arg) => arg.value === '-c' || arg.value === '--command' || arg.value.startsWith('--command=')));
}

/** A word derived from another: same place, but its text is no longer the scalar as written. */
function derived<T extends { value: string }>(word: T, value: string): T {
  return { ...word, value, exact: false };
}

/**
 * `env -S 'prog args'` / `--split-string=…`: env splits the string into words (quotes and backslashes as in
 * a shell) and runs them. Undefined without -S; the command line with the string split otherwise.
 */
function splitString<T extends { value: string }>(args: readonly T[]): T[] | undefined {
  for (let index = 1; index < args.length; index++) {
    const arg = args[index].value;
    let value: string | undefined;
    let next = index + 1;
    if (arg === '-S' || arg === '--split-string') {
      value = args[index + 1]?.value;
      next = index + 2;
    } else if (/^-[iv0]*S./.test(arg)) {
      value = arg.slice(arg.indexOf('S') + 1);
    } else if (arg.startsWith('--split-string=')) {
      value = arg.slice('--split-string='.length);
    } else if (!arg.startsWith('-') && !ASSIGNMENT.test(arg)) {
      return undefined;
    }
    if (value === undefined) continue;
    const holder = args[next - 1];
    return [args[0], ...args.slice(1, index), ...splitWords(value).map((word) => derived(holder, word)), ...args.slice(next)];
  }
  return undefined;
}

/** Words of a string as env -S splits it: whitespace, single and double quotes, backslash escapes. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/(?:[^\s'"\\]+|'[^']*'|"(?:\\.|[^"\\])*"|\\.)+/g)) {
    words.push(match[0].replace(/'([^']*)'|"((?:\\.|[^"\\])*)"|\\(.)/g, (_, single?: string, double?: string, escaped?: string) => single ?? double?.replace(/\\(.)/g, '$1') ?? escaped ?? ''));
  }
  return words;
}

/** `capsh [options] -- args…` runs `/bin/bash args…` (or the `--shell=`); without `--` it runs nothing (null). */
function capshShell<T extends { value: string }>(args: readonly T[]): T[] | null {
  const separator = args.findIndex((arg) => arg.value === '--');
  if (separator === -1) return null;
  const shell = args.slice(1, separator).find((arg) => arg.value.startsWith('--shell='))?.value.slice('--shell='.length) ?? '/bin/bash';
  return [derived(args[0], shell), ...args.slice(separator + 1)];
}

/** `start-stop-daemon --start --exec /usr/bin/x -- args…` runs x; --stop, --status and friends run nothing (null). */
function daemonProgram<T extends { value: string }>(args: readonly T[]): T[] | null {
  const argv = args.map((arg) => arg.value);
  if (!argv.some((arg) => arg === '--start' || arg === '-S')) return null;
  const option = argv.findIndex((arg) => arg === '--exec' || arg === '-x' || arg === '--startas' || arg === '-a');
  if (option === -1 || option + 1 >= args.length) return null;
  const separator = argv.indexOf('--');
  return [args[option + 1], ...(separator === -1 ? [] : args.slice(separator + 1))];
}

/** How many words the wrapper itself uses, or undefined when it runs nothing. */
function skipWrapperWords(argv: string[], wrapper: Wrapper): number | undefined {
  let operands = wrapper.operands ?? 0;
  let index = 1 + (wrapper.subcommand?.length ?? 0);
  for (; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      index++;
      break;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      if (wrapper.lookups?.includes(arg)) return undefined;
      if (wrapper.values?.includes(arg)) index++;
      else if (wrapper.pairs?.includes(arg)) index += 2;
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
 * `sh -c '…'`, `eval '…'`, `su -c '…'`, `runuser -c`, `flock lock -c '…'`, `script -c '…'`, `watch '…'`, `sg group '…'`.
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
  if (name === 'sg') return sgScript(argv);
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

/** `sg group [-c] 'command'`: the command string goes to /bin/sh -c. */
function sgScript(argv: readonly string[]): EmbeddedScript | undefined {
  const index = argv[2] === '-c' ? 3 : 2;
  return argv.length > index && argv[1] !== undefined && !argv[1].startsWith('-') ? { index, script: argv.slice(index).join(' ') } : undefined;
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
