import { asciiBytes, portableByteSearch } from './byte-search.js';
import { AuditEvaluator } from './evaluator.js';
import { InputError, inputChunks as auditInputChunks } from './input.js';
import type { AuditMatch, AuditProblem, AuditScan, AuditScanOptions, AuditSummary } from './model.js';
import { RecordReader } from './record-reader.js';
import type { RecordSink } from './record-sink.js';

export const DEFAULT_MAX_RECORD_BYTES = 64 << 20;
/** Every job write carries these bytes in every format (`"resource":"jobs"`, `cronjobs`, escaped or not, GKE method names). */
const NEEDLE = asciiBytes('jobs');

/**
 * Scans an audit log: iterate the result for matches, one per job-write request that carries an
 * indicator; `summary`, `problems` and `formats` fill in as the scan goes. Never throws for bad input
 * (problems are reported and the scan goes on); rejects only when `signal` aborts.
 */
export function scanAuditLog(stream: ReadableStream<Uint8Array>, options: AuditScanOptions = {}): AuditScan {
  const evaluator = new AuditEvaluator(options);
  const iterator = run(stream, evaluator, options);
  return {
    summary: evaluator.summary,
    problems: evaluator.problems,
    formats: evaluator.formats,
    [Symbol.asyncIterator]: () => iterator,
  };
}

/** Scans a whole log and collects the results. */
export async function collectAuditLog(
  stream: ReadableStream<Uint8Array>,
  options: AuditScanOptions = {},
): Promise<{ matches: AuditMatch[]; summary: AuditSummary; problems: readonly AuditProblem[]; formats: ReadonlySet<string> }> {
  const scan = scanAuditLog(stream, options);
  const matches: AuditMatch[] = [];
  for await (const match of scan) matches.push(match);
  return { matches, summary: scan.summary, problems: scan.problems, formats: scan.formats };
}

async function* run(stream: ReadableStream<Uint8Array>, evaluator: AuditEvaluator, options: AuditScanOptions): AsyncGenerator<AuditMatch> {
  const reader = createRecordReader(evaluator, options);
  try {
    for await (const chunk of auditInputChunks(stream, options)) {
      reader.push(chunk);
      yield* evaluator.takeReady();
      if (evaluator.stopped) break;
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    evaluator.inputFailed(describeInputError(error));
  }
  if (!evaluator.stopped) reader.end();
  evaluator.finish();
  yield* evaluator.takeReady();
}

/**
 * The first half of a scan: bytes to records. `scanAuditLog` runs both halves in one thread; a host
 * with threads to spare can run this half where the bytes are and the evaluator in a worker,
 * carrying the records over as batches (see `RecordBatcher`).
 */
export function createRecordReader(sink: RecordSink, options: Pick<AuditScanOptions, 'maxRecordBytes' | 'byteSearch'> = {}): { push(chunk: Uint8Array): void; end(): void } {
  return new RecordReader(sink, {
    needle: NEEDLE,
    maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    search: options.byteSearch ?? portableByteSearch,
  });
}

/** The message for a failed input (a corrupt gzip stream, a read error). */
export function describeInputError(error: unknown): string {
  return error instanceof InputError ? error.message : `reading the input failed: ${error instanceof Error ? error.message : String(error)}`;
}
