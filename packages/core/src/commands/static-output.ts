import { decodeBase32, decodeBase64, decodeEscapes, decodeHex, MAX_DECODED, reverseLines, spellsCharacters, translate } from './encodings.js';
import { lookupProgram } from './layout.js';
import { interpreterCall, programName } from './programs.js';

/**
 * What a command prints when the manifest alone decides it: `echo`, `printf`, `command -v`, `cat` of a
 * known file, and the decoders (`base64 -d`, `base32 -d`, `xxd -r -p`, `rev`, `tr`, `openssl enc -d -base64`,
 * `python3 -m base64 -d`) over literal input. The shell model substitutes it for `$(…)` and hands it to a
 * shell that reads it, so decoded payloads are judged like any script.
 */

/** Files the container is known to hold (mounted ConfigMaps, earlier literal writes), by absolute path. */
export type KnownFiles = ReadonlyMap<string, { text: string }>;

/** The encoding a command decodes, when it is a decoding step; `printf` counts when its format spells characters in escapes. */
export function decoderOf(argv: readonly string[]): string | undefined {
  const program = programName(argv[0] ?? '');
  const rest = argv.slice(1);
  const decodeFlag = rest.some((arg) => arg === '--decode' || /^-[A-Za-z]*[dD][A-Za-z]*$/.test(arg));
  switch (program) {
    case 'base64':
    case 'gbase64':
      return decodeFlag ? 'base64' : undefined;
    case 'base32':
      return decodeFlag ? 'base32' : undefined;
    case 'basenc':
      return decodeFlag ? (rest.find((arg) => /^--base(64|64url|32|32hex|16)$/.test(arg))?.slice(2) ?? 'basenc') : undefined;
    case 'xxd':
      return rest.some((arg) => /^-[a-z]*r/.test(arg) || arg === '--revert') ? 'hex' : undefined;
    case 'rev':
      return 'rev';
    case 'tr':
      return rest.filter((arg) => !arg.startsWith('-')).length === 2 ? 'tr' : undefined;
    case 'openssl': {
      const base64 = rest[0] === 'base64' || (rest[0] === 'enc' && rest.some((arg) => arg === '-base64' || arg === '-a' || arg === '-A'));
      return base64 && rest.includes('-d') ? 'base64' : undefined;
    }
    case 'printf':
      return rest[0] !== undefined && spellsCharacters(rest[0]) ? 'printf escapes' : undefined;
    case 'echo':
      return rest.some((arg) => /^-[neE]*e[neE]*$/.test(arg)) && rest.some(spellsCharacters) ? 'echo -e escapes' : undefined;
    case 'gunzip':
    case 'zcat':
      return 'gzip';
    case 'gzip':
      return decodeFlag ? 'gzip' : undefined;
  }
  const call = interpreterCall(argv);
  if (call?.family === 'python' && argv.includes('base64') && argv.some((arg) => arg === '-d' || arg === '--decode')) return 'base64';
  return undefined;
}

/** The command's output, or undefined when it depends on anything but the manifest (the network, the clock, unknown files). */
export function staticOutput(argv: readonly string[], stdin: string | undefined, files: KnownFiles | undefined): string | undefined {
  const program = programName(argv[0] ?? '');
  const rest = argv.slice(1);
  const operands = rest.filter((arg) => !arg.startsWith('-') || arg === '-');
  /** The text a filter reads: its file operand when the file is known, else standard input. */
  const input = (): string | undefined => {
    const file = fileOperand(program, rest);
    return file === undefined ? stdin : files?.get(file)?.text;
  };
  switch (program) {
    case 'echo':
      return echoOutput(rest);
    case 'printf':
      return rest.length > 0 ? printfOutput(rest[0], rest.slice(1)) : undefined;
    case ':':
    case 'true':
      return '';
    case 'cat':
      return input();
    case 'which':
    case 'command':
    case 'type': {
      const name = operands[operands.length - 1];
      if (name === undefined || (program === 'command' && !rest.includes('-v'))) return undefined;
      return (name.includes('/') ? name : lookupProgram(name) ?? `/usr/bin/${name}`) + '\n';
    }
  }
  const encoding = decoderOf(argv);
  const text = encoding === undefined ? undefined : input();
  if (text === undefined) return undefined;
  switch (encoding) {
    case 'base64':
    case 'base64url':
      return decodeBase64(text);
    case 'base32':
      return decodeBase32(text);
    case 'base16':
    case 'hex':
      return decodeHex(text);
    case 'rev':
      return reverseLines(text);
    case 'tr': {
      const [from, to] = rest.filter((arg) => !arg.startsWith('-'));
      return translate(text, from, to);
    }
  }
  return undefined;
}

/** Options of the decoders that take a value (`base64 -w 0`, `xxd -c 16`), which is not a file. */
const VALUE_OPTIONS = new Set(['-w', '--wrap', '-c', '-l', '-s', '-g', '-o', '-n', '-in', '-out', '-pass', '-K', '-iv', '-md']);

/** The file a filter reads instead of standard input: `tr` never has one, `openssl -in FILE`, `python3 -m base64 -d FILE`. */
function fileOperand(program: string, rest: readonly string[]): string | undefined {
  if (program === 'tr') return undefined;
  if (program === 'openssl') {
    const index = rest.indexOf('-in');
    return index === -1 ? undefined : rest[index + 1];
  }
  const words = interpreterCall([program, ...rest]) ? rest.slice(rest.indexOf('base64') + 1) : rest;
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (VALUE_OPTIONS.has(word)) index++;
    else if (word !== '-' && !word.startsWith('-')) return word;
  }
  return undefined;
}

function echoOutput(args: readonly string[]): string {
  let index = 0;
  let newline = true;
  let escapes = false;
  for (; index < args.length && /^-[neE]+$/.test(args[index]); index++) {
    if (args[index].includes('n')) newline = false;
    if (args[index].includes('e')) escapes = true;
  }
  const text = args.slice(index).join(' ');
  return (escapes ? decodeEscapes(text) : text) + (newline ? '\n' : '');
}

/** printf's format: `%s`/`%b`/`%d`/`%c`/`%%`, escapes, the format reused while arguments remain. */
function printfOutput(format: string, args: readonly string[]): string {
  let output = '';
  let next = 0;
  do {
    const before = next;
    output += format.replace(/%(%|[-+ #0-9.]*[sbdicux])/g, (_, spec: string) => {
      if (spec === '%') return '%';
      const arg = args[next++] ?? '';
      const kind = spec[spec.length - 1];
      if (kind === 'b') return decodeEscapes(arg);
      if (kind === 'c') return arg.slice(0, 1);
      return arg;
    });
    if (next === before) break;
  } while (next < args.length && output.length < MAX_DECODED);
  return decodeEscapes(output).slice(0, MAX_DECODED);
}
