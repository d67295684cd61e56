import type { JobSentinelConfig } from '../config/config.js';
import { tunedSeverity } from '../config/tuning.js';
import { imagesOf } from '../analyse.js';
import { ContentMemo } from '../content-memo.js';
import type { CheckContext, Indicator, IndicatorHit } from '../indicators/index.js';
import { isRecord, podTemplateOf, type PodTemplate } from '../manifest/pod-templates.js';
import type { AuditEvent } from './event.js';
import { isJsonPatch, isUnder, patchWrites } from './json-patch.js';
import type { AuditIndicatorHit, UninspectableReason } from './model.js';

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

export type Verdict = { inspectable: false; reason: UninspectableReason } | { inspectable: true; hits: AuditIndicatorHit[] };

/** What AKS logs instead of a body over its size limit. */
const DROPPED_BODY = 'skipped-too-big-size-object';

/**
 * Judges the body of a job write: the request body (a full object, a JSON Patch judged at the paths it
 * writes, or a merge / strategic-merge / apply body taken as the partial object it is), or the response
 * object when no request body was logged. No body at all (Metadata level) cannot be judged.
 */
export function judgeJobWrite(event: AuditEvent, config: JobSentinelConfig, templates: TemplateJudge): Verdict {
  const kind = JOB_RESOURCES.get(event.resource);
  const body = kind && bodyOf(event, kind);
  if (!body) return { inspectable: false, reason: whyUninspectable(event) };
  const template = podTemplateOf(body.object, '');
  if (!template) return { inspectable: true, hits: [] };
  const namespace = event.namespace ?? template.namespace;
  const hits: AuditIndicatorHit[] = [];
  for (const { indicator, hit, images } of templates.hitsOf(template)) {
    if (body.written && !isUnder(hit.path, body.written)) continue;
    // The jobsentinel.io/ignore annotation is not honoured here: in an audit log it is written by
    // the requester, so it would let an attacker switch detection off for their own job.
    const severity = tunedSeverity(config, indicator, hit.severity ?? indicator.severity, { namespace, images, user: event.user ?? undefined });
    if (severity === null) continue;
    hits.push({ indicator: indicator.id, severity, message: hit.message, path: hit.path, evidence: hit.evidence });
  }
  return { inspectable: true, hits };
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
        indicator.check(template, (hit) => hits.push({ indicator, hit, images: imagesOf(template, hit) }), this.context);
      }
      return hits;
    });
  }
}

interface Body {
  object: Record<string, unknown>;
  /** For JSON Patches: the paths written; hits elsewhere are not the request's doing. */
  written?: string[];
}

function bodyOf(event: AuditEvent, kind: 'CronJob' | 'Job'): Body | undefined {
  const request = event.requestObject;
  if (isJsonPatch(request)) {
    const writes = patchWrites(request);
    return { object: asKind(writes.object, kind), written: writes.paths };
  }
  if (isRecord(request) && isJobObject(request)) return { object: asKind(request, kind) };
  const response = event.responseObject;
  if (request === undefined && isRecord(response) && isJobObject(response)) return { object: asKind(response, kind) };
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
