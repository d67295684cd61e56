import { createInflateRaw, type InflateRaw } from 'node:zlib';
import { AuditInputError } from '@jobsentinel/core/audit';

/**
 * gzip as `gzip -d` reads it: member after member (`cat a.gz b.gz`), and when bytes that are not gzip
 * follow the last member, every record before them is still delivered and the trailing bytes are
 * reported (gzip -d: "trailing garbage ignored"). zlib's own gunzip fails on such bytes and drops the
 * output of the write that held them; here each member's deflate data goes to a raw inflater, whose
 * `bytesWritten` says where the member ended, so the header and trailer around it are read by hand.
 */
export async function* gunzipMembers(source: AsyncIterable<Uint8Array>, chunkSize: number): AsyncGenerator<Uint8Array> {
  const input = source[Symbol.asyncIterator]();
  let pending = Buffer.alloc(0);
  let offset = 0;
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const { done, value } = await input.next();
    if (done) {
      ended = true;
      return false;
    }
    pending = pending.length === 0 ? Buffer.from(value) : Buffer.concat([pending, value]);
    return true;
  };
  const need = async (bytes: number): Promise<boolean> => {
    while (pending.length < bytes) if (!(await more())) return false;
    return true;
  };
  const take = (bytes: number) => {
    pending = pending.subarray(bytes);
    offset += bytes;
  };

  for (let member = 0; ; member++) {
    if (!(await need(1))) return;
    const header = await headerLength(need, () => pending);
    if (header === undefined) {
      if (member === 0) throw new AuditInputError('the gzip header is corrupt; nothing could be read');
      // Bytes after the last member: zeros are padding (gzip ignores them too); anything else is reported.
      let size = 0;
      let zeros = true;
      do {
        size += pending.length;
        zeros &&= pending.every((byte) => byte === 0);
        pending = Buffer.alloc(0);
      } while (await more());
      if (zeros) return;
      throw new AuditInputError(
        `${size} bytes after the end of the gzip data (from byte ${offset}) are not gzip and were not read ` +
          '(gzip -d reports them as trailing garbage); every record before them was read',
      );
    }
    take(header);
    const inflater = createInflateRaw({ chunkSize });
    const outputs: Buffer[] = [];
    inflater.on('data', (piece: Buffer) => outputs.push(piece));
    let fed = 0;
    let finished = false;
    while (!finished) {
      if (pending.length === 0 && !(await more())) {
        throw new AuditInputError(`the gzip data is truncated at byte ${offset + fed} (no end of member ${member + 1}); results up to that point are kept`);
      }
      const piece = pending;
      pending = Buffer.alloc(0);
      await write(inflater, piece);
      fed += piece.length;
      yield* outputs.splice(0);
      if (inflater.bytesWritten < fed) {
        // The member ended inside this piece: what follows its deflate data is the trailer, and then the next member or trailing bytes.
        pending = piece.subarray(piece.length - (fed - inflater.bytesWritten));
        fed = inflater.bytesWritten;
        finished = true;
      }
    }
    await close(inflater);
    yield* outputs.splice(0);
    offset += fed;
    if (!(await need(8))) throw new AuditInputError(`the gzip data is truncated in the trailer of member ${member + 1}; results up to that point are kept`);
    take(8);
  }
}

function write(inflater: InflateRaw, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    inflater.once('error', reject);
    inflater.write(piece, () => {
      inflater.off('error', reject);
      resolve();
    });
  });
}

function close(inflater: InflateRaw): Promise<void> {
  return new Promise((resolve, reject) => {
    if (inflater.readableEnded) return resolve();
    inflater.once('end', resolve);
    inflater.once('error', reject);
    inflater.end();
  });
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the gzip member header at the start of the bytes, or undefined when they do not start one. */
async function headerLength(need: (bytes: number) => Promise<boolean>, bytes: () => Buffer): Promise<number | undefined> {
  if (!(await need(10))) return undefined;
  let head = bytes();
  if (head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) return undefined;
  const flags = head[3];
  let length = 10;
  if (flags & FEXTRA) {
    if (!(await need(length + 2))) return undefined;
    head = bytes();
    length += 2 + head.readUInt16LE(length);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    for (;;) {
      if (!(await need(length + 1))) return undefined;
      head = bytes();
      const zero = head.indexOf(0, length);
      if (zero !== -1) {
        length = zero + 1;
        break;
      }
      if (!(await need(head.length + 1))) return undefined;
    }
  }
  if (flags & FHCRC) length += 2;
  return (await need(length)) ? length : undefined;
}
