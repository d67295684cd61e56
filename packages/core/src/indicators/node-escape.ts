import type { Container } from 'kubernetes-types/core/v1.js';
import { analyseCommands, contextPhrase, evidenceText, messageText, type Invocation } from '../commands/invocations.js';
import { programName } from '../commands/programs.js';
import { resolvePath } from '../commands/shell-state.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import { isRecord } from '../util/record.js';
import type { Severity } from '../model.js';
import { hostMountsOf, hostPathFor, type HostMount } from './host-mounts.js';
import { ATTACK_T1611, type Indicator } from './indicator.js';
import { isRuntimeSocketPath } from './sensitive-mount.js';

/** Node paths whose files the node runs by itself: cron, systemd units, static pods and kubelet config, login keys, the loader. */
const PERSISTENCE_PATHS = [
  '/etc/cron.d', '/etc/cron.hourly', '/etc/cron.daily', '/etc/cron.weekly', '/etc/cron.monthly', '/etc/crontab', '/var/spool/cron',
  '/etc/systemd', '/lib/systemd', '/usr/lib/systemd', '/run/systemd/system', '/etc/kubernetes', '/var/lib/kubelet',
  '/root/.ssh', '/etc/ld.so.preload', '/etc/rc.local', '/etc/init.d', '/etc/sudoers', '/etc/sudoers.d', '/etc/passwd', '/etc/shadow',
];

/** Block devices of the node's disks. */
const HOST_DISK = /^\/dev\/(sd[a-z]|nvme\d|xvd[a-z]|vd[a-z]|hd[a-z]|mmcblk\d|dm-\d|mapper\/|disk\/|root$)/;

const RUNTIME_CLIS = new Set(['docker', 'ctr', 'crictl', 'nerdctl', 'podman']);
/** Options of the runtime CLIs that name the socket they talk to. */
const SOCKET_OPTIONS = new Set(['-H', '--host', '-a', '--address', '-r', '--runtime-endpoint', '-i', '--image-endpoint', '--url', '--connection']);
/** Env vars the runtime CLIs read their socket from. */
const SOCKET_ENV = ['DOCKER_HOST', 'CONTAINER_HOST', 'CONTAINER_RUNTIME_ENDPOINT', 'IMAGE_SERVICE_ENDPOINT', 'CONTAINERD_ADDRESS'];
/** Where each CLI looks for its socket when told nothing. */
const DEFAULT_SOCKETS = new Map<string, string[]>([
  ['docker', ['/var/run/docker.sock', '/run/docker.sock']],
  ['ctr', ['/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock']],
  ['nerdctl', ['/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock']],
  ['crictl', ['/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock', '/run/crio/crio.sock', '/var/run/crio/crio.sock', '/var/run/dockershim.sock']],
  ['podman', ['/run/podman/podman.sock']],
]);

interface Escape {
  what: string;
  severity?: Severity;
  /** The escape is a wrapper of the command line (`nsenter … -- sh`): the finding points at the wrapper. */
  byWrapper?: boolean;
}

function isUnder(path: string, tree: string): boolean {
  return path === tree || path.startsWith(tree + '/');
}

/** `--target 1`, `-t1`, `--target=1`, or a namespace file of PID 1 (`--mount=/proc/1/ns/mnt`). */
function entersPid1(argv: readonly string[]): boolean {
  return argv.some(
    (arg, index) =>
      ((arg === '-t' || arg === '--target') && argv[index + 1] === '1') || arg === '-t1' || arg === '--target=1' || /\/proc\/1\/ns\//.test(arg),
  );
}

/** The socket a runtime CLI talks to: its option, its env var, or its default path. */
function socketsOf(invocation: Invocation, env: ReadonlyMap<string, string>): string[] {
  const argv = invocation.argv;
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index];
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (SOCKET_OPTIONS.has(name)) return [equals === -1 ? argv[index + 1] ?? '' : arg.slice(equals + 1)];
  }
  const fromEnv = SOCKET_ENV.map((name) => env.get(name)).find((value) => value !== undefined);
  return fromEnv !== undefined ? [fromEnv] : DEFAULT_SOCKETS.get(invocation.program) ?? [];
}

/** Files a command writes: redirections, tee, cp/mv/install/ln destinations, dd of=. */
function writtenFiles(invocation: Invocation): string[] {
  const files = invocation.redirects.filter((redirect) => /^(>|>>|>\||&>|&>>)$/.test(redirect.operator)).map((redirect) => redirect.target);
  const operands = invocation.argv.slice(1).filter((arg) => !arg.startsWith('-'));
  if (invocation.program === 'tee') files.push(...operands);
  if (['cp', 'mv', 'install', 'ln', 'rsync'].includes(invocation.program) && operands.length >= 2) files.push(operands[operands.length - 1]);
  if (invocation.program === 'dd') files.push(...invocation.argv.filter((arg) => arg.startsWith('of=')).map((arg) => arg.slice(3)));
  return files.map((file) => resolvePath(invocation.cwd ?? '/', file) ?? file);
}

/** The argv of a wrapper in the invocation's command line (`sudo nsenter -t 1 -m sh` → `nsenter -t 1 -m sh`). */
function wrapperArgv(invocation: Invocation, name: string): string[] | undefined {
  const words = invocation.wrapped;
  if (!words || !invocation.wrappers.includes(name)) return undefined;
  const at = words.findIndex((word) => programName(word) === name);
  return at === -1 ? undefined : words.slice(at);
}

function escapeOf(invocation: Invocation, mounts: readonly HostMount[], env: ReadonlyMap<string, string>, hostPid: boolean): Escape | undefined {
  const { program } = invocation;
  const nsenter = program === 'nsenter' ? invocation.argv : wrapperArgv(invocation, 'nsenter');
  if (nsenter && entersPid1(nsenter)) {
    const byWrapper = program !== 'nsenter';
    return hostPid
      ? { what: "enters the namespaces of the node's PID 1 (nsenter under hostPID): a root shell on the node", byWrapper }
      : { what: "enters PID 1's namespaces (nsenter); without hostPID that is the container's own init, with it the node", severity: 'warning', byWrapper };
  }
  const chroot = program === 'chroot' ? invocation.argv : wrapperArgv(invocation, 'chroot');
  if (chroot) {
    const root = chroot.slice(1).find((arg) => !arg.startsWith('-'));
    const host = root === undefined ? undefined : hostPathFor(mounts, resolvePath(invocation.cwd ?? '/', root) ?? root);
    if (host !== undefined) return { what: `changes root into the node's ${host} (chroot through a hostPath mount)`, byWrapper: program !== 'chroot' };
  }
  if (RUNTIME_CLIS.has(program)) {
    for (const socket of socketsOf(invocation, env)) {
      const path = socket.replace(/^unix:\/\//, '');
      const host = path.startsWith('/') ? hostPathFor(mounts, path) : undefined;
      if (host !== undefined && isRuntimeSocketPath(host)) return { what: `drives the node's container runtime through its mounted socket (${program} → ${host})` };
    }
  }
  if (program === 'mount') {
    const device = invocation.argv.slice(1).find((arg) => HOST_DISK.test(arg));
    if (device) return { what: `mounts the node's disk ${device}` };
  }
  for (const file of writtenFiles(invocation)) {
    const host = hostPathFor(mounts, file);
    if (host !== undefined && PERSISTENCE_PATHS.some((tree) => isUnder(host, tree))) return { what: `writes the node's ${host} through a hostPath mount, which the node runs or trusts` };
  }
  return undefined;
}

function literalEnvValues(container: Container): Map<string, string> {
  const env = new Map<string, string>();
  if (Array.isArray(container.env)) for (const entry of container.env as unknown[]) if (isRecord(entry) && typeof entry.name === 'string' && typeof entry.value === 'string') env.set(entry.name, entry.value);
  return env;
}

export const nodeEscape: Indicator = {
  id: 'node-escape',
  title: 'Escape to the node',
  summary:
    '`nsenter` into PID 1 (under `hostPID`), `chroot` into a host mount, `docker`/`ctr`/`crictl`/`nerdctl`/`podman` at a mounted runtime socket, mounting a node disk, writing node cron/systemd/kubelet paths through a host mount (ATT&CK T1611)',
  severityNote: 'error (nsenter without hostPID: warning)',
  profile: 'extended',
  severity: 'error',
  description:
    "A command breaks out of its container onto the node: nsenter into the namespaces of PID 1 (with hostPID, the node's init), " +
    'chroot into a hostPath mount, a container runtime CLI (docker, ctr, crictl, nerdctl, podman) pointed at a mounted ' +
    'runtime socket, mounting a node disk (/dev/sda1, /dev/nvme0n1p1), or writing through a hostPath mount into paths ' +
    'the node runs or trusts (cron, systemd units, static pod manifests and kubelet state, root\'s SSH keys, ld.so.preload).',
  remediation:
    'Remove the command and the host access it relies on (hostPID, hostPath, privileged), and investigate who created the ' +
    'job: a scheduled escape to the node is a standing backdoor.',
  falsePositives:
    'Node maintenance tools (kernel tuning, node problem detectors) do this legitimately; run them as reviewed DaemonSets ' +
    'or one-off debug sessions, not CronJobs, or ignore the reviewed job with the jobsentinel.io/ignore annotation. ' +
    'docker in CI against a sidecar daemon (DOCKER_HOST=tcp://…) without a mounted host socket is not reported.',
  attack: ATTACK_T1611,
  check(template: PodTemplate, report, context) {
    const hostPid = (template.spec as { hostPID?: unknown }).hostPID === true;
    for (const { container, path, run } of template.containers) {
      const mounts = hostMountsOf(template, container);
      const env = literalEnvValues(container);
      const seen = new Set<string>();
      for (const invocation of analyseCommands(container, path, run, context.memo.commands)) {
        const escape = escapeOf(invocation, mounts, env, hostPid);
        if (!escape) continue;
        const at = escape.byWrapper ? invocation.wrappedPath ?? invocation.path : invocation.path;
        const key = `${at}\0${escape.what}`;
        if (seen.has(key)) continue;
        seen.add(key);
        report({
          path: at,
          message: `Container "${container.name ?? '?'}" ${escape.what}${contextPhrase(invocation)}: ${messageText(invocation.text)}`,
          evidence: evidenceText(invocation.text),
          severity: escape.severity,
          within: invocation.within,
        });
      }
    }
  },
};
