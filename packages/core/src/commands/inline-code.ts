import type { InterpreterFamily } from './programs.js';

/**
 * Functions of each language that hand a command line to the system shell (or run an argv list).
 * Python's `exec`/`eval` run Python, not the shell, so they are not here.
 */
const SHELL_FUNCTIONS: Partial<Record<InterpreterFamily, string>> = {
  python: String.raw`os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|pty\.spawn`,
  perl: String.raw`system|exec|qx`,
  ruby: String.raw`system|exec|spawn|IO\.popen|Open3\.\w+`,
  php: String.raw`system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec`,
  node: String.raw`(?:child_process\.|cp\.)?(?:execSync|exec|spawnSync|spawn|execFileSync|execFile)`,
  lua: String.raw`os\.execute|io\.popen`,
  awk: String.raw`system`,
};

/** A quoted string literal (group 2, quote in group 1) or a list literal (group 3). */
const ARGUMENT = String.raw`\s*\(?\s*(?:(['"])((?:\\.|(?!\1)[^\\]){0,1024})\1|\[([^\]]{0,1024})\])`;
const LIST_ITEM = /(['"])((?:\\.|(?!\1)[^\\]){0,1024})\1/g;
/** Backticks in perl, ruby and php, and `%x(…)` / `qx(…)`, run their text through the shell. */
const BACKTICKS = /`([^`]{0,1024})`|%x\(([^)]{0,1024})\)|qx[({]([^)}]{0,1024})[)}]/g;
/** Literals are bounded above and code is read up to here: hostile code stays linear-time to scan. */
const MAX_CODE = 65_536;

const CALLS = new Map<InterpreterFamily, RegExp>(
  Object.entries(SHELL_FUNCTIONS).map(([family, functions]) => [family as InterpreterFamily, new RegExp(String.raw`\b(?:${functions})${ARGUMENT}`, 'g')]),
);
/** awk runs a string piped to getline, and what it prints into a pipe to a shell: `"id" | getline`, `print "id" | "sh"`. */
const AWK_PIPES = /(['"])((?:\\.|(?!\1)[^\\]){0,1024})\1\s*\|&?\s*getline|\bprint\s+(['"])((?:\\.|(?!\3)[^\\]){0,1024})\3\s*\|\s*['"](?:\/bin\/)?(?:ba|da|z)?sh['"]/g;

/**
 * The shell command lines inline interpreter code runs: `python3 -c "import os; os.system('curl x | sh')"`
 * runs `curl x | sh`. A list argument (`subprocess.run(["wget", url])`) becomes its words, quoted.
 */
export function shellCommandsIn(family: InterpreterFamily, fullCode: string): string[] {
  const code = fullCode.slice(0, MAX_CODE);
  const scripts: string[] = [];
  const calls = CALLS.get(family);
  if (!calls) return [];
  for (const match of code.matchAll(calls)) {
    if (match[2] !== undefined) scripts.push(unescape(match[2]));
    else if (match[3] !== undefined) scripts.push([...match[3].matchAll(LIST_ITEM)].map((item) => shellQuote(unescape(item[2]))).join(' '));
  }
  if (family === 'perl' || family === 'ruby' || family === 'php') {
    for (const match of code.matchAll(BACKTICKS)) scripts.push(match[1] ?? match[2] ?? match[3]);
  }
  if (family === 'awk') for (const match of code.matchAll(AWK_PIPES)) scripts.push(unescape(match[2] ?? match[4]));
  return scripts.filter((script) => script.trim() !== '');
}

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, (_, next: string) => (next === 'n' ? '\n' : next === 't' ? '\t' : next));
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
