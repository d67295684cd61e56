import type { Invocation } from './invocations.js';
import { interpreterCall, isShell } from './programs.js';

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
  return files.filter((file) => file !== '' && file !== '-' && file !== '/dev/null').map(normaliseFile);
}

/** `./kit` and `kit` are the same file; so are `/tmp//x` and `/tmp/x`. */
function normaliseFile(file: string): string {
  return file.replace(/\/{2,}/g, '/').replace(/^(\.\/)+/, '');
}

/** Files the invocations download to, each with the download that wrote it. */
export function downloadedFiles(invocations: Iterable<Invocation>): Map<string, Invocation> {
  const files = new Map<string, Invocation>();
  for (const invocation of invocations) {
    for (const file of outputFiles(invocation)) if (!files.has(file)) files.set(file, invocation);
  }
  return files;
}

/** The first operand of a shell or interpreter: the script file it runs (`sh /tmp/x`, `python3 x.py`). */
function scriptOperand(invocation: Invocation): string | undefined {
  const program = invocation.program;
  const runsFiles = isShell(program) || program === '.' || program === 'source' || interpreterCall(invocation.argv) !== undefined;
  if (!runsFiles) return undefined;
  if (isShell(program) && invocation.argv.some((arg) => /^-[A-Za-z]*c[A-Za-z]*$/.test(arg))) return undefined;
  if (interpreterCall(invocation.argv)?.code !== undefined) return undefined;
  return invocation.argv.slice(1).find((arg) => !arg.startsWith('-'));
}

/** The download whose file this invocation runs, as a program (`/tmp/x`, `./kit`) or a script (`sh /tmp/x`). */
export function downloadRun(invocation: Invocation, downloads: ReadonlyMap<string, Invocation>): Invocation | undefined {
  if (downloads.size === 0) return undefined;
  const candidates = [invocation.argv[0], scriptOperand(invocation)];
  for (const candidate of candidates) {
    const download = candidate === undefined ? undefined : downloads.get(normaliseFile(candidate));
    if (download && download !== invocation) return download;
  }
  return undefined;
}
