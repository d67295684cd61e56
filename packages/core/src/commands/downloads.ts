import type { Invocation } from './invocations.js';
import { interpreterCall, isShell, programName, readsProgramFromStdin } from './programs.js';
import { resolvePath } from './shell-state.js';

/** curl/wget short options that take a value: in `-fsSLo file`, `o` takes the next word. */
const VALUE_LETTERS = new Map([
  ['curl', 'oHduXAebcTwxmrEFKQyYzCPUDt'],
  ['wget', 'OoPtTwUeiaQB'],
]);

/** Where a curl or wget invocation writes what it downloads; `-` (standard output) is not a file. */
function outputFiles(invocation: Invocation): string[] {
  const program = invocation.program;
  const letters = VALUE_LETTERS.get(program);
  if (!letters) return [];
  const files: string[] = [];
  let directory = '';
  let remoteName = false;
  let url: string | undefined;
  const argv = invocation.argv;
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index];
    const long = /^--(output|output-document|directory-prefix)(?:=(.*))?$/.exec(arg);
    if (long) {
      const value = long[2] ?? argv[++index] ?? '';
      if (long[1] === 'directory-prefix') directory = value;
      else files.push(value);
    } else if (arg === '--remote-name' || arg === '--remote-name-all') {
      remoteName = true;
    } else if (/^-[A-Za-z]/.test(arg)) {
      for (let letter = 1; letter < arg.length; letter++) {
        const name = arg[letter];
        if (program === 'curl' && name === 'O') remoteName = true;
        if (!letters.includes(name)) continue;
        const value = arg.slice(letter + 1) || (argv[++index] ?? '');
        if ((program === 'curl' && name === 'o') || (program === 'wget' && name === 'O')) files.push(value);
        if (program === 'wget' && name === 'P') directory = value;
        break;
      }
    } else if (url === undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      url = arg;
    }
  }
  // wget saves under the URL's name unless told otherwise; curl only with -O.
  if (url !== undefined && files.length === 0 && (program === 'wget' || remoteName)) {
    const name = url.replace(/[?#].*$/, '').split('/').pop();
    if (name) files.push(directory ? `${directory.replace(/\/+$/, '')}/${name}` : name);
  }
  for (const redirect of invocation.redirects) {
    if (redirect.operator === '>' || redirect.operator === '>>' || redirect.operator === '>|') files.push(redirect.target);
  }
  return files.filter((file) => file !== '' && file !== '-' && file !== '/dev/null').map((file) => fileKey(invocation, file));
}

/**
 * The name a file is known by: its absolute path when the working directory is known (`cd /tmp; ./kit`
 * is `/tmp/kit`), else the path as written without `./` and doubled slashes.
 */
function fileKey(invocation: Invocation, file: string): string {
  return resolvePath(invocation.cwd, file) ?? file.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

/** Commands that give a file a new name: a download copied, moved or linked elsewhere is still that download. */
const RENAMERS = new Set(['cp', 'mv', 'ln', 'install']);

/** Checks of a file's integrity: `sha256sum -c`, `gpg --verify`, `cosign verify-blob`, `minisign -V`. */
function verifies(invocation: Invocation): boolean {
  const { program, argv } = invocation;
  if (/^(sha\d*sum|shasum|md5sum|b2sum|cksum)$/.test(program)) return argv.some((arg) => arg === '--check' || /^-[A-Za-z]*c[A-Za-z]*$/.test(arg));
  if (program === 'gpg' || program === 'gpgv') return program === 'gpgv' || argv.includes('--verify');
  if (program === 'cosign') return argv[1] === 'verify-blob' || argv[1] === 'verify';
  if (program === 'minisign' || program === 'signify') return argv.includes('-V');
  return program === 'openssl' && argv[1] === 'dgst' && argv.includes('-verify');
}

/**
 * Files the invocations download to, each with the download that wrote it, followed through copies,
 * moves and links. A download checked against a checksum or signature before it runs
 * (`curl -o tool && sha256sum -c tool.sha256 && ./tool`) is a verified artefact, not a payload: it is left out.
 */
export function downloadedFiles(invocations: Iterable<Invocation>): Map<string, Invocation> {
  const files = new Map<string, Invocation>();
  for (const invocation of invocations) {
    if (verifies(invocation)) {
      files.clear();
      continue;
    }
    for (const file of outputFiles(invocation)) if (!files.has(file)) files.set(file, invocation);
    if (!RENAMERS.has(invocation.program) || files.size === 0) continue;
    const operands = invocation.argv.slice(1).filter((arg) => !arg.startsWith('-'));
    const destination = operands[operands.length - 1];
    for (const source of operands.slice(0, -1)) {
      const download = files.get(fileKey(invocation, source));
      if (!download) continue;
      files.set(fileKey(invocation, destination), download);
      files.set(fileKey(invocation, `${destination}/${programName(source)}`), download);
    }
  }
  return files;
}

/** The first operand of a shell or interpreter: the script file it runs (`sh /tmp/x`, `python3 x.py`). */
function scriptOperand(invocation: Invocation): string | undefined {
  const program = invocation.program;
  const call = interpreterCall(invocation.argv);
  if (call) return call.code === undefined && call.programIndex !== undefined ? invocation.argv[call.programIndex] : undefined;
  if (!isShell(program) && program !== '.' && program !== 'source') return undefined;
  if (isShell(program) && invocation.argv.some((arg) => /^-[A-Za-z]*c[A-Za-z]*$/.test(arg))) return undefined;
  return invocation.argv.slice(1).find((arg) => !arg.startsWith('-'));
}

/** A dynamic loader run as a program: `/lib64/ld-linux-x86-64.so.2 ./x` runs x. */
const LOADER = /^ld(-linux[\w.-]*|-musl[\w.-]*)?\.so(\.\d+)*$/;

/**
 * The download whose file this invocation runs: as a program (`/tmp/x`, `./kit` after `cd`), as a script
 * (`sh /tmp/x`, `. ./x`), through a loader, or as the shell's standard input (`sh < /tmp/x`).
 */
export function downloadRun(invocation: Invocation, downloads: ReadonlyMap<string, Invocation>): Invocation | undefined {
  if (downloads.size === 0) return undefined;
  const program = invocation.program;
  const candidates = [invocation.renamedFrom ?? invocation.argv[0], scriptOperand(invocation)];
  if (LOADER.test(program)) candidates.push(invocation.argv.slice(1).find((arg) => !arg.startsWith('-')));
  if (readsProgramFromStdin(invocation.argv)) {
    for (const redirect of invocation.redirects) if (redirect.operator === '<') candidates.push(redirect.target);
  }
  for (const candidate of candidates) {
    const download = candidate === undefined ? undefined : downloads.get(fileKey(invocation, candidate));
    if (download && download !== invocation) return download;
  }
  return undefined;
}
