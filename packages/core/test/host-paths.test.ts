/**
 * Every host path, every runtime: a hostPath is normalised and judged against the full sensitive list
 * (each runtime's socket and folder at every distribution path, the node's trees, and their parents);
 * a Windows HostProcess pod is privileged. Each malicious case beside an honest look-alike.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, INDICATORS } from '../src/index.js';
import { job } from './indicator-helpers.js';

function hostPathJob(path: string, mount: Record<string, string> = {}): string {
  const extra = Object.entries(mount).map(([key, value]) => `, ${key}: ${JSON.stringify(value)}`).join('');
  return job(
    [
      'restartPolicy: Never',
      'containers:',
      `- {name: main, image: registry.example/app:1, volumeMounts: [{name: host, mountPath: /host${extra}}]}`,
      'volumes:',
      `- {name: host, hostPath: {path: ${JSON.stringify(path)}}}`,
    ].join('\n'),
  );
}

function sensitive(text: string): string[] {
  return analyseManifest(text, 'host.yaml').findings.filter((finding) => finding.indicator === 'sensitive-mount').map((finding) => finding.message);
}

describe('sensitive host paths', () => {
  const sockets = [
    '/var/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/run/k3s/containerd/containerd.sock',
    '/var/run/k3s/containerd/containerd.sock',
    '/var/snap/microk8s/common/run/containerd.sock',
    '/var/run/docker/containerd/containerd.sock',
    '/run/crio/crio.sock',
    '/var/run/cri-dockerd.sock',
    '/run/podman/podman.sock',
  ];
  for (const socket of sockets) {
    it(`the runtime socket ${socket}, and its folder`, () => {
      assert.match(sensitive(hostPathJob(socket)).join(), /container runtime socket/);
      assert.equal(sensitive(hostPathJob(socket.slice(0, socket.lastIndexOf('/')))).length, 1);
    });
  }

  for (const tree of ['/', '/proc', '/sys', '/dev', '/boot', '/lib/modules', '/etc', '/root', '/home', '/var/spool/cron', '/var/lib/kubelet', '/etc/kubernetes', '/var/lib/docker', '/var/lib/containerd', '/opt/cni/bin', '/etc/cni']) {
    it(`${tree} and a path under it`, () => {
      assert.equal(sensitive(hostPathJob(tree)).length, 1);
      assert.equal(sensitive(hostPathJob(`${tree === '/' ? '' : tree}/x`)).length, tree === '/' ? 0 : 1);
    });
  }

  for (const parent of ['/var', '/run', '/var/run', '/var/lib', '/opt', '/var/spool', '/opt/cni']) {
    it(`${parent}, a parent of sensitive trees, exposes them`, () => {
      assert.match(sensitive(hostPathJob(parent)).join(), /which holds/);
    });
  }

  it('normalises //, /./, .. and a trailing / before judging', () => {
    for (const written of ['//var//run/docker.sock', '/var/./run/docker.sock', '/var/lib/app/../../run/docker.sock', '/var/run/docker.sock/', '/etc/']) {
      assert.equal(sensitive(hostPathJob(written)).length, 1, written);
    }
  });

  it('/var/log is sensitive when a container can write to it; a log forwarder reading it stays quiet', () => {
    assert.match(sensitive(hostPathJob('/var/log')).join(), /\/var\/log writable \(container "main"\)/);
    assert.equal(sensitive(hostPathJob('/var/log/pods')).length, 1);
    assert.deepEqual(sensitive(hostPathJob('/var/log', { readOnly: 'true' }).replace('readOnly: "true"', 'readOnly: true')), []);
  });

  it('names the path a subPath mounts', () => {
    const [message] = sensitive(hostPathJob('/var', { subPath: 'run/docker.sock' }));
    assert.match(message, /Container "main" mounts \/var\/run\/docker\.sock of it/);
  });

  it('honest look-alikes stay quiet: /var/lib/app, /system, /opt/app, /data, /mnt/disks, /srv/backup', () => {
    for (const path of ['/var/lib/app', '/system', '/opt/app', '/data', '/mnt/disks/ssd0', '/srv/backup', '/var/cache/app', '/run-tools', '/devices']) {
      assert.deepEqual(sensitive(hostPathJob(path)), [], path);
    }
  });

  it('the indicator docs list the paths', () => {
    const description = INDICATORS.find((indicator) => indicator.id === 'sensitive-mount')!.description;
    for (const path of ['/run/k3s/containerd/containerd.sock', '/var/snap/microk8s/common/run/containerd.sock', '/run/podman/podman.sock', '/opt/cni/bin', '/var/spool/cron', '`/var`']) {
      assert.ok(description.includes(path), path);
    }
  });
});

describe('Windows HostProcess', () => {
  const windowsJob = (pod: string, container: string): string =>
    job(`restartPolicy: Never\n${pod}containers:\n- name: agent\n  image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n${container}`);

  it('hostProcess: true on the pod or on a container is privileged-container', () => {
    const pod = analyseManifest(windowsJob('securityContext: {windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}}\nhostNetwork: true\n', ''), 'w.yaml');
    assert.deepEqual(pod.findings.filter((f) => f.indicator === 'privileged-container').map((f) => f.path), ['/spec/template/spec/securityContext/windowsOptions/hostProcess']);
    const container = analyseManifest(windowsJob('', '  securityContext: {windowsOptions: {hostProcess: true}}\n'), 'w.yaml');
    assert.deepEqual(container.findings.filter((f) => f.indicator === 'privileged-container').map((f) => f.path), ['/spec/template/spec/containers/0/securityContext/windowsOptions/hostProcess']);
  });

  it('an ordinary Windows pod (hostProcess false, a gMSA credential spec) is not privileged', () => {
    const result = analyseManifest(windowsJob('securityContext: {windowsOptions: {hostProcess: false, gmsaCredentialSpecName: app}}\n', '  securityContext: {windowsOptions: {runAsUserName: ContainerUser}}\n'), 'w.yaml');
    assert.deepEqual(result.findings.filter((f) => f.indicator === 'privileged-container'), []);
  });
});
