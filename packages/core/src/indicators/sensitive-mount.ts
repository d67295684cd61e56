import { joinPointer } from '../yaml/source-node.js';
import { ATTACK_T1053_007, type Indicator } from './indicator.js';
import { hostPathVolumes, normaliseHostPath } from './host-volumes.js';

/** Container-runtime sockets, and the directories that hold them (mounting the directory exposes the socket). */
export const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
];
export const SOCKET_DIRECTORIES = ['/var/run', '/run', '/var/run/containerd', '/run/containerd', '/var/run/crio', '/run/crio'];

/** Host trees whose contents or anything under them give away the node. */
export const SENSITIVE_TREES = ['/proc', '/sys', '/etc', '/root', '/home', '/var/lib/kubelet', '/etc/kubernetes', '/var/lib/docker'];

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
  if (RUNTIME_SOCKETS.includes(path)) return 'the container runtime socket (full control of every container on the node)';
  if (SOCKET_DIRECTORIES.includes(path)) return 'a directory holding the container runtime socket';
  const tree = SENSITIVE_TREES.find((candidate) => isUnder(path, candidate));
  return tree ? `${tree === path ? path : `${path} (under ${tree})`}, host state an attacker can read or rewrite` : undefined;
}

export const sensitiveMount: Indicator = {
  id: 'sensitive-mount',
  title: 'Sensitive host path',
  profile: 'seed',
  seedClause: 6,
  severity: 'error',
  description:
    'The pod mounts a host path that gives away the node: a container-runtime socket, /, /proc, /sys, /etc, ' +
    '/root, /home, kubelet or Docker state.',
  remediation: 'Remove the volume. Jobs that talk to the runtime should use the Kubernetes API instead.',
  falsePositives:
    'Node exporters read /proc and /sys (read-only, as DaemonSets). For a reviewed job, add the ' +
    'jobsentinel.io/ignore annotation with a comment saying why.',
  attack: ATTACK_T1053_007,
  check(template, report) {
    for (const { path, hostPath } of hostPathVolumes(template)) {
      // No path (or not a string) is an invalid volume the API server rejects, not a mount of `/`.
      const reason = hostPath === '' ? undefined : sensitiveReason(hostPath);
      if (reason) {
        report({ path: joinPointer(path, 'path'), message: `The pod mounts ${reason}.`, evidence: hostPath });
      }
    }
  },
};
