import { TEMPLATE_PATHS } from '../manifest/pod-templates.js';
import type { JsonWalk, PathTree } from './shallow-json.js';

/** Where the pod spec is in a request body, per kind. */
const POD_SPEC_PATHS = Object.values(TEMPLATE_PATHS).map((path) => ['requestObject', ...path, 'spec']);
/** Members that make a record a wrapper of events rather than one. */
const WRAPPERS = ['items', 'records', 'events', 'logEvents', 'hits'];

/**
 * What a record walk reads for the key: the request body's kind and apiVersion (they pick the pod
 * template's path) and the pod spec at either path; and the wrapper members, to refuse them.
 */
export const BODY_PATHS = treeOf([['requestObject', 'kind'], ['requestObject', 'apiVersion'], ...POD_SPEC_PATHS, ...WRAPPERS.map((wrapper) => [wrapper])]);
const POD_SPEC_KEYS = POD_SPEC_PATHS.map((path) => path.join('/'));

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Characters of pod specs remembered per scan: memory stays bounded whatever their size. */
const MAX_REMEMBERED_CHARS = 8 << 20;

/** A body's kind, apiVersion and where its pod spec is; and the pod spec's text. */
export interface BodyKey {
  shape: string;
  podSpec: string;
}

/**
 * Job-write bodies that no indicator fires on, remembered by the text the judgement reads. A CronJob's
 * Jobs repeat one pod spec thousands of times in a log and differ in names and labels, which no
 * indicator reads (they read the pod spec only); a body whose kind, apiVersion and pod spec are,
 * character for character, those of a body already judged clean is clean, so its record need not be
 * parsed at all. Only records whose text stands for its parsed value qualify (see `JsonWalk`).
 */
export class CleanBodies {
  /** Pod specs by the rest of the key: looking one up hashes the spec's text once, without copying it. */
  private readonly known = new Map<string, Set<string>>();
  private readonly order: Array<[string, string]> = [];
  private chars = 0;

  /**
   * The key of a kube-apiserver event's request body, walking the rest of the record from where the
   * probe stopped; undefined when the record cannot be keyed safely.
   */
  keyOf(walk: JsonWalk, resource: string): BodyKey | undefined {
    if (!walk.walk() || !walk.complete) return undefined;
    const { values } = walk;
    if (!values.has('requestObject') || WRAPPERS.some((wrapper) => values.has(wrapper))) return undefined;
    const found = POD_SPEC_KEYS.filter((path) => values.has(path));
    if (found.length > 1) return undefined;
    const kind = values.get('requestObject/kind') ?? '';
    const apiVersion = values.get('requestObject/apiVersion') ?? '';
    return {
      // Length-prefixed, so that no two different sets of parts make one key.
      shape: `${resource}|${found[0] ?? ''}|${kind.length}:${kind}|${apiVersion.length}:${apiVersion}`,
      podSpec: found.length === 0 ? '' : values.get(found[0])!,
    };
  }

  has(key: BodyKey): boolean {
    return this.known.get(key.shape)?.has(key.podSpec) ?? false;
  }

  add(key: BodyKey): void {
    if (this.has(key) || key.podSpec.length > MAX_REMEMBERED_CHARS) return;
    while (this.chars + key.podSpec.length > MAX_REMEMBERED_CHARS) {
      const [shape, podSpec] = this.order.shift()!;
      this.known.get(shape)!.delete(podSpec);
      this.chars -= podSpec.length;
    }
    let specs = this.known.get(key.shape);
    if (!specs) this.known.set(key.shape, (specs = new Set()));
    // A copy: the text is a slice of its record, which it would keep alive.
    const podSpec = decoder.decode(encoder.encode(key.podSpec));
    specs.add(podSpec);
    this.order.push([key.shape, podSpec]);
    this.chars += key.podSpec.length;
  }
}

function treeOf(paths: readonly string[][]): PathTree {
  const tree: Record<string, PathTree | true> = {};
  for (const key of new Set(paths.map(([first]) => first))) {
    const inside = paths.filter(([first]) => first === key).map(([, ...rest]) => rest);
    tree[key] = inside.some((rest) => rest.length === 0) ? true : treeOf(inside);
  }
  return tree;
}
