import type { Command } from './command.js';
import { auditCommand } from './audit.js';
import { policyCommand } from './policy.js';
import { serveCommand } from './serve.js';
import { scanCommand } from './scan.js';

/** Every subcommand, in the order `--help` lists them. A new command is one entry here. */
export const COMMANDS: readonly Command[] = [scanCommand, auditCommand, policyCommand, serveCommand];

export type { Command } from './command.js';
