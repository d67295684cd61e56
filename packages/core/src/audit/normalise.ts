import { isRecord } from '../manifest/pod-templates.js';
import { dictionary, setOwn } from '../own.js';
import type { AuditEvent } from './event.js';
import { cloudIdentityOf, googleIdentityOf, impersonatedUserOf } from './identity.js';

/** Names of the formats, as reported to the user. */
export const ACCEPTED_FORMATS =
  'kube-apiserver audit events (JSON lines, a JSON array or an EventList, audit.k8s.io/v1 or v1beta1), ' +
  'Elastic documents (kubernetes.audit, nested or dotted keys) or an Elasticsearch _search response, ' +
  'AKS diagnostic exports (properties.log), GKE Cloud Audit Logs (protoPayload), ' +
  'EKS CloudWatch exports (message / @message, or an aws logs filter-log-events document)';

export interface NormalisedEvent {
  event: AuditEvent;
  format: string;
  /** The value the event was read from, for when its own text is needed. */
  source: unknown;
}

export interface Normalised {
  events: NormalisedEvent[];
  /** Values inside the record that are not audit events of any known format. */
  unrecognised: number;
}

const MAX_NESTING = 4;

/** Reads one parsed record, of whatever format, into audit events. */
export function normaliseRecord(value: unknown): Normalised {
  const result: Normalised = { events: [], unrecognised: 0 };
  collect(value, result, 0);
  return result;
}

function collect(value: unknown, into: Normalised, depth: number): void {
  if (depth > MAX_NESTING) {
    into.unrecognised++;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
    return;
  }
  if (!isRecord(value)) {
    into.unrecognised++;
    return;
  }
  const container = containedRecords(value);
  if (container) {
    for (const item of container) collect(item, into, depth + 1);
    return;
  }
  const found = recognise(value);
  if (found) into.events.push({ ...found, source: value });
  else into.unrecognised++;
}

/** The records inside a wrapper document (the same wrappers the document reader streams). */
function containedRecords(value: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(value.items) && (value.kind === 'EventList' || value.kind === 'List' || value.kind === undefined)) return value.items;
  if (Array.isArray(value.records)) return value.records;
  if (Array.isArray(value.events)) return value.events;
  if (Array.isArray(value.logEvents)) return value.logEvents;
  if (isRecord(value.hits) && Array.isArray(value.hits.hits)) return value.hits.hits;
  return undefined;
}

function recognise(value: Record<string, unknown>): { event: AuditEvent; format: string } | undefined {
  const kube = fromKubeEvent(value);
  if (kube) return { event: kube, format: 'kube-apiserver' };
  if (isRecord(value._source)) return recognise(value._source);
  const elastic = fromElastic(value);
  if (elastic) return { event: elastic, format: 'elastic' };
  if (isRecord(value.properties) && typeof value.properties.log === 'string') {
    const event = fromKubeEvent(parseJson(value.properties.log));
    return event && { event, format: 'aks' };
  }
  if (isRecord(value.protoPayload)) {
    const event = fromGke(value, value.protoPayload);
    return event && { event, format: 'gke' };
  }
  const message = typeof value.message === 'string' ? value.message : typeof value['@message'] === 'string' ? value['@message'] : undefined;
  if (message !== undefined) {
    const event = fromKubeEvent(parseJson(message));
    return event && { event, format: 'eks' };
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An `audit.k8s.io` Event (v1 or v1beta1). */
function fromKubeEvent(value: unknown): AuditEvent | undefined {
  if (!isRecord(value) || typeof value.verb !== 'string') return undefined;
  const declared = value.kind === 'Event' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('audit.k8s.io/');
  if (!declared && !(typeof value.auditID === 'string' && (isRecord(value.objectRef) || typeof value.requestURI === 'string'))) return undefined;
  return kubeFields(value);
}

function kubeFields(value: Record<string, unknown>): AuditEvent {
  const ref = isRecord(value.objectRef) ? value.objectRef : {};
  const user = isRecord(value.user) ? value.user : {};
  const status = isRecord(value.responseStatus) ? value.responseStatus : {};
  const annotations = isRecord(value.annotations) ? value.annotations : {};
  return {
    auditID: text(value.auditID),
    stage: text(value.stage),
    level: text(value.level),
    verb: value.verb as string,
    resource: text(ref.resource) ?? '',
    subresource: text(ref.subresource),
    apiGroup: text(ref.apiGroup),
    namespace: text(ref.namespace),
    name: text(ref.name),
    user: text(user.username),
    impersonatedUser: impersonatedUserOf(value.impersonatedUser),
    cloudIdentity: cloudIdentityOf(user),
    sourceIPs: Array.isArray(value.sourceIPs) ? value.sourceIPs.filter((ip): ip is string => typeof ip === 'string') : [],
    userAgent: text(value.userAgent),
    timestamp: text(value.stageTimestamp) ?? text(value.requestReceivedTimestamp) ?? text(value.timestamp),
    requestObject: value.requestObject ?? undefined,
    responseObject: value.responseObject ?? undefined,
    responseCode: typeof status.code === 'number' ? status.code : null,
    decision: text(annotations['authorization.k8s.io/decision']),
  };
}

/**
 * An Elastic document of the Kubernetes integration: the event under `kubernetes.audit`, nested or
 * with dotted keys. The integration drops `requestObject.metadata`; `event.original`, when kept,
 * holds the whole event and is preferred for its body.
 */
function fromElastic(document: Record<string, unknown>): AuditEvent | undefined {
  const nested = expandDottedKeys(document);
  const kubernetes = nested.kubernetes;
  const audit = isRecord(kubernetes) ? kubernetes.audit : undefined;
  if (!isRecord(audit) || typeof audit.verb !== 'string') return undefined;
  const event = kubeFields(audit);
  const original = isRecord(nested.event) && typeof nested.event.original === 'string' ? fromKubeEvent(parseJson(nested.event.original)) : undefined;
  if (original && event.requestObject === undefined && event.responseObject === undefined) {
    event.requestObject = original.requestObject;
    event.responseObject = original.responseObject;
  }
  event.timestamp ??= text(document['@timestamp']);
  return event;
}

/**
 * `{"kubernetes.audit.objectRef.resource": "jobs"}` → `{kubernetes: {audit: {objectRef: {resource: "jobs"}}}}`.
 * The keys are the document's text: `__proto__.x` builds a member named `__proto__`, in objects without a prototype.
 */
function expandDottedKeys(document: Record<string, unknown>): Record<string, unknown> {
  if (!Object.keys(document).some((key) => key.includes('.'))) return document;
  const nested = dictionary<unknown>();
  for (const [key, value] of Object.entries(document)) {
    const path = splitDotted(key);
    let into = nested;
    for (const segment of path.slice(0, -1)) {
      const existing = Object.hasOwn(into, segment) ? into[segment] : undefined;
      if (isRecord(existing)) {
        into = existing;
      } else {
        const created = dictionary<unknown>();
        setOwn(into, segment, created);
        into = created;
      }
    }
    const last = path[path.length - 1];
    const existing = Object.hasOwn(into, last) ? into[last] : undefined;
    setOwn(into, last, isRecord(value) && isRecord(existing) ? Object.assign(dictionary(), existing, value) : value);
  }
  return nested;
}

/** Annotation keys hold dots of their own (`authorization.k8s.io/decision`): they stay whole. */
function splitDotted(key: string): string[] {
  const at = key.indexOf('.annotations.');
  if (at === -1) return key.split('.');
  return [...key.slice(0, at).split('.'), 'annotations', key.slice(at + '.annotations.'.length)];
}

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const NOT_KUBERNETES: AuditEvent = {
  auditID: null, stage: null, level: null, verb: '', resource: '', subresource: null, apiGroup: null, namespace: null, name: null,
  user: null, impersonatedUser: null, cloudIdentity: null, sourceIPs: [], userAgent: null, timestamp: null, requestObject: undefined, responseObject: undefined, responseCode: null, decision: null,
};
/** google.rpc codes in GKE entries, as the HTTP status the API server answered. */
const RPC_TO_HTTP = new Map<number, number>([[0, 200], [3, 400], [5, 404], [6, 409], [7, 403], [16, 401]]);

/**
 * A GKE Cloud Audit Logs entry: `methodName` `io.k8s.batch.v1.cronjobs.create` gives group, resource,
 * subresource and verb; `resourceName` `batch/v1/namespaces/ns/cronjobs/name` the object; the
 * operation id is the audit ID.
 */
function fromGke(entry: Record<string, unknown>, payload: Record<string, unknown>): AuditEvent | undefined {
  const method = text(payload.methodName);
  if (method === null) return undefined;
  const segments = method.startsWith('io.k8s.') ? method.slice('io.k8s.'.length).split('.') : [];
  const version = segments.findIndex((segment) => VERSION.test(segment));
  const rest = segments.slice(version + 1);
  // Another Google service's entry (BigQuery and Cloud Run have "jobs" too) in the same export: an
  // audit event, of nothing in Kubernetes.
  if (version === -1 || rest.length < 2) return { ...NOT_KUBERNETES, verb: method, auditID: text(isRecord(entry.operation) ? entry.operation.id : undefined) };
  const resource = rest[0];
  const verb = rest[rest.length - 1];
  const group = segments.slice(0, version).join('.');
  const path = (text(payload.resourceName) ?? '').split('/');
  const at = path.indexOf('namespaces');
  const namespace = at === -1 ? null : path[at + 1] ?? null;
  const resourceAt = path.indexOf(resource, at === -1 ? 0 : at + 2);
  const name = resourceAt === -1 ? null : path[resourceAt + 1] ?? null;
  const operation = isRecord(entry.operation) ? entry.operation : {};
  const authentication = isRecord(payload.authenticationInfo) ? payload.authenticationInfo : {};
  const metadata = isRecord(payload.requestMetadata) ? payload.requestMetadata : {};
  const status = isRecord(payload.status) ? payload.status : {};
  const labels = isRecord(entry.labels) ? entry.labels : {};
  const request = payload.request ?? undefined;
  const response = payload.response ?? undefined;
  const code = typeof status.code === 'number' ? status.code : 0;
  return {
    auditID: text(operation.id) ?? text(entry.insertId),
    stage: null,
    level: request === undefined && response === undefined ? 'Metadata' : 'RequestResponse',
    verb,
    resource,
    subresource: rest.length > 2 ? rest.slice(1, -1).join('/') : null,
    apiGroup: group === 'core' ? '' : group,
    namespace,
    name,
    user: text(authentication.principalEmail),
    impersonatedUser: null,
    cloudIdentity: googleIdentityOf(text(authentication.principalEmail)),
    sourceIPs: typeof metadata.callerIp === 'string' ? [metadata.callerIp] : [],
    userAgent: text(metadata.callerSuppliedUserAgent),
    timestamp: text(entry.timestamp) ?? text(entry.receiveTimestamp),
    requestObject: request,
    responseObject: response,
    responseCode: RPC_TO_HTTP.get(code) ?? 500,
    decision: text(labels['authorization.k8s.io/decision']),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A string that says something: an empty one is as good as none. */
export function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
