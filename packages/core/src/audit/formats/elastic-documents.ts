import { isRecord } from '../../util/record.js';
import { dictionary, setOwn } from '../../own.js';
import type { AuditEvent } from '../event.js';
import { parseJson, text, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent, kubeFields } from './kube-apiserver.js';

/**
 * An Elastic document of the Kubernetes integration: the event under `kubernetes.audit`, nested or
 * with dotted keys. The integration drops `requestObject.metadata`; `event.original`, when kept,
 * holds the whole event and is preferred for its body.
 */
function fromElastic(document: Record<string, unknown>): AuditEvent | undefined {
  if (isRecord(document._source)) return fromElastic(document._source);
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

export const elasticDocuments: AuditFormatAdapter = {
  name: 'elastic',
  doc: 'Elastic documents of the Kubernetes integration (kubernetes.audit.*, nested or dotted keys), one per line, or an Elasticsearch _search response (hits.hits[]._source)',
  wrapperKeys: ['hits'],
  markers: ['kubernetes.audit'],
  read: fromElastic,
};
