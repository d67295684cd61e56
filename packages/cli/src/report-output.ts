import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { systemMessage } from './inputs/collect.js';
import type { Io, Output } from './io.js';

/**
 * Where a command's report goes: standard output, or the file given with `--output`. A file is
 * written next to its final name and renamed over it at the end, so a reader (a CI step that uploads
 * the SARIF, the next run's `--baseline`) sees the old report or the whole new one, never half of one;
 * a run that fails before the end leaves the old file as it was.
 */
export interface ReportOutput extends Output {
  /** Puts the report in place; an error message when that failed (then nothing was replaced). */
  finish(): string | undefined;
  /** Drops an unfinished report (a file's temporary copy is removed). */
  discard(): void;
}

export function reportOutput(file: string | undefined, io: Io): ReportOutput | { error: string } {
  if (file === undefined) return { write: (text) => io.stdout.write(text), isTTY: io.stdout.isTTY, finish: () => undefined, discard: () => undefined };
  const target = resolve(io.cwd, file);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o644);
  } catch (error) {
    return { error: `cannot write the report to ${file}: ${systemMessage(error)}` };
  }
  let failure: string | undefined;
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    // A report in a file is read later, by a program or in an editor: no colour codes.
    isTTY: false,
    write(text) {
      if (failure !== undefined) return;
      try {
        writeSync(fd, text);
      } catch (error) {
        failure = systemMessage(error);
      }
    },
    finish() {
      try {
        if (failure === undefined) fsyncSync(fd);
        close();
        if (failure === undefined) renameSync(temporary, target);
      } catch (error) {
        failure = systemMessage(error);
      }
      if (failure === undefined) return undefined;
      rmSync(temporary, { force: true });
      return `cannot write the report to ${file}: ${failure}`;
    },
    discard() {
      close();
      rmSync(temporary, { force: true });
    },
  };
}
