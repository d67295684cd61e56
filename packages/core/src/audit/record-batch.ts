import type { RecordSink } from './record-sink.js';

/** One call on a `RecordSink`, as plain data that can cross to a worker (`postMessage`). */
export type RecordOp =
  | ['record', string, number, boolean]
  | ['skipped', number]
  | ['malformed', number, string]
  | ['fatal', number | null, string];

/**
 * A `RecordSink` that writes down the calls it gets, so the record reader can run in one thread and
 * the evaluator in another: `take()` the batch after each chunk, post it, `replay` it on the other side.
 * Runs of skipped records travel as one count.
 */
export class RecordBatcher implements RecordSink {
  private ops: RecordOp[] = [];

  record(text: string, line: number, invalidUtf8: boolean): void {
    this.ops.push(['record', text, line, invalidUtf8]);
  }

  skipped(): void {
    const last = this.ops[this.ops.length - 1];
    if (last?.[0] === 'skipped') last[1]++;
    else this.ops.push(['skipped', 1]);
  }

  malformed(line: number, message: string): void {
    this.ops.push(['malformed', line, message]);
  }

  fatal(line: number | null, message: string): void {
    this.ops.push(['fatal', line, message]);
  }

  take(): RecordOp[] {
    const ops = this.ops;
    this.ops = [];
    return ops;
  }
}

export function replayRecords(ops: readonly RecordOp[], sink: RecordSink): void {
  for (const op of ops) {
    switch (op[0]) {
      case 'record':
        sink.record(op[1], op[2], op[3]);
        break;
      case 'skipped':
        for (let count = op[1]; count > 0; count--) sink.skipped();
        break;
      case 'malformed':
        sink.malformed(op[1], op[2]);
        break;
      case 'fatal':
        sink.fatal(op[1], op[2]);
        break;
    }
  }
}
