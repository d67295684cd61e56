import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { workspaceFileAccess, type FileAccess } from '../common/files.js';

/** Local files stream from disk in chunks, so a 1 GB audit log never sits in memory. */
export const nodeFileAccess: FileAccess = {
  async openStream(uri) {
    if (uri.scheme !== 'file') return workspaceFileAccess.openStream(uri);
    const { size } = await stat(uri.fsPath);
    const stream = Readable.toWeb(createReadStream(uri.fsPath, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>;
    return { stream, size };
  },
};
