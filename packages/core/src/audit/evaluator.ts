import { DEFAULT_CONFIG, type JobSentinelConfig } from '../config/config.js';
import { messageOf } from '../errors.js';
import { customIndicators, withCustomIndicators, type CustomIndicator } from '../indicators/custom-patterns.js';
import { INDICATORS } from '../indicators/index.js';
import { ScanMemo } from '../indicators/scan-memo.js';
import { isRecord } from '../util/record.js';
import { passesSeedFilter, rawTextHits } from './elastic.js';
import type { AuditEvent } from './event.js';
import type { JudgedHits } from './hits.js';
import type {
  AuditIndicatorHit, AuditMatch, AuditMode, AuditProblem, AuditScanOptions, AuditSummary, AuditWrite, UninspectableReason, UninspectableWrite,
} from './model.js';
import { ACCEPTED_FORMATS, nonEmpty, normaliseRecord, type Normalised } from './normalise.js';
import { inScope } from './filter.js';
import { AuditSeries, type PendingMatch, type RequestState } from './series.js';
import { outcomeOf } from './outcome.js';
import { ownerOf } from './owner.js';
import { matters, probeKubeRecord } from './probe.js';
import type { RecordSink } from './record-sink.js';
import { isJobWrite, judgeJobWrite, TemplateJudge } from './structural.js';

const MAX_PROBLEMS = 200;
/** `record` outcomes that need nothing more: not JSON (reported), or not a job write (counted). */
const UNPARSED = Symbol('unparsed');
const IRRELEVANT = Symbol('irrelevant');
/** Audit IDs remembered to fold later stages of a request into one; the stages of a request are logged close together. */
const MAX_REMEMBERED = 100_000;
/** Records that are not audit events before the first one that is: past this, the input is not an audit log. */
const MAX_LEADING_MALFORMED = 1000;
/** Matches held back waiting for their ResponseComplete stage (and its outcome). */
const MAX_PENDING = 10_000;
/** What a later stage of a request already judged adds: no hits, only its outcome. */
const NO_HITS: JudgedHits = { hits: [], suppressed: [] };

/**
 * The second half of a scan: records to matches. It is a `RecordSink`: feed it records (in input
 * order), then `inputFailed` if the bytes stopped coming, then `finish`; `takeReady` yields the
 * matches completed so far.
 */
export class AuditEvaluator implements RecordSink {
  readonly summary: AuditSummary = { events: 0, jobWrites: 0, matches: 0, uninspectable: 0, malformed: 0, duplicates: 0, filteredOut: 0, suppressed: 0 };
  readonly problems: AuditProblem[] = [];
  readonly formats = new Set<string>();
  stopped = false;
  private ready: AuditMatch[] = [];
  /** The requests of this log, or of the series of logs it belongs to. */
  private readonly series: AuditSeries;
  private readonly pending: Map<string, PendingMatch>;
  private readonly pendingUninspectable: Map<string, UninspectableWrite>;
  private readonly requests: Map<string, RequestState>;
  /** Problems of the records read before the first audit event; undefined once one is found. */
  private leading: AuditProblem[] | undefined = [];
  private problemsDropped = 0;
  private readonly mode: AuditMode;
  private readonly config: JobSentinelConfig;
  private readonly templates: TemplateJudge;
  private readonly custom: readonly CustomIndicator[];

  constructor(private readonly options: Pick<AuditScanOptions, 'mode' | 'config' | 'indicators' | 'patternEngine' | 'source' | 'onUninspectable' | 'onSuppressed' | 'filter' | 'series'> = {}) {
    this.series = options.series ?? new AuditSeries();
    ({ pending: this.pending, pendingUninspectable: this.pendingUninspectable, requests: this.requests } = this.series);
    this.mode = options.mode ?? 'structural';
    this.config = options.config ?? DEFAULT_CONFIG;
    // What this scan remembers (command models, compiled patterns) lives and goes with it.
    const memo = new ScanMemo();
    this.templates = new TemplateJudge(withCustomIndicators(options.indicators ?? INDICATORS, this.config, options.patternEngine, memo), { customImages: this.config.custom.images, memo });
    this.custom = customIndicators(this.config, options.patternEngine, memo);
  }

  *takeReady(): Generator<AuditMatch> {
    if (this.ready.length === 0) return;
    const ready = this.ready;
    this.ready = [];
    yield* ready;
  }

  /** True until a record is recognised as an audit event: until then, every record is read and problems are held. */
  get awaitingFormat(): boolean {
    return this.leading !== undefined;
  }

  record(text: string, line: number, invalidUtf8: boolean): void {
    if (this.stopped) return;
    const value = this.awaitingFormat ? this.parseWhole(text, line) : this.parseNeeded(text, line);
    if (value === UNPARSED || value === IRRELEVANT) return;
    this.read(value, line, text, invalidUtf8);
  }

  value(value: unknown, line: number): void {
    if (!this.stopped) this.read(value, line, undefined, false);
  }

  framedAs(name: string): void {
    this.formats.add(name);
  }

  private read(value: unknown, line: number, text: string | undefined, invalidUtf8: boolean): void {
    let normalised: Normalised;
    try {
      normalised = normaliseRecord(value);
    } catch (error) {
      this.malformed(line, `could not read this record: ${messageOf(error)}`);
      return;
    }
    const { events, unrecognised } = normalised;
    if (events.length > 0 && this.leading) this.formatFound();
    if (invalidUtf8) this.problem({ line, severity: 'warning', message: 'invalid UTF-8: the bad bytes were replaced with U+FFFD and the record was still checked' });
    if (unrecognised > 0) {
      this.malformed(line, events.length === 0 ? 'not an audit event of any accepted format' : `${unrecognised} value(s) in this record are not audit events`);
    }
    this.summary.events += events.length;
    for (const { event, format, source } of events) {
      this.formats.add(format);
      // One event that trips up a check is reported at its line; the events after it are still judged.
      try {
        if (this.mode === 'elastic') this.elastic(event, line, source === value && text !== undefined ? text : JSON.stringify(source));
        else this.structural(event, line);
      } catch (error) {
        this.malformed(line, `could not analyse this audit event: ${messageOf(error)}`);
      }
    }
  }

  /** The first audit event: the records before it that could not be read were malformed records of this log. */
  private formatFound(): void {
    const leading = this.leading!;
    this.leading = undefined;
    for (const problem of leading) this.malformed(problem.line!, problem.message);
  }

  /** The record's value; UNPARSED when it is not JSON (reported). */
  private parseWhole(text: string, line: number): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      this.malformed(line, `not valid JSON (${messageOf(error)})`);
      return UNPARSED;
    }
  }

  /**
   * A kube-apiserver event is read in two steps: the few members that say whether it matters (most
   * records that pass the byte prefilter do not: status updates, reads, the later stages of a request
   * already judged clean), then, only when it does, the whole record.
   */
  private parseNeeded(text: string, line: number): unknown {
    const probe = probeKubeRecord(text);
    if (!probe) return this.parseWhole(text, line);
    if (!matters(this.mode, probe.request)) {
      this.summary.events++;
      this.formats.add('kube-apiserver');
      return IRRELEVANT;
    }
    if (this.mode === 'structural' && this.judgedClean(probe.auditID)) {
      this.summary.events++;
      this.summary.duplicates++;
      return IRRELEVANT;
    }
    return this.parseWhole(text, line);
  }

  /** A later stage of a request whose body was judged and had no hits: it cannot add anything. */
  private judgedClean(auditID: string | null): boolean {
    if (auditID === null) return false;
    const request = this.requests.get(auditID);
    return request !== undefined && (request.emitted || (request.inspected && !this.pending.has(auditID)));
  }

  skipped(): void {
    if (!this.stopped) this.summary.events++;
  }

  malformed(line: number, message: string): void {
    if (this.stopped) return;
    if (this.leading) {
      this.leading.push({ line, severity: 'error', message });
      if (this.leading.length >= MAX_LEADING_MALFORMED) this.notAuditLog(this.leading[0].line, `none of its first ${MAX_LEADING_MALFORMED} records is an audit event`);
      return;
    }
    this.summary.malformed++;
    this.problem({ line, severity: 'error', message });
  }

  fatal(line: number | null, message: string): void {
    this.problem({ line, severity: 'error', message, fatal: true });
    this.stopped = true;
  }

  /** The bytes stopped coming (corrupt gzip, a read error): what was read is still evaluated to its end. */
  inputFailed(message: string): void {
    this.problem({ line: null, severity: 'error', message, fatal: true });
  }

  /** Said at the line of its first record. */
  private notAuditLog(line: number | null, why: string): void {
    this.leading = undefined;
    this.fatal(line, `not an audit log: ${why}. Accepted formats: ${ACCEPTED_FORMATS}`);
  }

  /**
   * End of input: matches still waiting for a later stage are final now, unless the log is one of a
   * series, whose next log may hold their last stage (`endSeries` makes them final).
   */
  finish(): void {
    if (this.leading && this.leading.length > 0 && !this.stopped) {
      const first = this.leading[0];
      this.notAuditLog(first.line, this.leading.length === 1 ? `its only record (line ${first.line}) is not an audit event` : `none of its ${this.leading.length} records is an audit event`);
    }
    if (!this.options.series) this.endSeries();
    if (this.summary.events === 0 && this.problems.length === 0) {
      this.problem({ line: null, severity: 'warning', message: 'the input is empty: no audit events' });
    }
    if (this.problemsDropped > 0) {
      this.problems.push({ line: null, severity: 'warning', message: `${this.problemsDropped} more problems not listed` });
    }
  }

  /** The requests that never reached their last stage are reported as they are. */
  endSeries(): void {
    for (const match of this.pending.values()) this.emit(match);
    this.pending.clear();
    for (const write of this.pendingUninspectable.values()) this.emitUninspectable(write);
    this.pendingUninspectable.clear();
  }

  private problem(problem: AuditProblem): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else this.problemsDropped++;
  }

  private elastic(event: AuditEvent, line: number, rawText: string): void {
    if (!passesSeedFilter(event) || this.leftOut(event)) return;
    this.summary.jobWrites++;
    const judged = rawTextHits(rawText, event, this.config, this.custom);
    if (judged.hits.length > 0 || judged.suppressed.length > 0) this.emit(this.newMatch(event, line, judged));
  }

  private structural(event: AuditEvent, line: number): void {
    if (!isJobWrite(event) || this.leftOut(event)) return;
    const request = this.requestOf(event);
    if (request.emitted) return;
    // Later stages repeat the body judged at the first: they only add the outcome.
    const judged = request.inspected ? NO_HITS : this.judge(event, request, line);
    const id = event.auditID;
    if (judged === undefined) {
      this.uninspectableStage(event, request);
      return;
    }
    const earlier = id === null ? undefined : this.pending.get(id);
    if (judged.hits.length === 0 && judged.suppressed.length === 0 && !earlier) return;
    const match = earlier ? mergeStage(earlier, event, this.options.source ?? null, line, judged) : this.newMatch(event, line, judged);
    if (id === null || isFinalStage(event.stage)) {
      if (id !== null) this.pending.delete(id);
      request.emitted = true;
      this.emit(match);
      return;
    }
    this.pending.set(id, match);
    if (this.pending.size > MAX_PENDING) {
      const [oldest, waiting] = this.pending.entries().next().value as [string, PendingMatch];
      this.pending.delete(oldest);
      const old = this.requests.get(oldest);
      if (old) old.emitted = true;
      this.emit(waiting);
    }
  }

  /** Whether the scan's filter leaves this write out; counted once per request (at its last stage). */
  private leftOut(event: AuditEvent): boolean {
    const filter = this.options.filter;
    if (!filter || inScope(filter, event)) return false;
    if (this.mode === 'elastic' || event.auditID === null || isFinalStage(event.stage)) this.summary.filteredOut++;
    return true;
  }

  /** The hits in a job write's body; undefined when it has none to inspect (noted in `request.uninspectable`). */
  private judge(event: AuditEvent, request: RequestState, line: number): JudgedHits | undefined {
    const verdict = judgeJobWrite(event, this.config, this.templates, this.series.states);
    if (!verdict.inspectable) {
      request.uninspectable ??= this.newUninspectable(event, line, verdict.reason);
      return undefined;
    }
    request.inspected = true;
    if (request.uninspectable) {
      // An earlier stage had no body (RequestReceived at a lower level); this one does.
      request.uninspectable = undefined;
      if (event.auditID !== null) this.pendingUninspectable.delete(event.auditID);
    }
    return verdict;
  }

  /** A stage without a body: the write is listed once its last stage (and outcome) is in, unless a later stage brings a body. */
  private uninspectableStage(event: AuditEvent, request: RequestState): void {
    const write = request.uninspectable!;
    write.outcome = outcomeOf(event) ?? write.outcome;
    const id = event.auditID;
    if (id === null || isFinalStage(event.stage)) {
      if (id !== null) this.pendingUninspectable.delete(id);
      request.emitted = true;
      request.uninspectable = undefined;
      this.emitUninspectable(write);
      return;
    }
    this.pendingUninspectable.set(id, write);
    if (this.pendingUninspectable.size > MAX_PENDING) {
      const [oldest, waiting] = this.pendingUninspectable.entries().next().value as [string, UninspectableWrite];
      this.pendingUninspectable.delete(oldest);
      const old = this.requests.get(oldest);
      if (old) {
        old.emitted = true;
        old.uninspectable = undefined;
      }
      this.emitUninspectable(waiting);
    }
  }

  /** The request an event belongs to; counts the request once and its further stages as duplicates. */
  private requestOf(event: AuditEvent): RequestState {
    const id = event.auditID;
    const known = id === null ? undefined : this.requests.get(id);
    if (known) {
      this.summary.duplicates++;
      return known;
    }
    this.summary.jobWrites++;
    const request: RequestState = { emitted: false, inspected: false };
    if (id !== null) {
      this.requests.set(id, request);
      if (this.requests.size > MAX_REMEMBERED) this.requests.delete(this.requests.keys().next().value as string);
    }
    return request;
  }

  private newMatch(event: AuditEvent, line: number, { hits, suppressed }: JudgedHits): PendingMatch {
    const { file, line: at, auditID, ...rest } = this.writeOf(event, line);
    return { file, line: at, auditID, stage: event.stage, ...rest, indicators: hits, suppressed };
  }

  private newUninspectable(event: AuditEvent, line: number, reason: UninspectableReason): UninspectableWrite {
    return { ...this.writeOf(event, line), reason };
  }

  /** Who wrote which object, when, from where, and with what outcome. */
  private writeOf(event: AuditEvent, line: number): AuditWrite {
    const metadata = objectMetadata(event);
    const name = event.name ?? nonEmpty(metadata.name) ?? nonEmpty(metadata.generateName);
    return {
      file: this.options.source ?? null,
      line,
      auditID: event.auditID,
      timestamp: event.timestamp,
      verb: event.verb,
      resource: event.resource,
      namespace: event.namespace ?? nonEmpty(metadata.namespace),
      name,
      user: event.user,
      impersonatedUser: event.impersonatedUser,
      cloudIdentity: event.cloudIdentity,
      owner: ownerOf(event.resource, name, metadata, event.user, event.userAgent),
      sourceIPs: event.sourceIPs,
      userAgent: event.userAgent,
      outcome: outcomeOf(event) ?? 'unknown',
    };
  }

  /** A request's suppressed hits go to the host as a suppressed write; its other hits, if any, are a match. */
  private emit({ suppressed, ...match }: PendingMatch): void {
    if (suppressed.length > 0) {
      this.summary.suppressed += suppressed.length;
      const { indicators: _reported, ...write } = match;
      this.options.onSuppressed?.({ ...write, indicators: suppressed });
    }
    if (match.indicators.length === 0) return;
    this.summary.matches++;
    this.ready.push(match);
  }

  private emitUninspectable(write: UninspectableWrite): void {
    this.summary.uninspectable++;
    this.options.onUninspectable?.(write);
  }
}

/** Folds a later stage of the same request into its match: its outcome, where it is (another log of a series, maybe), any new hits. */
function mergeStage(match: PendingMatch, event: AuditEvent, file: string | null, line: number, { hits, suppressed }: JudgedHits): PendingMatch {
  const known = new Set(match.indicators.map(hitKey));
  const knownSuppressed = new Set(match.suppressed.map(hitKey));
  return {
    ...match,
    file,
    line,
    stage: event.stage ?? match.stage,
    timestamp: event.timestamp ?? match.timestamp,
    outcome: outcomeOf(event) ?? match.outcome,
    indicators: [...match.indicators, ...hits.filter((hit) => !known.has(hitKey(hit)))],
    suppressed: [...match.suppressed, ...suppressed.filter((hit) => !knownSuppressed.has(hitKey(hit)))],
  };
}

function hitKey(hit: AuditIndicatorHit): string {
  return `${hit.indicator}\u0000${hit.path}\u0000${hit.evidence}`;
}

function isFinalStage(stage: string | null): boolean {
  return stage === null || stage === 'ResponseComplete' || stage === 'Panic';
}

function objectMetadata(event: AuditEvent): Record<string, unknown> {
  for (const object of [event.requestObject, event.responseObject]) {
    if (isRecord(object) && isRecord(object.metadata)) return object.metadata;
  }
  return {};
}
