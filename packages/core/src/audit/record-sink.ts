/** What the record readers hand over: decoded records to evaluate, counts of skipped ones, problems. */
export interface RecordSink {
  /**
   * No record has been recognised as an audit event yet: readers hand over every record (none is
   * skipped by the byte prefilter) until one is, so the format is told from records that parse.
   */
  readonly awaitingFormat: boolean;
  /** A record to evaluate, the 1-based line it starts on, and whether its bytes were not valid UTF-8. */
  record(text: string, line: number, invalidUtf8: boolean): void;
  /** A record a reader has parsed itself (a CSV row, by column name), and the line it starts on. */
  value(value: unknown, line: number): void;
  /** The export's own name, when its framing tells it (`eks-s3-export`, `csv`), said once. */
  framedAs(name: string): void;
  /** A record the byte prefilter ruled out: counted, never decoded. */
  skipped(): void;
  /** A record that cannot be read; counted as malformed. */
  malformed(line: number, message: string): void;
  /** The input cannot be read on (not an audit log at all). */
  fatal(line: number | null, message: string): void;
}

/** What a record reader needs besides its sink. */
export interface ReaderSettings {
  /** Records whose bytes do not contain this are skipped undecoded. */
  needle: Uint8Array;
  maxRecordBytes: number;
  search: import('./byte-search.js').ByteSearch;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** UTF-8 text of a record; invalid sequences become U+FFFD and are flagged, so the record is still judged. */
export function decodeRecord(bytes: Uint8Array): { text: string; invalid: boolean } {
  try {
    return { text: strict.decode(bytes), invalid: false };
  } catch {
    return { text: lenient.decode(bytes), invalid: true };
  }
}

export function formatBytes(size: number): string {
  if (size >= 1 << 20) return `${Math.round(size / (1 << 20))} MB`;
  return size >= 1024 ? `${Math.round(size / 1024)} KB` : `${size} bytes`;
}
