import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { hostPathVolumes, mountedPaths, normaliseHostPath, type HostPathVolume } from './host-volumes.js';

/**
 * `/var/run` is a link to `/run` on every current distribution: each runtime path is listed in both
 * spellings, so that the admission policy (which matches these lists) and the core agree.
 */
function bothRunSpellings(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (path.startsWith('/run/') ? [path, '/var' + path] : [path]));
}

/**
 * Container-runtime sockets at every known distribution path: Docker (rootful), containerd, k3s and
 * RKE2 (their own containerd), microk8s, Docker's embedded containerd, CRI-O, cri-dockerd, Podman.
 */
export const RUNTIME_SOCKETS = bothRunSpellings([
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/run/k3s/containerd/containerd.sock',
  '/var/snap/microk8s/common/run/containerd.sock',
  '/run/docker/containerd/containerd.sock',
  '/run/docker/containerd/docker-containerd.sock',
  '/run/crio/crio.sock',
  '/run/cri-dockerd.sock',
  '/run/dockershim.sock',
  '/run/podman/podman.sock',
]);

/** The runtimes' own folders: everything in them (sockets, shims, task state) hands over the containers. */
export const RUNTIME_DIRECTORIES = bothRunSpellings([
  '/run/containerd',
  '/run/k3s',
  '/run/docker',
  '/run/crio',
  '/run/podman',
  '/var/snap/microk8s/common/run',
]);

/** Host trees whose contents, or anything under them, give away the node. */
const HOST_TREES = [
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/lib/modules',
  '/usr/lib/modules',
  '/etc',
  '/root',
  '/home',
  '/var/spool/cron',
  '/var/lib/kubelet',
  '/etc/kubernetes',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/rancher',
  '/opt/cni/bin',
  '/etc/cni',
];

export const SENSITIVE_TREES = [...HOST_TREES, ...RUNTIME_DIRECTORIES];

/**
 * Trees that give away the node only when a container can write to them: a symlink written into a
 * pod's log folder makes the kubelet read any host file for `kubectl logs`. Log forwarders mount them
 * read-only, and stay quiet.
 */
export const WRITABLE_SENSITIVE_TREES = ['/var/log'];

/**
 * Paths that are sensitive as such but not everything under them: the folder holding a socket that
 * sits loose (`/run` for `/run/docker.sock`), and every parent of a sensitive tree or socket
 * (`/var`, `/var/lib`, `/opt`, …), since mounting a parent exposes everything beneath it.
 */
export const SOCKET_DIRECTORIES = [...new Set([...RUNTIME_SOCKETS, ...SENSITIVE_TREES].flatMap(properParents))].sort();

function properParents(path: string): string[] {
  const parents: string[] = [];
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) parents.push(path.slice(0, cut));
  return parents;
}

/** A container runtime socket, or a directory holding one, on the node. */
export function isRuntimeSocketPath(hostPath: string): boolean {
  return RUNTIME_SOCKETS.includes(hostPath) || SOCKET_DIRECTORIES.includes(hostPath) || /\.sock$/.test(hostPath);
}

function isUnder(path: string, tree: string): boolean {
  return path === tree || path.startsWith(tree + '/');
}

/** Why a host path is sensitive, or undefined. Segment-wise: `/system` is not `/sys`. */
export function sensitiveReason(hostPath: string): string | undefined {
  const path = normaliseHostPath(hostPath);
  if (path === '/') return "the node's root filesystem";
  if (RUNTIME_SOCKETS.includes(path)) return `${path}, the container runtime socket (full control of every container on the node)`;
  const runtime = RUNTIME_DIRECTORIES.find((directory) => isUnder(path, directory));
  if (runtime) return `${path}, ${path === runtime ? 'the folder' : `inside ${runtime}, the folder`} of a container runtime's socket and state`;
  const tree = HOST_TREES.find((candidate) => isUnder(path, candidate));
  if (tree) return `${tree === path ? path : `${path} (under ${tree})`}, host state an attacker can read or rewrite`;
  if (SOCKET_DIRECTORIES.includes(path)) {
    const below = [...RUNTIME_SOCKETS, ...SENSITIVE_TREES].filter((inner) => inner.startsWith(path + '/'));
    const shown = below.slice(0, 3).join(', ') + (below.length > 3 ? ', …' : '');
    return `${path}, which holds ${shown}`;
  }
  return undefined;
}

/** A tree of WRITABLE_SENSITIVE_TREES that some container mounts without `readOnly: true`. */
function writableReason(template: PodTemplate, volume: HostPathVolume): string | undefined {
  const path = normaliseHostPath(volume.hostPath);
  const tree = WRITABLE_SENSITIVE_TREES.find((candidate) => isUnder(path, candidate));
  if (!tree) return undefined;
  const writer = mountedPaths(template, volume).find((mounted) => !mounted.readOnly);
  return writer ? `${path} writable (container "${writer.container}"): a symlink written there makes the kubelet read any host file` : undefined;
}

export const sensitiveMount: Indicator = {
  id: 'sensitive-mount',
  title: 'Sensitive host path',
  summary: 'a hostPath that is a runtime socket, `/`, `/proc`, `/sys`, `/etc`, `/root`, `/home`, kubelet or Docker state',
  profile: 'seed',
  seedClause: 6,
  severity: 'error',
  description:
    'The pod mounts a host path that gives away the node. The path is normalised first (`//`, `/./`, `..`, a ' +
    'trailing `/`), and a mount\'s `subPath` is joined to it in the message. Sensitive: `/`; every container-runtime ' +
    `socket (${RUNTIME_SOCKETS.map((path) => '`' + path + '`').join(', ')}); the runtimes' folders and anything ` +
    `in them (${RUNTIME_DIRECTORIES.map((path) => '`' + path + '`').join(', ')}); the host trees ` +
    `${HOST_TREES.map((path) => '`' + path + '`').join(', ')} and anything under them; ` +
    `${WRITABLE_SENSITIVE_TREES.map((path) => '`' + path + '`').join(', ')} when a container can write to it (a symlink ` +
    `there makes the kubelet read any host file); and every parent of these ` +
    `(${SOCKET_DIRECTORIES.map((path) => '`' + path + '`').join(', ')}).`,
  remediation: 'Remove the volume. Jobs that talk to the runtime should use the Kubernetes API instead.',
  falsePositives:
    'Node exporters read /proc and /sys, log forwarders read /var/log (as DaemonSets, read-only), and CIS node ' +
    'checks such as kube-bench read /etc/kubernetes, /var/lib/kubelet and /etc/systemd read-only. For a ' +
    'reviewed job, add the jobsentinel.io/ignore annotation with a comment saying why.',
  attack: ATTACK_T1053_007,
  check(template, report) {
    for (const volume of hostPathVolumes(template)) {
      // No path (or not a string) is an invalid volume the API server rejects, not a mount of `/`.
      const reason = volume.hostPath === '' ? undefined : sensitiveReason(volume.hostPath) ?? writableReason(template, volume);
      if (!reason) continue;
      // Every parent of a sensitive path is sensitive: the volume's own path decides, a subPath only says where.
      const deeper = mountedPaths(template, volume).filter((mounted) => mounted.subPath !== '');
      const where = deeper.map((mounted) => ` Container "${mounted.container}" mounts ${mounted.path} of it.`).join('');
      report({ path: joinPointer(volume.path, 'path'), message: `The pod mounts ${reason}.${where}`, evidence: volume.hostPath });
    }
  },
};
