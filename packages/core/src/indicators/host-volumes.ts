import type { Volume } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../yaml/source-node.js';
import type { PodTemplate } from '../manifest/pod-templates.js';

export interface HostPathVolume {
  volume: Volume;
  /** JSON pointer of the volume's `hostPath` object. */
  path: string;
  hostPath: string;
}

export function hostPathVolumes(template: PodTemplate): HostPathVolume[] {
  const volumes = template.spec.volumes;
  if (!Array.isArray(volumes)) return [];
  const found: HostPathVolume[] = [];
  volumes.forEach((volume, index) => {
    const hostPath = volume?.hostPath;
    if (hostPath === null || typeof hostPath !== 'object') return;
    found.push({
      volume,
      path: joinPointer(template.specPath, 'volumes', index, 'hostPath'),
      hostPath: typeof hostPath.path === 'string' ? hostPath.path : '',
    });
  });
  return found;
}

/** `/var//run/./docker.sock/` → `/var/run/docker.sock`: the path the kubelet would mount. */
export function normaliseHostPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return '/' + segments.join('/');
}
