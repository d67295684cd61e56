import type { Io } from '../io.js';

/** One subcommand: `jobsentinel <name> ...`. */
export interface Command {
  name: string;
  /** One line for the top-level `--help`. */
  summary: string;
  /** The full `--help` text of the command. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit status. Throws UsageError on bad usage. */
  run(args: string[], io: Io): Promise<number>;
}
