import type { Io } from '../io.js';
import type { OptionSpec } from './arguments.js';

/** One subcommand: `jobsentinel <name> ...`. */
export interface Command {
  name: string;
  /** One line for the top-level `--help`. */
  summary: string;
  /** The full `--help` text of the command. */
  help: string;
  /** The options it takes: the table that parses its command line and writes its --help (docs/cli.md lists them all). */
  options: readonly OptionSpec[];
  /** Runs with the arguments after the command name; resolves to the exit status. Throws UsageError on bad usage. */
  run(args: string[], io: Io): Promise<number>;
}
