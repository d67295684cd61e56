import type { JobSentinelConfig } from '../config/config.js';
import { effectiveSeverity } from '../config/tuning.js';
import { ContentMemo } from '../content-memo.js';
import type { CheckContext, Indicator, IndicatorHit } from '../indicators/index.js';
import { isRecord } from '../util/record.js';
import { imagesAt, podTemplateOf, type PodTemplate } from '../manifest/pod-templates.js';
import type { AuditEvent } from './event.js';
import { outcomeOf } from './outcome.js';
import { applyJsonPatch, isJsonPatch, isUnder, patchWrites } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import type { ObjectStates } from './object-state.js';
import { addHit, type JudgedHits } from './hits.js';
import type { UninspectableReason } from './model.js';

const JOB_RESOURCES = new Map<string, 'CronJob' | 'Job'>([['cronjobs', 'CronJob'], ['jobs', 'Job']]);
const WRITE_VERBS = new Set(['create', 'update', 'patch']);

/** What decides whether an event is a job write, readable before the rest of the event is parsed. */
export type RequestProbe = Pick<AuditEvent, 'verb' | 'resource' | 'subresource' | 'apiGroup'>;

/** A create, update or patch of a Job or CronJob itself (not its `status` or other subresources). */
export function isJobWrite(event: RequestProbe): boolean {
  return (
    JOB_RESOURCES.has(event.resource) &&
    WRITE_VERBS.has(event.verb) &&
    event.subresource === null &&
    (event.apiGroup === null || event.apiGroup === 'batch')
  );
}

export type Verdict = { inspectable: false; reason: UninspectableReason } | ({ inspectable: true } & JudgedHits);

/** What AKS logs instead of a body over its size limit. */
const DROPPED_BODY = 'skipped-too-big-size-object';

/**
 * Judges a job write on the object it leaves behind. A create or update is judged whole. A patch of
 * an object whose earlier state the log showed is applied to that state (JSON Patch, including
 * `move` and `copy`; merge and strategic-merge bodies), and reports what the result holds that the
 * earlier state did not: a payload split over several writes is seen once it is complete, and a
 * patch that adds nothing bad stays quiet. A patch of an object not seen before is judged on what it
 * writes (a JSON Patch at the paths it writes, a merge body as the partial object it is). The
 * response object stands in when no request body was logged. No body at all cannot be judged.
 */
export function judgeJobWrite(event: AuditEvent, config: JobSentinelConfig, templates: TemplateJudge, states?: ObjectStates): Verdict {
  const kind = JOB_RESOURCES.get(event.resource);
  const key = kind && states?.keyOf(event);
  const previous = key ? states!.get(key) : undefined;
  const body = kind && bodyOf(event, kind, previous);
  if (!body) {
    // Written in a way the log does not show: what was known of the object is not its state any more.
    if (key) states!.forget(key);
    return { inspectable: false, reason: whyUninspectable(event) };
  }
  if (key && body.after && outcomeOf(event) !== 'denied') states!.remember(key, body.after);
  const template = podTemplateOf(body.object, '');
  if (!template) return { inspectable: true, hits: [], suppressed: [] };
  const before = body.before && podTemplateOf(body.before, '');
  const known = before ? new Set(templates.hitsOf(before).map(({ indicator, hit }) => hitIdentity(indicator.id, hit))) : undefined;
  const namespace = event.namespace ?? template.namespace;
  const judged: JudgedHits = { hits: [], suppressed: [] };
  for (const { indicator, hit, images } of templates.hitsOf(template)) {
    if (body.written && !isUnder(hit.path, body.written)) continue;
    if (known?.has(hitIdentity(indicator.id, hit))) continue;
    // The jobsentinel.io/ignore annotation is not honoured here: in an audit log it is written by
    // the requester, so it would let an attacker switch detection off for their own job.
    const severity = effectiveSeverity(config, indicator, hit.severity ?? indicator.severity);
    if (severity === null) continue;
    addHit(judged, config, { indicator: indicator.id, severity, message: hit.message, path: hit.path, evidence: hit.evidence }, { namespace, images, user: event.user ?? undefined });
  }
  return { inspectable: true, ...judged };
}


/** A hit as the same finding in two states of one object: where it sits may move (a container inserted before it). */
function hitIdentity(indicator: string, hit: IndicatorHit): string {
  return `${indicator}\u0000${hit.message}\u0000${hit.evidence}`;
}

interface TemplateHit {
  indicator: Indicator;
  hit: IndicatorHit;
  /** The images the hit concerns, for ignore entries. */
  images: string[];
}

/** Pod specs remembered per scan; the stages and retries of a request, and a CronJob's Jobs, repeat one. */
const MAX_TEMPLATES = 1024;

/**
 * The indicators' hits in a pod template, before tuning. They depend only on the pod spec and where it
 * sits (every indicator reads `spec`, `specPath` and the containers under it), so a scan remembers them
 * by content: in an audit log the Jobs of a CronJob carry the same spec over and over, and judging one
 * costs ten times the key. Tuning (severity, ignore entries by namespace and user) is applied per event.
 */
export class TemplateJudge {
  private readonly known = new ContentMemo<TemplateHit[]>(MAX_TEMPLATES);

  constructor(
    private readonly indicators: readonly Indicator[],
    private readonly context: CheckContext,
  ) {}

  hitsOf(template: PodTemplate): TemplateHit[] {
    return this.known.remember(template.specPath, template.spec, () => {
      const hits: TemplateHit[] = [];
      for (const indicator of this.indicators) {
        indicator.check(template, (hit) => hits.push({ indicator, hit, images: imagesAt(template, hit.path) }), this.context);
      }
      return hits;
    });
  }
}

interface Body {
  /** What is judged. */
  object: Record<string, unknown>;
  /** For a JSON Patch of an object not seen before: the paths written; hits elsewhere are not the request's doing. */
  written?: string[];
  /** For a patch of a known object: its state before, whose hits are not the request's doing. */
  before?: Record<string, unknown>;
  /** The object's state after the write, as far as the log shows it. */
  after?: Record<string, unknown>;
}

function bodyOf(event: AuditEvent, kind: 'CronJob' | 'Job', previous: Record<string, unknown> | undefined): Body | undefined {
  const request = event.requestObject;
  // What the server stored: the state for the next write. Not what is judged for a patch of a known
  // object, which may differ from it by writes the log does not hold; those are not this request's doing.
  const response = isRecord(event.responseObject) && isJobObject(event.responseObject) ? event.responseObject : undefined;
  if (isJsonPatch(request)) {
    if (previous) {
      const applied = applyJsonPatch(previous, request).object;
      return { object: asKind(applied, kind), before: previous, after: response ?? applied };
    }
    // The values a `copy` or `move` brought in are in the stored object, when it was logged.
    const writes = patchWrites(request);
    return { object: asKind(response ?? writes.object, kind), written: writes.paths, after: response ?? writes.object };
  }
  if (isRecord(request) && isJobObject(request)) {
    if (event.verb === 'patch' && previous) {
      const applied = applyMergePatch(previous, request);
      return { object: asKind(applied, kind), before: previous, after: response ?? applied };
    }
    return { object: asKind(request, kind), after: response ?? request };
  }
  if (request === undefined && response) return { object: asKind(response, kind), after: response };
  return undefined;
}

function whyUninspectable(event: AuditEvent): UninspectableReason {
  if (event.requestObject === DROPPED_BODY || event.responseObject === DROPPED_BODY) return 'body dropped as too big';
  if (event.level === 'Metadata' || (event.level === null && event.requestObject === undefined && event.responseObject === undefined)) return 'Metadata level';
  return event.requestObject === undefined ? 'no body logged' : 'body not an object';
}

/**
 * A partial body (merge patch) names no kind and takes the resource's; a body that names a job kind is
 * judged as what it says it is; a `Status` (a refusal) or any other kind is not the object.
 */
function isJobObject(object: Record<string, unknown>): boolean {
  return object.kind === undefined || object.kind === 'CronJob' || object.kind === 'Job';
}

function asKind(object: Record<string, unknown>, kind: string): Record<string, unknown> {
  const apiVersion = typeof object.apiVersion === 'string' && object.apiVersion.startsWith('batch/') ? object.apiVersion : 'batch/v1';
  return { ...object, kind: object.kind ?? kind, apiVersion };
}
