/** What a command may touch of its process, so commands stay testable and never exit the process themselves. */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  /** Reads standard input to its end, or up to `limit` bytes (then `truncated` is true). */
  readStdin(limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }>;
}

export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

/** Exit statuses, as docs/cli.md describes them. */
export const EXIT_CLEAN = 0;
export const EXIT_FOUND = 1;
export const EXIT_FAILED = 2;

/** Bad usage: the message is shown with a pointer to `--help`, and the command exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function nodeIo(): Io {
  // `jobsentinel scan | head` closes the pipe early: the reader has all it wants, so that is no crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    readStdin: (limit) => readStream(process.stdin, limit),
  };
}

async function readStream(stream: NodeJS.ReadableStream, limit: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) return { bytes: new Uint8Array(), truncated: true };
    chunks.push(buffer);
  }
  return { bytes: Buffer.concat(chunks), truncated: false };
}
