import { RUNTIME_SOCKETS, SENSITIVE_TREES, SOCKET_DIRECTORIES, WRITABLE_SENSITIVE_TREES } from '../indicators/sensitive-mount.js';
import { celString } from './cel-text.js';

/**
 * The sensitive-mount lists in CEL, decided on a host path's segments. Kubernetes charges a string
 * comparison by the length of the shorter side and `startsWith` by the length of the path, and it
 * must assume a path as long as the largest it admits: comparing a whole path against every list
 * entry costs over twice its per-expression limit. Comparing one segment at a time against the
 * constant names of a tree of the lists costs a few units per step instead, so the policy carries the
 * lists in full, as the core judges them.
 */

/**
 * Up to this many segments, a host path with `..` is normalised exactly; a longer one cannot be
 * normalised within CEL's bounds and counts as sensitive. The API server rejects `..` in
 * hostPath and subPath before admission policies run, so that branch only matters off-cluster.
 */
export const MAX_NORMALISED_SEGMENTS = 16;

/**
 * CEL for the segments of the host path `p` once normalised as `normaliseHostPath` does: empty and
 * `.` segments dropped, `..` pops (`[]` is `/`). CEL has no loops, so a segment `i` is kept when no
 * later prefix has more `..` than names since `i` (which is what popping it would need); the
 * clamping at `/` never touches a segment that is still on the stack.
 */
export function normalisedSegmentsCel(p: string): string {
  const indexes = `[${Array.from({ length: MAX_NORMALISED_SEGMENTS }, (_, index) => index).join(', ')}]`;
  const depth = `${indexes}.filter(i, i < size(s)).map(i, 2 * size(${indexes}.filter(k, k <= i && k < size(s) && s[k] != '..')) - i)`;
  const kept = `${indexes}.filter(i, i < size(s) && s[i] != '..' && ${indexes}.all(j, j <= i || j >= size(s) || d[j] >= d[i]))`;
  return (
    `[${p}.split('/').filter(t, t != '' && t != '.')].map(s, !('..' in s) ? s : ` +
    `size(s) > ${MAX_NORMALISED_SEGMENTS} ? [] : [${depth}].map(d, ${kept}.map(i, s[i]))[0])[0]`
  );
}

/** One node of a tree of paths: `/var/run` is the child `run` of the child `var` of the root. */
interface PathNode {
  /** The path itself is sensitive. */
  exact: boolean;
  /** The path and everything under it is sensitive. */
  whole: boolean;
  children: Map<string, PathNode>;
}

function pathTree(exact: readonly string[], whole: readonly string[]): PathNode {
  const root: PathNode = { exact: false, whole: false, children: new Map() };
  const add = (path: string, mark: 'exact' | 'whole') => {
    let node = root;
    for (const name of path.split('/').filter((segment) => segment !== '')) {
      let child = node.children.get(name);
      if (!child) node.children.set(name, (child = { exact: false, whole: false, children: new Map() }));
      node = child;
    }
    node[mark] = true;
  };
  for (const path of exact) add(path, 'exact');
  for (const path of whole) add(path, 'whole');
  return root;
}

/**
 * CEL deciding, for the segments `s` of a normalised path whose first `depth` segments lead to
 * `node`, whether the path is marked in the tree. Every index is read only after `size(s)` says
 * it exists.
 */
function nodeCel(s: string, node: PathNode, depth: number): string {
  if (node.whole) return 'true';
  const names = [...node.children.keys()].sort();
  const below = names.map((name) => {
    const step = `${s}[${depth}] == ${celString(name)}`;
    const rest = nodeCel(s, node.children.get(name)!, depth + 1);
    return rest === 'true' ? step : `${step} && ${rest}`;
  });
  if (below.length === 0) return node.exact ? `size(${s}) == ${depth}` : 'false';
  return `(size(${s}) == ${depth} ? ${node.exact} : ${below.length === 1 ? below[0] : below.map((term) => `(${term})`).join(' || ')})`;
}

/** CEL deciding whether the normalised segments `s` name a path the core always finds sensitive. */
export function sensitiveSegmentsCel(s: string): string {
  return nodeCel(s, pathTree(['/', ...RUNTIME_SOCKETS, ...SOCKET_DIRECTORIES], SENSITIVE_TREES), 0);
}

/** CEL deciding whether the normalised segments `s` lie in a tree that is sensitive when writable (`/var/log`). */
export function writableSensitiveSegmentsCel(s: string): string {
  return nodeCel(s, pathTree([], WRITABLE_SENSITIVE_TREES), 0);
}

/**
 * CEL deciding whether some container mounts the volume `v` without `readOnly: true`, as
 * `mountedPaths` pairs mounts with volumes (by name; a nameless mount goes with a nameless volume).
 */
export function writableMountCel(v: string): string {
  const sameName = `(has(m.name) ? has(${v}.name) && m.name == ${v}.name : !has(${v}.name))`;
  const writable = `!(has(m.readOnly) && m.readOnly == true)`;
  return `variables.containers.exists(c, has(c.volumeMounts) && c.volumeMounts.exists(m, ${sameName} && ${writable}))`;
}
