import { ATTACKER_TOOLS } from '../indicators/attacker-tooling.js';
import { DANGEROUS_CAPABILITIES } from '../indicators/dangerous-capabilities.js';
import { celString, celStringList, globsToRe2 } from './cel-text.js';
import { normalisedSegmentsCel, sensitiveSegmentsCel, writableMountCel, writableSensitiveSegmentsCel } from './host-path-cel.js';
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
    name: 'hostPathVolumes',
    expression: '(has(variables.podSpec.volumes) ? variables.podSpec.volumes.filter(v, has(v.hostPath)) : [])',
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
    { indicator: 'host-path-mount', scope: 'pod', exact: true, violation: 'size(variables.hostPathVolumes) > 0' },
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
      // its budget on one normalisation per volume instead of one per mount). No path is an invalid
      // volume, not a mount of `/`.
      violation:
        `variables.hostPathVolumes.exists(v, has(v.hostPath.path) && v.hostPath.path != '' && [${normalisedSegmentsCel('v.hostPath.path')}]` +
        `.exists(s, ${sensitiveSegmentsCel('s')} || (${writableSensitiveSegmentsCel('s')} && ${writableMountCel('v')})))`,
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
