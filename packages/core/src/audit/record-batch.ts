import type { AuditMode } from './model.js';
import { cannotMatter } from './probe.js';
import type { RecordSink } from './record-sink.js';

/** One call on a `RecordSink`, as plain data that can cross to a worker (`postMessage`). */
export type RecordOp =
  | ['record', string, number, boolean]
  | ['skipped', number]
  | ['malformed', number, string]
  | ['fatal', number | null, string]
  | ['cannotMatter', number];

/**
 * A `RecordSink` that writes down the calls it gets, so the record reader can run in one thread and
 * the evaluator in another: `take()` the batch after each chunk, post it, `replay` it on the other side.
 * Kube-apiserver events that cannot matter in `mode` (reads, status updates) are dropped here, where
 * they are read, and runs of dropped or skipped records travel as counts.
 */
export class RecordBatcher implements RecordSink {
  private ops: RecordOp[] = [];
  /** Characters of record text in the batch, for hosts that post batches by size. */
  textLength = 0;
  /** The first record tells the evaluator the input's format: it always goes through. */
  private first = true;

  constructor(private readonly mode: AuditMode = 'structural') {}

  record(text: string, line: number, invalidUtf8: boolean): void {
    if (!this.first && cannotMatter(text, this.mode)) this.count('cannotMatter');
    else {
      this.ops.push(['record', text, line, invalidUtf8]);
      this.textLength += text.length;
    }
    this.first = false;
  }

  skipped(): void {
    this.count('skipped');
  }

  private count(kind: 'skipped' | 'cannotMatter'): void {
    const last = this.ops[this.ops.length - 1];
    if (last?.[0] === kind) last[1]++;
    else this.ops.push([kind, 1]);
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
    this.textLength = 0;
    return ops;
  }
}

/** The evaluator's side: a sink that also counts the kube-apiserver events dropped by the batcher. */
export interface BatchSink extends RecordSink {
  kubeEventThatCannotMatter(): void;
}

export function replayRecords(ops: readonly RecordOp[], sink: BatchSink): void {
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
      case 'cannotMatter':
        for (let count = op[1]; count > 0; count--) sink.kubeEventThatCannotMatter();
        break;
    }
  }
}
