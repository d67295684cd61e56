import type { Severity, Span } from '../model.js';
import { downloadRun } from './downloads.js';
import { pipelineText, pipelineWithin, type Invocation } from './invocations.js';
import { fetchesAndEvaluates, isReverseShell } from './one-liners.js';
import { interpreterCall, isShell, programName, readsProgramFromStdin, shellCall } from './programs.js';

/** What the pod's other commands did, for techniques that span commands. */
export interface TechniqueContext {
  /** Files downloaded by any command of the pod (containers share volumes), with the download that wrote each. */
  downloads: ReadonlyMap<string, Invocation>;
}

/** A way of getting a shell out of a container, recognised on one invocation. */
export interface ShellTechnique {
  id: string;
  /** Completes "The container …". */
  describe: string;
  matches(invocation: Invocation, context: TechniqueContext): boolean;
  /** The text that shows it, when more than the invocation's own (`curl … | sh` for the `sh`). */
  evidence?(invocation: Invocation, context: TechniqueContext): string;
  /** Where it is written, when more than the invocation itself (the whole pipeline of a download piped into sh). */
  within?(invocation: Invocation, context: TechniqueContext): Span | undefined;
  /** When it weighs less than the indicator's default. */
  severity?: Severity;
}

const NETCATS = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'netcat.traditional', 'netcat.openbsd']);
/** Programs whose output is whatever a remote host sends. */
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'tftp', 'aria2c', 'telnet', ...NETCATS]);
const PRINTERS = new Set(['echo', 'printf']);
const DEV_NET = /\/dev\/(tcp|udp)\//;
/** Commands that send nothing of their own: `echo > /dev/tcp/db/5432`, `: < /dev/tcp/db/5432`. */
const PROBE_PROGRAMS = new Set(['', ':', 'true', 'echo', 'printf']);

/** Its output is what a remote host sends: a downloader, or a printer of a variable that holds a download. */
function isDownloader(invocation: Invocation): boolean {
  const program = invocation.program;
  if (DOWNLOADERS.has(program) || (program === 'openssl' && invocation.argv[1] === 's_client')) return true;
  return PRINTERS.has(program) && invocation.argumentsFrom.some((argument) => argument.invocations.some((source) => DOWNLOADERS.has(source.program)));
}

/** Runs code it reads from standard input: `sh`, `bash -s`, `sh /dev/stdin`, `python3 -`, `source /dev/stdin`. */
function runsStdin(invocation: Invocation): boolean {
  return readsProgramFromStdin(invocation.argv);
}

/**
 * The argument at `index` is code the command runs: any argument of a shell, `eval`, `source` or `.`
 * (`bash <(…)`, `sh -c "$(…)"`); an interpreter's program (`python3 <(…)`), not the data it reads (`awk '…' <(…)`).
 */
function runsArgument(invocation: Invocation, index: number): boolean {
  const program = invocation.program;
  if (isShell(program) || program === 'eval' || program === 'source' || program === '.') return true;
  return interpreterCall(invocation.argv)?.programIndex === index;
}

/** `+x`, `u+x`, `a=rwx`, `755`: the mode gives someone execute permission. */
function modeAddsExecute(mode: string): boolean {
  if (/^[0-7]{1,4}$/.test(mode)) return [...mode.slice(-3)].some((digit) => Number(digit) % 2 === 1);
  return mode.split(',').some((clause) => /^[ugoa]*[+=][rwxXst]*x/.test(clause));
}

const CHMOD_OPTIONS = new Set(['-R', '-v', '-c', '-f', '-h', '-H', '-L', '-P']);

function chmodMode(argv: readonly string[]): string | undefined {
  return argv.slice(1).find((arg) => !CHMOD_OPTIONS.has(arg) && !arg.startsWith('--'));
}

/** Base64 decoding inside inline code: `python -c "exec(base64.b64decode('…'))"`, `php -r 'eval(base64_decode(…))'`. */
const INLINE_BASE64 = /\b(b64decode|decodebytes|decode_base64|decode64|base64_decode|atob)\b|\bfrom\([^)]*['"]base64['"]/;

function base64Decodes(argv: readonly string[]): boolean {
  const program = programName(argv[0] ?? '');
  const inline = interpreterCall(argv)?.code;
  if (inline !== undefined) return INLINE_BASE64.test(inline);
  const rest = argv.slice(1);
  if (program === 'base64' || program === 'gbase64') return rest.some((arg) => arg === '--decode' || /^-[A-Za-z]*[dD][A-Za-z]*$/.test(arg));
  if (program === 'openssl') {
    const base64 = rest[0] === 'base64' || (rest[0] === 'enc' && rest.some((arg) => arg === '-base64' || arg === '-a'));
    return base64 && rest.includes('-d');
  }
  return false;
}

function netcatExecutes(argv: readonly string[]): boolean {
  if (!NETCATS.has(programName(argv[0] ?? ''))) return false;
  return argv.slice(1).some((arg) => /^--(sh-|lua-)?exec(=|$)/.test(arg) || /^-[A-Za-z]*[ec]/.test(arg));
}

function usesDevNet(invocation: Invocation): boolean {
  return (
    invocation.redirects.some((redirect) => DEV_NET.test(redirect.target)) ||
    (!PRINTERS.has(invocation.program) && invocation.argv.slice(1).some((arg) => arg.startsWith('/dev/tcp/') || arg.startsWith('/dev/udp/')))
  );
}

/**
 * The wait-for-a-port idiom of init containers and probes: one-way `>` or `<` to /dev/tcp from a command that
 * carries no data (no expansions, nothing piped in) and no file descriptor wired to it. A reverse shell needs
 * `>&`, `<>` or a shell; exfiltration needs data (`echo "$SECRET"`, `cat file`).
 */
function isPortProbe(invocation: Invocation): boolean {
  return (
    PROBE_PROGRAMS.has(invocation.program) &&
    invocation.argv.every((arg) => !/[$`]/.test(arg)) &&
    invocation.stdinFrom.length === 0 &&
    invocation.redirects.every((redirect) => !DEV_NET.test(redirect.target) || redirect.operator === '>' || redirect.operator === '<')
  );
}

/** The command and, when the interpreter code hid it, the code as the interpreter builds it. */
function codeEvidence(invocation: Invocation): string {
  const inline = invocation.inline;
  if (!inline || (inline.decoded.length === 0 && !inline.encoded)) return invocation.text;
  const decoded = inline.encoded ? inline.text : inline.decoded.map((payload) => payload.text).join('\n');
  return `${invocation.text}\n# decoded: ${decoded}`;
}

/** zsh's own sockets: `zmodload zsh/net/tcp; ztcp 10.0.0.1 4242`; `ztcp -c` only closes one. */
function zshSocket(invocation: Invocation): boolean {
  return (invocation.program === 'ztcp' || invocation.program === 'zsocket') && invocation.argv[1] !== '-c';
}

export const SHELL_TECHNIQUES: readonly ShellTechnique[] = [
  {
    id: 'interactive-shell',
    describe: 'starts an interactive shell (-i), the core of a reverse shell',
    matches: (invocation) => isShell(invocation.program) && shellCall(invocation.argv).interactive,
  },
  {
    id: 'dev-tcp',
    describe: 'opens a raw network connection through /dev/tcp or /dev/udp',
    matches: (invocation) => usesDevNet(invocation) && !isPortProbe(invocation),
  },
  {
    id: 'dev-tcp-probe',
    describe: 'opens a connection through /dev/tcp, the way a port check does (a reverse shell uses the same device)',
    matches: (invocation) => usesDevNet(invocation) && isPortProbe(invocation),
    severity: 'warning',
  },
  {
    id: 'mkfifo',
    describe: 'creates a named pipe (mkfifo), used to wire a shell to a network connection',
    matches: (invocation) => invocation.program === 'mkfifo' || (invocation.program === 'mknod' && invocation.argv.includes('p')),
  },
  {
    id: 'socat',
    describe: 'runs socat, a relay used for reverse and bind shells',
    matches: (invocation) => invocation.program === 'socat',
  },
  {
    id: 'netcat-exec',
    describe: 'runs netcat with -e/-c, which hands a program to whoever is on the other end',
    matches: (invocation) => netcatExecutes(invocation.argv),
  },
  {
    id: 'download-exec',
    describe: 'runs code fetched over the network (a download piped into an interpreter)',
    matches: (invocation) =>
      (runsStdin(invocation) && invocation.stdinFrom.some(isDownloader)) ||
      invocation.argumentsFrom.some((argument) => runsArgument(invocation, argument.index) && argument.invocations.some(isDownloader)),
    evidence: (invocation) => (runsStdin(invocation) && invocation.stdinFrom.some(isDownloader) ? pipelineText(invocation) : invocation.text),
    within: (invocation) => (runsStdin(invocation) && invocation.stdinFrom.some(isDownloader) ? pipelineWithin(invocation) : invocation.within),
  },
  {
    id: 'download-run',
    describe: 'runs a file it downloaded',
    matches: (invocation, context) => downloadRun(invocation, context.downloads) !== undefined,
    evidence: (invocation, context) => `${downloadRun(invocation, context.downloads)?.text} … ${invocation.text}`,
  },
  {
    id: 'zsh-socket',
    describe: "opens a raw network connection with zsh's ztcp/zsocket",
    matches: zshSocket,
  },
  {
    id: 'reverse-shell-one-liner',
    describe: 'runs a reverse-shell one-liner (a socket wired to a process)',
    matches: (invocation) => invocation.inline !== undefined && isReverseShell(invocation.inline),
    evidence: codeEvidence,
  },
  {
    id: 'code-download-exec',
    describe: 'evaluates code it fetches over the network (exec(urlopen(…)), IEX … DownloadString(…))',
    matches: (invocation) => invocation.inline !== undefined && fetchesAndEvaluates(invocation.inline),
    evidence: codeEvidence,
  },
  {
    id: 'base64-decode',
    describe: 'decodes base64 (base64 -d), a common way to smuggle a payload past review',
    matches: (invocation) => base64Decodes(invocation.argv),
  },
  {
    id: 'chmod-exec',
    describe: 'makes a file executable (chmod +x), typically a payload it just fetched',
    matches: (invocation) => {
      if (invocation.program !== 'chmod') return false;
      const mode = chmodMode(invocation.argv);
      return mode !== undefined && modeAddsExecute(mode);
    },
  },
];
