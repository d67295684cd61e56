import type { Container } from 'kubernetes-types/core/v1.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { isRecord } from '../util/record.js';
import { hostPathVolumes, normaliseHostPath } from './host-volumes.js';

/** A host directory or file as one container sees it: mounted at `mountPath`, coming from `hostPath` on the node. */
export interface HostMount {
  mountPath: string;
  hostPath: string;
}

/** The hostPath volumes a container mounts, with `subPath` joined onto the host side. */
export function hostMountsOf(template: PodTemplate, container: Container): HostMount[] {
  const byName = new Map<string, string>();
  for (const { volume, hostPath } of hostPathVolumes(template)) {
    if (typeof volume.name === 'string' && hostPath !== '') byName.set(volume.name, hostPath);
  }
  if (byName.size === 0 || !Array.isArray(container.volumeMounts)) return [];
  const mounts: HostMount[] = [];
  for (const mount of container.volumeMounts as unknown[]) {
    if (!isRecord(mount) || typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
    const hostPath = byName.get(mount.name);
    if (hostPath === undefined) continue;
    const subPath = typeof mount.subPath === 'string' ? mount.subPath : '';
    mounts.push({ mountPath: normaliseHostPath(mount.mountPath), hostPath: normaliseHostPath(`${hostPath}/${subPath}`) });
  }
  return mounts;
}

/** The node path a container path reaches through a host mount (`/host/etc/cron.d/x` → `/etc/cron.d/x`), if any. */
export function hostPathFor(mounts: readonly HostMount[], containerPath: string): string | undefined {
  const path = normaliseHostPath(containerPath);
  let best: HostMount | undefined;
  for (const mount of mounts) {
    const inside = path === mount.mountPath || path.startsWith(mount.mountPath === '/' ? '/' : mount.mountPath + '/');
    if (inside && (!best || mount.mountPath.length > best.mountPath.length)) best = mount;
  }
  if (!best) return undefined;
  return normaliseHostPath(`${best.hostPath}/${path.slice(best.mountPath.length)}`);
}
