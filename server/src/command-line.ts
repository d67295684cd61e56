import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How an editor connects (vscode-languageserver reads these flags itself). */
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

const HELP = `Usage: jobsentinel-language-server --stdio

The jobsentinel language server: diagnostics, hovers and quick fixes for Kubernetes CronJob and
Job manifests (MITRE ATT&CK T1053.007). It speaks the Language Server Protocol with an editor,
not with a person: the editor starts it and talks to it over standard input and output.

Options:
  --stdio            talk LSP over standard input and output (what editors use)
  --node-ipc         talk LSP over Node's IPC channel (when started by Node's child_process.fork)
  --socket=PORT      talk LSP over a TCP socket on PORT
  --pipe=NAME        talk LSP over a named pipe (a Unix socket file)
  -h, --help         show this help
  -V, -v, --version  print the version

Editor set-up (VS Code, Neovim, others): see the language server's README.md.
`;

/**
 * What to answer without starting the server: --help, --version, or no transport at all (started by
 * hand, the library would fail with a stack trace). Undefined: start the server.
 */
export function commandLineAnswer(args: readonly string[]): { stdout?: string; stderr?: string; status: number } | undefined {
  if (args.some((arg) => arg === '--help' || arg === '-h')) return { stdout: HELP, status: 0 };
  if (args.some((arg) => arg === '--version' || arg === '-V' || arg === '-v')) return { stdout: `${serverVersion()}\n`, status: 0 };
  if (args.some((arg) => TRANSPORTS.some((transport) => (transport.endsWith('=') ? arg.startsWith(transport) : arg === transport)))) return undefined;
  return {
    stderr: `jobsentinel-language-server: no connection given. It speaks LSP to an editor: run it as \`jobsentinel-language-server --stdio\` from the editor's language-client set-up.\n\n${HELP}`,
    status: 2,
  };
}

/**
 * The package's version, from the package.json beside the bin/ folder of the script that was run (the
 * server is also bundled as CommonJS into the VS Code extension, where import.meta does not exist).
 */
function serverVersion(): string {
  const script = realpathSync(process.argv[1]);
  return (JSON.parse(readFileSync(join(dirname(script), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
