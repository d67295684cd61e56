/**
 * The objects kubectl sends for one decoded document. Any object with a top-level `items` list is a
 * list, whatever its kind: it is replaced by its items (a Job with `items: []` sends nothing), and an
 * item with neither `kind` nor `apiVersion` takes the list's `apiVersion` and its kind minus `List`
 * (`CronJobList` items are CronJobs). What kubectl refuses comes back as a problem at its pointer.
 */
import { joinPointer } from '../util/json-pointer.js';
import { isRecord } from '../util/record.js';

export interface ManifestObject {
  value: Record<string, unknown>;
  /** JSON pointer of the object in its document (`''`, or `/items/3`). */
  path: string;
}

export interface ObjectProblem {
  message: string;
  pointer: string;
  /** A note: kubectl accepts this, but what it sends differs from what is written. */
  skipped?: true;
}

/**
 * Whether a problem is reported. kubectl refuses a file with a document it cannot read as an object;
 * but a file that holds no Kubernetes object at all (a Helm `values.yaml`, a `package.json` in a
 * scanned folder) is simply not a manifest, and stays quiet unless the document looks like one.
 */
export function isReported(problem: ObjectProblem, document: unknown, fileHasObjects: boolean): boolean {
  return problem.skipped === true || fileHasObjects || looksLikeKubernetes(document);
}

function looksLikeKubernetes(document: unknown): boolean {
  const typed = (value: unknown): boolean => isRecord(value) && (has(value, 'kind') || has(value, 'apiVersion'));
  return typed(document) || (Array.isArray(document) && document.some(typed));
}

const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

export function kubernetesObjects(document: unknown): { objects: ManifestObject[]; problems: ObjectProblem[] } {
  const objects: ManifestObject[] = [];
  const problems: ObjectProblem[] = [];
  if (!isRecord(document)) {
    problems.push({ message: `${Array.isArray(document) ? 'a list' : 'a scalar'}, not a Kubernetes object (kubectl refuses it)`, pointer: '' });
    return { objects, problems };
  }
  if (!has(document, 'items')) {
    if (typeof document.kind !== 'string' || document.kind === '') problems.push({ message: 'object has no `kind` (kubectl refuses it)', pointer: '' });
    else objects.push({ value: document, path: '' });
    return { objects, problems };
  }
  const items = document.items;
  if (!Array.isArray(items)) {
    problems.push({ message: '`items` is not a list: kubectl cannot read this object as a list and refuses it', pointer: '/items' });
    return { objects, problems };
  }
  const listKind = typeof document.kind === 'string' ? document.kind : '';
  if (listKind !== 'List' && !listKind.endsWith('List')) {
    problems.push({ message: `a top-level \`items\` field makes kubectl treat this ${listKind || 'object'} as a list: only its items are sent`, pointer: '/items', skipped: true });
  }
  items.forEach((item, index) => {
    const path = joinPointer('', 'items', index);
    if (!isRecord(item)) {
      problems.push({ message: `list item is ${item === null ? 'null' : Array.isArray(item) ? 'a list' : 'a scalar'}, not an object (kubectl refuses it)`, pointer: path });
      return;
    }
    if (has(item, 'items')) {
      problems.push({ message: 'a list inside a list (kubectl refuses it)', pointer: path });
      return;
    }
    const value = inherited(item, document, listKind);
    if (typeof value.kind !== 'string' || value.kind === '') problems.push({ message: 'list item has no `kind` (kubectl refuses it)', pointer: path });
    else if (typeof value.apiVersion !== 'string' || value.apiVersion === '') problems.push({ message: 'list item has no `apiVersion` (kubectl refuses it)', pointer: path });
    else objects.push({ value, path });
  });
  return { objects, problems };
}

/** An item with neither `kind` nor `apiVersion` is typed by its list (`CronJobList` -> `CronJob`). */
function inherited(item: Record<string, unknown>, list: Record<string, unknown>, listKind: string): Record<string, unknown> {
  if (has(item, 'kind') || has(item, 'apiVersion')) return item;
  const kind = listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : '';
  // A spread copies own properties as data, a `__proto__` key included, never touching a prototype.
  return { ...item, ...(kind ? { kind } : {}), ...(typeof list.apiVersion === 'string' ? { apiVersion: list.apiVersion } : {}) };
}
