/**
 * A ValidatingAdmissionWebhook's judgement of one `admission.k8s.io/v1` AdmissionReview: the full
 * analysis of a Job or CronJob (commands included), answered with warnings or, when enforcing, a
 * denial. Pure: the host reads the body and writes the answer.
 */
import { analyseManifest } from '../analyse.js';
import type { JobSentinelConfig } from '../config/config.js';
import type { ScanMemo } from '../indicators/scan-memo.js';
import { IGNORE_ANNOTATION } from '../suppression.js';
import { isRecord } from '../util/record.js';
import type { Finding, Severity } from '../model.js';
import type { PatternEngine } from '../patterns/types.js';

export interface AdmissionOptions {
  config?: JobSentinelConfig;
  patternEngine?: PatternEngine;
  /** Deny requests with error or warning findings instead of only warning about them. */
  enforce?: boolean;
  /** What to remember across requests (see `AnalyseOptions.memo`): a server passes one `ScanMemo` to every review. */
  memo?: ScanMemo;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  warnings?: string[];
  status?: { code: number; reason: string; message: string; status: 'Failure' };
}

/** The HTTP answer: 200 with a review, or 400 with the reason the request is not a review. */
export type AdmissionAnswer =
  | { status: 200; review: { apiVersion: string; kind: 'AdmissionReview'; response: AdmissionResponse }; findings: Finding[] }
  | { status: 400; reason: string };

/** Findings of these severities deny under `enforce`; information and hints stay warnings. */
const DENYING: ReadonlySet<Severity> = new Set(['error', 'warning']);
const REVIEW_VERSIONS = new Set(['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']);
/** kubectl shows each warning on its own line; the API server truncates long ones and caps the total. */
const MAX_WARNING = 240;
const MAX_WARNINGS = 20;
const MAX_DENIAL = 4000;

/** Answers the text of an AdmissionReview request body. Never throws. */
export function reviewAdmission(body: string, options: AdmissionOptions = {}): AdmissionAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { status: 400, reason: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(parsed)) return { status: 400, reason: 'the body is not a JSON object' };
  if (parsed.kind !== 'AdmissionReview') return { status: 400, reason: 'the body is not an AdmissionReview (kind)' };
  const apiVersion = typeof parsed.apiVersion === 'string' ? parsed.apiVersion : '';
  if (!REVIEW_VERSIONS.has(apiVersion)) return { status: 400, reason: `unsupported AdmissionReview apiVersion "${printable(apiVersion, 80)}"; send admission.k8s.io/v1` };
  const request = parsed.request;
  if (!isRecord(request)) return { status: 400, reason: 'the AdmissionReview has no request' };
  if (typeof request.uid !== 'string' || request.uid === '') return { status: 400, reason: 'the AdmissionReview request has no uid' };
  const uid = request.uid;
  const answer = (response: Omit<AdmissionResponse, 'uid'>, findings: Finding[] = []): AdmissionAnswer => ({
    status: 200,
    review: { apiVersion, kind: 'AdmissionReview', response: { uid, ...response } },
    findings,
  });

  const object = request.object;
  if (!isJobWrite(request) || !isRecord(object)) return answer({ allowed: true });
  const result = analyseManifest(JSON.stringify(asAdmitted(object, request.namespace)), 'admission-request', options);
  const findings = result.findings;
  const notes = result.errors.filter((error) => !error.skipped).map((error) => `jobsentinel could not analyse all of this object: ${error.message}`);
  if (options.enforce && findings.some((finding) => DENYING.has(finding.severity))) {
    return answer(
      {
        allowed: false,
        status: {
          code: 403,
          reason: 'Forbidden',
          status: 'Failure',
          message: printable(`jobsentinel denied this ${String(object.kind)}: ${findings.map(describe).join('; ')}`, MAX_DENIAL),
        },
      },
      findings,
    );
  }
  const warnings = [...findings.map(describe), ...notes];
  return answer(warnings.length === 0 ? { allowed: true } : { allowed: true, warnings: capped(warnings) }, findings);
}

/** Creates and updates of batch Jobs and CronJobs themselves (not their status). */
function isJobWrite(request: Record<string, unknown>): boolean {
  const kind = isRecord(request.kind) ? request.kind : {};
  return (
    kind.group === 'batch' &&
    (kind.kind === 'Job' || kind.kind === 'CronJob') &&
    (request.operation === 'CREATE' || request.operation === 'UPDATE') &&
    (request.subResource === undefined || request.subResource === '')
  );
}

/**
 * The object as the analysis should see it: in the request's namespace (the object may omit it), and
 * without the ignore annotation, which whoever writes the Job writes (as for audit logs).
 */
function asAdmitted(object: Record<string, unknown>, namespace: unknown): Record<string, unknown> {
  const copy = { ...object };
  const metadata = isRecord(object.metadata) ? { ...object.metadata } : {};
  if (typeof metadata.namespace !== 'string' && typeof namespace === 'string' && namespace !== '') metadata.namespace = namespace;
  copy.metadata = withoutIgnoreAnnotation(metadata);
  const spec = isRecord(object.spec) ? object.spec : undefined;
  if (spec) {
    copy.spec = object.kind === 'CronJob' && isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec)
      ? { ...spec, jobTemplate: { ...spec.jobTemplate, spec: withoutTemplateIgnore(spec.jobTemplate.spec) } }
      : withoutTemplateIgnore(spec);
  }
  return copy;
}

function withoutTemplateIgnore(spec: Record<string, unknown>): Record<string, unknown> {
  const template = spec.template;
  if (!isRecord(template) || !isRecord(template.metadata)) return spec;
  return { ...spec, template: { ...template, metadata: withoutIgnoreAnnotation(template.metadata) } };
}

function withoutIgnoreAnnotation(metadata: Record<string, unknown>): Record<string, unknown> {
  if (!isRecord(metadata.annotations) || !Object.hasOwn(metadata.annotations, IGNORE_ANNOTATION)) return metadata;
  const annotations = { ...metadata.annotations };
  delete annotations[IGNORE_ANNOTATION];
  return { ...metadata, annotations };
}

function describe(finding: Finding): string {
  return `[${finding.severity}] ${finding.indicator}: ${finding.message}`;
}

function capped(warnings: string[]): string[] {
  const shown = warnings.slice(0, MAX_WARNINGS).map((warning) => printable(warning, MAX_WARNING));
  if (warnings.length > MAX_WARNINGS) shown.push(`jobsentinel: ${warnings.length - MAX_WARNINGS} more findings not shown`);
  return shown;
}

/** Control characters out (the API server drops warnings that hold them), and long text cut with an ellipsis. */
function printable(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  // Never leave half of a surrogate pair.
  return (/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut) + '…';
}
