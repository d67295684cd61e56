export { analyseCommands, evidenceText, messageText, originPhrase, type CommandOrigin, type Invocation, type Redirect } from './invocations.js';
export { interpreterCall, isShell, programName, shellCall, type InterpreterCall, type InterpreterFamily, type ShellCall } from './programs.js';
export { SHELL_TECHNIQUES, type ShellTechnique } from './techniques.js';
