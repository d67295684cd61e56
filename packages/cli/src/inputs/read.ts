import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decodeText, type Range } from '@jobsentinel/core';
import type { Io } from '../io.js';
import { systemMessage, type InputSource } from './collect.js';

/** Bigger than any real manifest file; beyond it a file is skipped rather than held in memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export interface InputProblem {
  /**
   * `unreadable`: the command could not do what it was asked (exit 2). `malformed`: the bytes are not
   * valid text, reported like a syntax error. `skipped`: not a manifest at all (binary, too large), a note.
   */
  kind: 'unreadable' | 'malformed' | 'skipped';
  message: string;
  /** Where in the input, when the problem has one place (an invalid byte's line). */
  range?: Range;
}

export type ReadInput = { text: string } | { problem: InputProblem };

/** Reads one input's bytes (bounded) and decodes them to text. */
export async function readInput(source: InputSource, io: Io): Promise<ReadInput> {
  let bytes: Uint8Array;
  if (source.kind === 'stdin') {
    const read = await io.readStdin(MAX_INPUT_BYTES);
    if (read.truncated) return { problem: tooLarge() };
    bytes = read.bytes;
  } else {
    const read = readFileBounded(source.path);
    if ('problem' in read) return read;
    bytes = read.bytes;
  }
  return decode(bytes);
}

function readFileBounded(path: string): { bytes: Uint8Array } | { problem: InputProblem } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { problem: { kind: 'unreadable', message: `cannot read: ${systemMessage(error)}` } };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && stats.size > MAX_INPUT_BYTES) return { problem: tooLarge(stats.size) };
    // Read in chunks up to the limit: pipes and devices have no size to check up front.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_INPUT_BYTES + 1 - total));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
      if (total > MAX_INPUT_BYTES) return { problem: tooLarge() };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { problem: { kind: 'unreadable', message: `cannot read: ${systemMessage(error)}` } };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size?: number): InputProblem {
  const limit = MAX_INPUT_BYTES / (1024 * 1024);
  const actual = size === undefined ? `more than ${limit} MB` : `${(size / (1024 * 1024)).toFixed(0)} MB`;
  return { kind: 'skipped', message: `skipped: the file is ${actual}, over the ${limit} MB limit for manifests` };
}

/**
 * Text for the analyser, or a problem placed at its line. The decoder reads bytes as kubectl does
 * (UTF-16 with a byte order mark transcoded, invalid UTF-8 replaced); what it refuses (a NUL: a
 * binary file) kubectl refuses too, so it is a malformed input, reported and counted like a syntax error.
 */
function decode(bytes: Uint8Array): ReadInput {
  const decoded = decodeText(bytes);
  if ('text' in decoded) return decoded;
  const at = { line: decoded.line ?? 1, column: 1 };
  return { problem: { kind: 'malformed', message: decoded.error, range: { start: at, end: at } } };
}
