import { foldCode, type DecodedPayload } from './code-folding.js';
import type { InterpreterCall, InterpreterFamily } from './programs.js';

/**
 * What interpreter code does, judged on its folded text (see code-folding.ts): a socket wired to a process
 * (a reverse shell), code fetched over the network and evaluated, text decoded and evaluated. Each is the
 * pair of primitives every published one-liner of the language needs, so a spelling that splits names
 * (`'soc'+'ket'`, `require("n"+"et")`) or encodes them meets the same test as the textbook form.
 */

/** Interpreter code a command runs: inline (`-c`, `-e`, `-r`, `-Command`, awk's program) or read from a here-document. */
export interface InlineCode {
  family: InterpreterFamily;
  /** The folded code, decoded payloads appended. */
  text: string;
  /** Payloads decoded from literals in the code. */
  decoded: DecodedPayload[];
  /** The code itself was written encoded (`pwsh -EncodedCommand`): the encoding. */
  encoded?: string;
}

export function inlineCode(call: InterpreterCall | undefined, stdin: string | undefined): InlineCode | undefined {
  if (!call) return undefined;
  const code = call.code ?? (call.readsStdin ? stdin : undefined);
  if (code === undefined || code.trim() === '') return undefined;
  const folded = foldCode(call.family, code);
  const inline: InlineCode = { family: call.family, text: folded.text, decoded: folded.decoded };
  if (call.encoded) inline.encoded = call.encoded;
  return inline;
}

interface Markers {
  /** Opens a network connection of its own. */
  socket: RegExp;
  /** Starts a process or a shell (a socket plus this is a reverse shell). */
  process: RegExp;
  /** Fetches content over the network. */
  fetch?: RegExp;
  /** Evaluates text as code. */
  evaluate?: RegExp;
  /** Decodes or decompresses text, literal or not (`zlib.decompress`, `FromBase64String`). */
  decode?: RegExp;
}

const SHELL_PATH = /\/bin\/(ba|z|da|k)?sh\b|\bcmd(\.exe)?\b/;

const MARKERS: Record<InterpreterFamily, Markers> = {
  python: {
    socket: /\bsocket\b/,
    process: /\bsubprocess\b|\bpty\b|\bdup2\b|\bos\W+(?:system|popen|exec\w*|spawn\w*)\b/,
    fetch: /\burlopen\b|\burllib\d?\b|\burlretrieve\b|\brequests\.(?:get|post|request)\b|\bhttpx\b|\bhttp\.client\b|\bhttplib\b/,
    evaluate: /(?<![.\w])(?:exec|eval|compile)\s*\(|\bexecfile\b|\brunpy\b/,
    decode: /\b(?:b64decode|b32decode|b85decode|a85decode|decodebytes|unhexlify|fromhex|zlib|gzip|bz2|lzma|marshal|codecs)\b|\brot_?13\b/,
  },
  perl: {
    socket: /\bsocket\s*\(|\bIO::Socket\b|\bSocket\b/,
    process: /\bexec\b|\bsystem\b|\bopen\s*\(\s*\w+\s*,\s*'\|/,
    fetch: /\bLWP\b|\bHTTP::Tiny\b|\bgetstore\b|\bget\s*\(\s*'(?:https?|ftp):/,
    evaluate: /\beval\b/,
    decode: /\bdecode_base64\b|\bunpack\b|\bpack\s*\(\s*'H|\bCompress::|\buncompress\b|\bZlib\b/,
  },
  ruby: {
    socket: /\bTCPSocket\b|\bSocket\b|^socket$/m,
    process: /\bexec\b|\bspawn\b|\bsystem\b|\bIO\.popen\b|\bOpen3\b|\bPTY\b/,
    fetch: /\bNet::HTTP\b|\bopen-uri\b|\bURI\.open\b|\bopen\s*\(\s*'(?:https?|ftp):/,
    evaluate: /\b(?:eval|instance_eval|class_eval|module_eval)\b/,
    decode: /\bdecode64\b|\bunpack1?\b|\bZlib\b/,
  },
  php: {
    socket: /\b(?:p?fsockopen|socket_create|socket_connect|stream_socket_client)\b/,
    process: /\b(?:exec|shell_exec|system|passthru|popen|proc_open|pcntl_exec)\b/,
    fetch: /\bfile_get_contents\s*\(\s*'(?:https?|ftp):|\bcurl_exec\b|\bfopen\s*\(\s*'(?:https?|ftp):|\b(?:include|require)(?:_once)?\s*\(?\s*'(?:https?|ftp):/,
    evaluate: /\b(?:eval|assert|create_function)\s*\(|\b(?:include|require)(?:_once)?\s*\(?\s*'(?:https?|ftp|data):/,
    decode: /\b(?:base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|hex2bin|convert_uudecode)\b/,
  },
  node: {
    socket: /\bnet\.(?:Socket|connect|createConnection)\b|require\(\s*'(?:node:)?(?:net|tls|dgram)'\s*\)|\bnew\s+\w+\.Socket\b/,
    process: /child_process|\bspawn\b|\bexecSync\b|process\.binding\(\s*'spawn/,
    fetch: /require\(\s*'(?:node:)?https?'\s*\)|\bfetch\s*\(|\baxios\b|\bhttps?\.get\b/,
    evaluate: /\beval\s*\(|\.then\s*\(\s*eval\b|\bFunction\s*\(|\bvm\.run\w*|\brunIn(?:This|New)Context\b|require\(\s*'(?:node:)?vm'\s*\)/,
    decode: /\bBuffer\.from\s*\([^)]*,\s*'(?:base64|hex)'|\batob\s*\(|\bzlib\b|\binflate\w*\b|\bfromCharCode\b/,
  },
  lua: {
    socket: /\bsocket\b/,
    process: /\bos\.execute\b|\bio\.popen\b/,
    fetch: /\bsocket\.http\b|\bhttp\.request\b|\bcurl\b/,
    evaluate: /\bload(?:string)?\s*\(|\bdofile\b|\bdostring\b/,
  },
  // gawk's special files are its only network primitive: `"/inet/tcp/0/host/port" |& getline`.
  awk: { socket: /\/inet\d?\/(?:tcp|udp)\//, process: /(?:)/ },
  powershell: {
    socket: /\bNet\.Sockets\b|\bTcpClient\b|\bSockets\.Socket\b|\bUdpClient\b/i,
    process: /\biex\b|\bInvoke-Expression\b|\bStart-Process\b|\bcmd(?:\.exe)?\b|\bpowershell\b|\bpwsh\b/i,
    fetch: /\bDownload(?:String|Data|File)\b|\bInvoke-WebRequest\b|\biwr\b|\bInvoke-RestMethod\b|\birm\b|\bWebClient\b|\bHttpClient\b|\bStart-BitsTransfer\b|\bwget\b|\bcurl\b/i,
    evaluate: /\biex\b|\bInvoke-Expression\b|\[ScriptBlock\]::Create\b|\.InvokeScript\b/i,
    decode: /\bFromBase64String\b|\bGzipStream\b|\bDeflateStream\b|-bxor\b/i,
  },
};

/** A socket wired to a process or a shell: the reverse shell of every interpreter. */
export function isReverseShell(inline: InlineCode): boolean {
  const markers = MARKERS[inline.family];
  return markers.socket.test(inline.text) && (markers.process.test(inline.text) || SHELL_PATH.test(inline.text));
}

/** Code fetched over the network and evaluated: `exec(urlopen(…).read())`, `IEX (New-Object Net.WebClient).DownloadString(…)`. */
export function fetchesAndEvaluates(inline: InlineCode): boolean {
  const { fetch, evaluate } = MARKERS[inline.family];
  return fetch !== undefined && evaluate !== undefined && fetch.test(inline.text) && evaluate.test(inline.text);
}

/** The encoding of text the code decodes and then evaluates, when it does: `exec(zlib.decompress(b64decode(…)))`. */
export function evaluatesDecoded(inline: InlineCode): string | undefined {
  if (inline.encoded) return `${inline.encoded}, the command's own encoding`;
  const { evaluate, decode } = MARKERS[inline.family];
  if (!evaluate?.test(inline.text)) return undefined;
  if (inline.decoded.length > 0) return [...new Set(inline.decoded.map((payload) => payload.encoding))].join(', ');
  return decode?.exec(inline.text)?.[0];
}
