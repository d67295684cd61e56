import { asciiBytes, portableByteSearch } from './byte-search.js';
import { AuditEvaluator } from './evaluator.js';
import { InputError, inputChunks as auditInputChunks, isGzip } from './input.js';
import type { AuditMatch, AuditProblem, AuditScan, AuditScanOptions, AuditSummary, SuppressedAuditWrite, UninspectableWrite } from './model.js';
import { RecordReader } from './record-reader.js';
import type { AuditSeries } from './series.js';

const DEFAULT_MAX_RECORD_BYTES = 64 << 20;
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

/** What a whole log comes to. */
export interface CollectedAuditLog {
  matches: AuditMatch[];
  uninspectable: UninspectableWrite[];
  /** Job writes with hits the config's ignore entries suppressed, with those hits. */
  suppressed: SuppressedAuditWrite[];
  summary: AuditSummary;
  problems: readonly AuditProblem[];
  formats: ReadonlySet<string>;
}

/** Scans a whole log and collects the results. */
export async function collectAuditLog(stream: ReadableStream<Uint8Array>, options: AuditScanOptions = {}): Promise<CollectedAuditLog> {
  const uninspectable: UninspectableWrite[] = [];
  const suppressed: SuppressedAuditWrite[] = [];
  const scan = scanAuditLog(stream, collectingInto(uninspectable, suppressed, options));
  const matches: AuditMatch[] = [];
  for await (const match of scan) matches.push(match);
  return { matches, uninspectable, suppressed, summary: scan.summary, problems: scan.problems, formats: scan.formats };
}

/** Options that keep each uninspectable and suppressed write, and still tell the caller's own listeners. */
function collectingInto(uninspectable: UninspectableWrite[], suppressed: SuppressedAuditWrite[], options: AuditScanOptions): AuditScanOptions {
  return {
    ...options,
    onUninspectable(write) {
      uninspectable.push(write);
      options.onUninspectable?.(write);
    },
    onSuppressed(write) {
      suppressed.push(write);
      options.onSuppressed?.(write);
    },
  };
}

async function* run(stream: ReadableStream<Uint8Array>, evaluator: AuditEvaluator, options: AuditScanOptions): AsyncGenerator<AuditMatch> {
  const session = new ScanSession(evaluator, options);
  try {
    for await (const chunk of auditInputChunks(stream, options)) {
      yield* session.push(chunk);
      if (evaluator.stopped) break;
    }
  } catch (error) {
    session.failed(error);
  }
  yield* session.end();
}

/**
 * Scans a log whose plain (not gzip) bytes a host reads itself, synchronously: a file read in a loop,
 * possibly into one reused buffer. It skips the stream machinery, which on a large file costs more
 * than the reading (promises per chunk, and copies to merge small chunks).
 */
export function collectAuditChunks(chunks: Iterable<Uint8Array>, options: AuditScanOptions = {}): CollectedAuditLog {
  const matches: AuditMatch[] = [];
  const uninspectable: UninspectableWrite[] = [];
  const suppressed: SuppressedAuditWrite[] = [];
  const { summary, problems, formats } = scanAuditChunks(chunks, collectingInto(uninspectable, suppressed, options), (match) => matches.push(match));
  return { matches, uninspectable, suppressed, summary, problems, formats };
}

/** What a scan of chunks comes to besides its matches, which went to `onMatch` as they were found. */
export type AuditChunksScan = Omit<CollectedAuditLog, 'matches' | 'uninspectable' | 'suppressed'>;

/**
 * `collectAuditChunks` that hands each match to `onMatch` as it is found instead of keeping it, so a
 * host that writes its report as it goes holds no more memory with 40,000 matches than with none.
 */
export function scanAuditChunks(chunks: Iterable<Uint8Array>, options: AuditScanOptions, onMatch: (match: AuditMatch) => void): AuditChunksScan {
  const evaluator = new AuditEvaluator(options);
  const session = new ScanSession(evaluator, options);
  const deliver = (ready: Iterable<AuditMatch>) => {
    for (const match of ready) onMatch(match);
  };
  let bytesRead = 0;
  try {
    for (const chunk of chunks) {
      options.signal?.throwIfAborted();
      if (bytesRead === 0 && isGzip(chunk)) {
        evaluator.fatal(null, 'the input is gzip-compressed: collectAuditChunks reads plain bytes (scanAuditLog takes a stream and inflates gzip)');
        break;
      }
      deliver(session.push(chunk));
      bytesRead += chunk.length;
      options.onProgress?.(bytesRead);
      if (evaluator.stopped) break;
    }
  } catch (error) {
    session.failed(error);
  }
  deliver(session.end());
  return { summary: evaluator.summary, problems: evaluator.problems, formats: evaluator.formats };
}

/**
 * After the last log of a series: the requests whose last stage no log held are reported as they are
 * (each with the log and line of its last stage read), through `onMatch` and the options' listeners.
 * Returns the counts they add (matches, uninspectable, suppressed).
 */
export function endAuditSeries(series: AuditSeries, options: AuditScanOptions, onMatch: (match: AuditMatch) => void): AuditSummary {
  const evaluator = new AuditEvaluator({ ...options, series });
  evaluator.endSeries();
  for (const match of evaluator.takeReady()) onMatch(match);
  return evaluator.summary;
}

/** Bytes in, matches out, for either way of handing the bytes over. */
class ScanSession {
  private readonly reader: RecordReader;

  constructor(
    private readonly evaluator: AuditEvaluator,
    private readonly options: AuditScanOptions,
  ) {
    this.reader = new RecordReader(evaluator, {
      needle: NEEDLE,
      maxRecordBytes: options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      search: options.byteSearch ?? portableByteSearch,
    });
  }

  push(chunk: Uint8Array): Generator<AuditMatch> {
    this.reader.push(chunk);
    return this.evaluator.takeReady();
  }

  /** The bytes stopped coming: an abort is the caller's to see; anything else is reported, and what was read stands. */
  failed(error: unknown): void {
    if (this.options.signal?.aborted) throw error;
    this.evaluator.inputFailed(describeInputError(error));
  }

  end(): Generator<AuditMatch> {
    if (!this.evaluator.stopped) this.reader.end();
    this.evaluator.finish();
    return this.evaluator.takeReady();
  }
}

/** The message for a failed input (a corrupt gzip stream, a read error). */
function describeInputError(error: unknown): string {
  return error instanceof InputError ? error.message : `reading the input failed: ${error instanceof Error ? error.message : String(error)}`;
}
