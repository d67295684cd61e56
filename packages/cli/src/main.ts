import { nearestWord, printable } from '@jobsentinel/core';
import { COMMANDS } from './commands/index.js';
import { EXIT_CLEAN, EXIT_FAILED, nodeIo, UsageError, type Io } from './io.js';
import { cliVersion } from './version.js';

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length), 'version'.length);
  return [
    'jobsentinel: find malicious Kubernetes CronJobs and Jobs (MITRE ATT&CK T1053.007).',
    '',
    'Usage: jobsentinel <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    `  ${'version'.padEnd(width)}  print the version`,
    '',
    'Options:',
    '  -h, --help         show this help (or `jobsentinel <command> --help` for a command)',
    '  -V, -v, --version  print the version',
    '',
    'Exit status: 0 nothing found, 1 something found, 2 the command could not run.',
    'The reference for every command, option and output format: docs/cli.md.',
    '',
  ].join('\n');
}

const VERSION_WORDS = new Set(['-V', '-v', '--version', 'version']);

/** Dispatches to a subcommand; returns the exit status and never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(topLevelHelp());
    return EXIT_FAILED;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout.write(topLevelHelp());
      return EXIT_CLEAN;
    }
    const asked = COMMANDS.find((command) => command.name === topic);
    if (!asked) return unknownCommand(topic, io);
    io.stdout.write(asked.help);
    return EXIT_CLEAN;
  }
  if (VERSION_WORDS.has(first)) {
    io.stdout.write(cliVersion() + '\n');
    return EXIT_CLEAN;
  }
  const command = COMMANDS.find((candidate) => candidate.name === first);
  if (!command) return unknownCommand(first, io);
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // Usage messages quote what was typed (an option, a value): printable, like every other echo.
      io.stderr.write(`jobsentinel ${command.name}: ${printable(error.message)}\nRun \`jobsentinel ${command.name} --help\` for usage.\n`);
    } else {
      // A bug, not bad input: say so plainly, with the stack for the report.
      io.stderr.write(`jobsentinel ${command.name}: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    return EXIT_FAILED;
  }
}

/** Names the unknown word, with the command probably meant; exit status 2. */
function unknownCommand(word: string, io: Io): number {
  // The word is echoed back to a terminal: its control characters are shown, not obeyed.
  const names = COMMANDS.map((known) => known.name);
  const near = nearestWord(word, [...names, 'version']);
  io.stderr.write(`jobsentinel: unknown command "${printable(word)}"${near ? ` (did you mean ${near}?)` : ''}; commands: ${names.join(', ')}.\n`);
  io.stderr.write('Run `jobsentinel --help` for usage.\n');
  return EXIT_FAILED;
}

const io = nodeIo();
process.exitCode = await main(process.argv.slice(2), io);
