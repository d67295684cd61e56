/**
 * Command analysis: what a container really runs, so indicators judge programs where they run and never
 * words that merely appear in an argument, an env value, a label or a name.
 *
 * - argv is `command` + `args`, after Kubernetes' own `$(VAR)` expansion from literal env values (the
 *   evidence then points at the env value). Without `command`, args alone are the argv (images without an
 *   entrypoint run args[0]), except `-c script` / `-ec script`, which is taken as a script for a shell
 *   entrypoint. Lifecycle hooks (postStart, preStop) and exec probes are analysed too.
 * - Shell scripts (`sh|bash|ash|dash|zsh|ksh|… -c`, `eval`, `su -c`, `sg`, `watch`, `flock -c`, `script -c`, a
 *   here-document fed to a shell) are tokenized with quotes, backslashes and `$'…'`, split on `;` `&&` `||`
 *   `|` `&` and newlines, and followed into `$(…)`, backticks, `<(…)`, subshells, groups, if/while/for/case
 *   bodies and nested `sh -c`, to a bounded depth (MAX_NESTING). Reserved words, leading assignments,
 *   for-lists, case patterns, `[[ … ]]`, function names and comments are not commands.
 * - Wrappers are peeled off: the family of standard utilities that run the command given to them (launchers,
 *   scheduling and priority, users and capabilities, buffering and locking, sandboxes and namespaces, tracers,
 *   init shims; the table is in wrappers.ts), `env -S 'prog args'` is split, `capsh -- args` runs bash,
 *   `start-stop-daemon --exec`; `command -v x`, `chrt -p`, `taskset -p` run nothing; `find -exec` runs its command.
 * - Inline interpreter code hands command lines to the shell too: `os.system('…')`, `subprocess.run([…])`,
 *   perl/ruby/php backticks, `system(…)`, node `execSync(…)`, awk `system(…)`; those are analysed as scripts.
 *   The code is first folded as the interpreter builds it (code-folding.ts): concatenation, joins, character
 *   codes, single-literal variables and literal base64/hex decoding, so `__import__('soc'+'ket')` is socket.
 * - Each invocation records its redirections, here-document input, what feeds its standard input (earlier
 *   pipeline stages) and which arguments are whole command/process substitutions, so techniques like
 *   "a download piped into a shell" are judged on structure, not on text.
 *
 * Cost is linear in the script length times the nesting bound; nothing here throws.
 */
export { analyseCommands, contextPhrase, evidenceText, messageText, originPhrase, type CommandOrigin, type Invocation, type Redirect, type RunContext } from './invocations.js';
export { interpreterCall, isShell, programName, shellCall, type InterpreterCall, type InterpreterFamily, type ShellCall } from './programs.js';
export { SHELL_TECHNIQUES, type ShellTechnique, type TechniqueContext } from './techniques.js';
export { downloadedFiles, downloadRun } from './downloads.js';
