import type { Volume } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../util/json-pointer.js';
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

export interface MountedPath {
  container: string;
  /** The mount's `subPath` (or `subPathExpr`, as written), `''` when it mounts the whole volume. */
  subPath: string;
  /** The host path the container sees: the volume's path joined with the subPath, normalised. */
  path: string;
  readOnly: boolean;
}

/** Where the containers mount a host-path volume: the volume's path joined with each mount's subPath. */
export function mountedPaths(template: PodTemplate, volume: HostPathVolume): MountedPath[] {
  const name = volume.volume?.name;
  const found: MountedPath[] = [];
  for (const { container } of template.containers) {
    const mounts: unknown = container.volumeMounts;
    if (!Array.isArray(mounts)) continue;
    for (const mount of mounts as Array<Record<string, unknown> | null>) {
      if (mount === null || typeof mount !== 'object' || mount.name !== name) continue;
      const written = typeof mount.subPath === 'string' && mount.subPath !== '' ? mount.subPath : typeof mount.subPathExpr === 'string' ? mount.subPathExpr : '';
      found.push({
        container: typeof container.name === 'string' ? container.name : '?',
        subPath: written,
        path: normaliseHostPath(written === '' ? volume.hostPath : `${volume.hostPath}/${written}`),
        readOnly: mount.readOnly === true,
      });
    }
  }
  return found;
}
