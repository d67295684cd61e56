/** Public types of the audit-log scan: what a caller feeds in, and what comes back. */
import type { JobSentinelConfig } from '../config/config.js';
import type { Indicator } from '../indicators/index.js';
import type { Severity } from '../model.js';
import type { PatternEngine } from '../patterns/types.js';
import type { ByteSearch } from './byte-search.js';
import type { AuditFilter } from './filter.js';
import type { AuditSeries } from './series.js';

export type AuditMode = 'structural' | 'elastic';

/** What to change so that writes logged without a body can be inspected; every report says it. */
export const UNINSPECTABLE_ADVICE =
  'log batch jobs and cronjobs at the Request or RequestResponse level in the audit policy ' +
  '(a rule with level: RequestResponse, resources: [{group: "batch", resources: ["jobs", "cronjobs"]}])';

/** Whether the API server let the request through. `unknown` when only the RequestReceived stage was logged. */
export type AuditOutcome = 'allowed' | 'denied' | 'unknown';

export interface AuditIndicatorHit {
  indicator: string;
  severity: Severity;
  message: string;
  /** JSON pointer inside the request (or response) object; '' in elastic mode, which has no structure. */
  path: string;
  /** The text that triggered the indicator. */
  evidence: string;
}

/** A hit an `ignore:` entry of the config file suppressed: reported as such, never dropped. */
export interface SuppressedAuditHit extends AuditIndicatorHit {
  /** Which entry of the config file, as scan reports write it: `{kind: 'config', location: {pointer: '/ignore/0'}}`. */
  suppression: { kind: 'config'; location: { pointer: string } };
}

/** The cloud account behind a Kubernetes user. */
export interface CloudIdentity {
  provider: 'aws' | 'gcp' | 'azure';
  /** The IAM ARN (EKS), the Google account (GKE) or the Entra ID object id (AKS). */
  principal: string;
  /** EKS: the role session name, when logged. */
  sessionName: string | null;
  /** EKS: the access key id the request was signed with, when logged. */
  accessKeyId: string | null;
}

/** The object that created a Job: its controller's owner reference (a CronJob, or another controller's kind). */
export interface AuditOwner {
  kind: string;
  name: string;
}

/** Who made a request: the requesting user, whom they impersonated, and the cloud account behind them. */
export interface AuditActor {
  user: string | null;
  impersonatedUser: string | null;
  cloudIdentity: CloudIdentity | null;
}

/** Which object a write went to, who wrote it and when: what matches and uninspectable writes share. */
export interface AuditWrite extends AuditActor {
  /** The `source` given in the options (a file name), or null. */
  file: string | null;
  /** 1-based line of the input where the reported event (or its record) starts. */
  line: number;
  auditID: string | null;
  timestamp: string | null;
  verb: string;
  resource: string;
  namespace: string | null;
  name: string | null;
  /** For a Job a controller created (a CronJob's), that controller's object; null otherwise. */
  owner: AuditOwner | null;
  sourceIPs: string[];
  userAgent: string | null;
  outcome: AuditOutcome;
}

/** Why a job write could not be judged. */
export type UninspectableReason =
  /** Logged at the Metadata level: the audit policy kept no body. */
  | 'Metadata level'
  /** The log pipeline replaced the body with a marker (AKS: `skipped-too-big-size-object`). */
  | 'body dropped as too big'
  /** The body is there but is no object (a string, a number, another kind such as a `Status`). */
  | 'body not an object'
  /** A Request-level event without a body: the request was refused before the server read it. */
  | 'no body logged';

/** A job write that no rule could inspect, listed so a responder sees what the log hides. */
export interface UninspectableWrite extends AuditWrite {
  reason: UninspectableReason;
}

/** One job/cronjob write request that carries at least one indicator: one entry of a report's matches. */
export interface AuditMatch extends AuditWrite {
  /** The stage of the event reported (the last one seen of the request). */
  stage: string | null;
  indicators: AuditIndicatorHit[];
}

/** A job write whose hits (some or all of them) the config's ignore entries suppressed, with those hits. */
export interface SuppressedAuditWrite extends AuditWrite {
  stage: string | null;
  indicators: SuppressedAuditHit[];
}

/** Running counts; final once the scan's iteration has finished. */
export interface AuditSummary {
  /** Audit events read (records that were skipped by the byte prefilter included). */
  events: number;
  /** Distinct job/cronjob write requests (elastic mode: events that pass the seed filter). */
  jobWrites: number;
  matches: number;
  /** Job writes logged without a body to inspect (Metadata level, a dropped body, …): listed through `onUninspectable`. */
  uninspectable: number;
  malformed: number;
  /** Further stages of a request already seen (RequestReceived + ResponseComplete count once). */
  duplicates: number;
  /** Job writes left out by the scan's filter (time, namespace, user); not judged, not in the other counts. */
  filteredOut: number;
  /** Indicator hits the config's ignore entries suppressed (listed through `onSuppressed`); not in `matches`. */
  suppressed: number;
}

export interface AuditProblem {
  /** 1-based line where the problem starts, or null when it concerns the whole input. */
  line: number | null;
  message: string;
  severity: 'error' | 'warning';
  /** The input could not be read on from here (not an audit log, corrupt gzip); earlier results stand. */
  fatal?: boolean;
}

export interface AuditScanOptions {
  mode?: AuditMode;
  /** A validated config; defaults to the extended profile with no tuning. */
  config?: JobSentinelConfig;
  /** The indicators to run in structural mode; defaults to every built-in one. The config's custom patterns are added to them. */
  indicators?: readonly Indicator[];
  /** The engine for the config's custom patterns; defaults to the core's linear-time engine. */
  patternEngine?: PatternEngine;
  /** Name of the input, copied into each match's `file`. */
  source?: string;
  signal?: AbortSignal;
  /** Called as input is consumed, with the number of (possibly compressed) bytes read so far. */
  onProgress?(bytesRead: number): void;
  /** Records larger than this are reported as malformed and skipped without being held whole. */
  maxRecordBytes?: number;
  /** A faster byte search the host may supply (e.g. Node's Buffer); the default is portable. */
  byteSearch?: ByteSearch;
  /**
   * Called with each job write that could not be inspected, once its last stage is read (structural
   * mode). `summary.uninspectable` counts them whether or not a host listens.
   */
  onUninspectable?(write: UninspectableWrite): void;
  /**
   * Called with each job write some of whose hits the config's ignore entries suppressed, with those
   * hits, once its last stage is read. `summary.suppressed` counts the hits whether or not a host listens.
   */
  onSuppressed?(write: SuppressedAuditWrite): void;
  /** Only job writes in this time window, namespace or user are judged, decided as the log streams by. */
  filter?: AuditFilter;
  /**
   * The series of logs this one continues (rotated logs, oldest first): requests split over two logs
   * are judged once. A request still waiting for its last stage at the end of this log stays waiting;
   * `endAuditSeries` reports those after the last log.
   */
  series?: AuditSeries;
}

/** A running scan: iterate it for matches; `summary` and `problems` fill in as it goes. */
export interface AuditScan extends AsyncIterable<AuditMatch> {
  readonly summary: AuditSummary;
  /** Problems in input order; at most a few hundred are kept (`summary.malformed` keeps counting). */
  readonly problems: readonly AuditProblem[];
  /** The formats recognised in the input, e.g. `kube-apiserver`, `gke`. */
  readonly formats: ReadonlySet<string>;
}
