import { ATTACKER_TOOLS } from '../indicators/attacker-tooling.js';
import { DANGEROUS_CAPABILITIES } from '../indicators/dangerous-capabilities.js';
import { POLICY_RUNTIME_SOCKETS as RUNTIME_SOCKETS, POLICY_SENSITIVE_TREES as SENSITIVE_TREES, POLICY_SOCKET_DIRECTORIES as SOCKET_DIRECTORIES } from '../indicators/sensitive-mount.js';
import { celString, celStringList, globsToRe2 } from './cel-text.js';
import type { PolicyCheck } from './policy-check.js';

/**
 * The indicators that read only the pod spec's structure, written in CEL that decides exactly what the
 * core's checks decide. The lists come from the indicator modules, so an entry added there is in the
 * next compiled policy too (the differential test holds the two to agreement on every fixture).
 */

/** `c.a.b.c == true`, with every step guarded: an absent field is false, not an error. */
function isTrue(root: string, path: readonly string[]): string {
  const guards = path.map((_, index) => `has(${[root, ...path.slice(0, index + 1)].join('.')})`);
  return `${guards.join(' && ')} && ${[root, ...path].join('.')} == true`;
}

/**
 * Up to this many segments, a host path with `..` is normalised exactly; a longer one cannot be
 * normalised within CEL's bounds and counts as sensitive. The API server rejects `..` in
 * hostPath and subPath before admission policies run, so that branch only matters off-cluster.
 */
export const MAX_NORMALISED_SEGMENTS = 16;

/**
 * CEL for the normalised form of the host path `p`, as `normaliseHostPath` computes it: empty and `.`
 * segments dropped, `..` pops. CEL has no loops, so a segment `i` is kept when no later prefix has
 * more `..` than names since `i` (which is what popping it would need); the clamping at `/` never
 * touches a segment that is still on the stack.
 */
export function normalisedPathCel(p: string): string {
  const indexes = `[${Array.from({ length: MAX_NORMALISED_SEGMENTS }, (_, index) => index).join(', ')}]`;
  const depth = `${indexes}.filter(i, i < size(s)).map(i, 2 * size(${indexes}.filter(k, k <= i && k < size(s) && s[k] != '..')) - i)`;
  const kept = `${indexes}.filter(i, i < size(s) && s[i] != '..' && ${indexes}.all(j, j <= i || j >= size(s) || d[j] >= d[i]))`;
  return (
    `[${p}.split('/').filter(t, t != '' && t != '.')].map(s, !('..' in s) ? '/' + s.join('/') : ` +
    `size(s) > ${MAX_NORMALISED_SEGMENTS} ? '/' : [${depth}].map(d, '/' + ${kept}.map(i, s[i]).join('/'))[0])[0]`
  );
}

/** CEL deciding whether the normalised host path `n` is sensitive, from the sensitive-mount lists. */
export function sensitivePathCel(n: string): string {
  const exact = ['/', ...RUNTIME_SOCKETS, ...SOCKET_DIRECTORIES];
  return `(${n} in ${celStringList(exact)} || ${celStringList(SENSITIVE_TREES)}.exists(t, ${n} == t || ${n}.startsWith(t + '/')))`;
}

/** Variables the checks share: the pod spec at either kind's path, every container of it, and its host paths. */
export const POD_VARIABLES: ReadonlyArray<{ name: string; expression: string }> = [
  {
    name: 'podSpec',
    expression: "object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
  },
  {
    name: 'containers',
    expression:
      '(has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + ' +
      '(has(variables.podSpec.containers) ? variables.podSpec.containers : []) + ' +
      '(has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])',
  },
  {
    name: 'hostPaths',
    expression:
      "(has(variables.podSpec.volumes) ? variables.podSpec.volumes.filter(v, has(v.hostPath)) : [])" +
      ".map(v, has(v.hostPath.path) ? v.hostPath.path : '')",
  },
];

/** The image's repository name, as `parseImageReference` reads it: last path segment, no tag or digest, lower case. */
function imageNameCel(image: string): string {
  return `[${image}.trim().split('@')[0]].map(w, w.substring(w.lastIndexOf('/') + 1))[0].split(':')[0].lowerAscii()`;
}

const HAS_IMAGE = `has(c.image) && c.image.trim() != ''`;

export function structuralChecks(customImages: readonly string[]): PolicyCheck[] {
  const toolImage = `${imageNameCel('c.image')}.matches(${celString(`^(${ATTACKER_TOOLS.join('|')})($|[-_.]|[0-9])`)})`;
  const customImage = customImages.length > 0 ? ` || c.image.trim().matches(${celString(globsToRe2(customImages))})` : '';
  const capability = `x.trim().upperAscii()`;
  return [
    { indicator: 'attacker-tooling', scope: 'container', exact: true, violation: `${HAS_IMAGE} && (${toolImage}${customImage})` },
    { indicator: 'host-path-mount', scope: 'pod', exact: true, violation: 'size(variables.hostPaths) > 0' },
    {
      indicator: 'privileged-container',
      scope: 'container',
      exact: true,
      violation:
        `(${isTrue('c', ['securityContext', 'privileged'])}) || (${isTrue('c', ['securityContext', 'windowsOptions', 'hostProcess'])}) || ` +
        `(${isTrue('variables.podSpec', ['securityContext', 'windowsOptions', 'hostProcess'])})`,
    },
    { indicator: 'host-network', scope: 'pod', exact: true, violation: isTrue('variables.podSpec', ['hostNetwork']) },
    {
      indicator: 'sensitive-mount',
      scope: 'pod',
      exact: true,
      // A mount's subPath only goes deeper under its volume's path, and every parent of a sensitive
      // path is sensitive too: the volume's own path decides, whatever the subPaths (and CEL spends
      // its budget on one normalisation per volume instead of one per mount).
      violation: `variables.hostPaths.exists(p, p != '' && [${normalisedPathCel('p')}].exists(n, ${sensitivePathCel('n')}))`,
    },
    { indicator: 'host-pid', scope: 'pod', exact: true, violation: isTrue('variables.podSpec', ['hostPID']) },
    { indicator: 'host-ipc', scope: 'pod', exact: true, violation: isTrue('variables.podSpec', ['hostIPC']) },
    {
      indicator: 'dangerous-capabilities',
      scope: 'container',
      exact: true,
      violation:
        `has(c.securityContext) && has(c.securityContext.capabilities) && has(c.securityContext.capabilities.add) && ` +
        `c.securityContext.capabilities.add.exists(x, (${capability}.startsWith('CAP_') ? ${capability}.substring(4) : ${capability}) in ${celStringList(DANGEROUS_CAPABILITIES)})`,
    },
    {
      indicator: 'privilege-escalation',
      scope: 'container',
      exact: true,
      violation: isTrue('c', ['securityContext', 'allowPrivilegeEscalation']),
    },
  ];
}
