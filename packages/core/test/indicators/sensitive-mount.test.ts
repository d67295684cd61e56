import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { container, cronJob, CRONJOB_POD_SPEC, findingsOf, hostPathVolume, only, pod, rangeText } from '../indicator-helpers.js';

describe('sensitive-mount', () => {
  const sensitive = [
    '/var/run/docker.sock',
    '/run/containerd/containerd.sock',
    '/var/run/crio/crio.sock',
    '/var/run/cri-dockerd.sock',
    '/',
    '/proc',
    '/proc/1/ns',
    '/sys',
    '/sys/fs/cgroup',
    '/etc',
    '/etc/kubernetes/pki',
    '/root/.ssh',
    '/home',
    '/var/lib/kubelet',
    '/var/lib/docker',
    '/var/run',
    '/var//run/./docker.sock/',
  ];
  for (const path of sensitive) {
    test(`${path} is sensitive-mount, an error at the path value`, () => {
      const text = hostPathVolume(path);
      const finding = only(text, 'sensitive-mount');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.path, `${CRONJOB_POD_SPEC}/volumes/0/hostPath/path`);
      assert.equal(rangeText(text, finding.range), path);
    });
  }

  const harmless = ['/system', '/sysroot', '/process-data', '/etcd-backup', '/var/cache', '/var/lib/kubelet-plugins-data', '/homework', '/rooted', '/data/proc'];
  for (const path of harmless) {
    test(`${path} is a host path but not sensitive (segments, not substrings)`, () => {
      const text = hostPathVolume(path);
      assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
      assert.equal(findingsOf(text, 'host-path-mount').length, 1);
    });
  }

  test('a mountPath of /proc inside the container is not a host mount', () => {
    const text = cronJob(pod(['volumes: [{name: s, emptyDir: {}}]', 'containers:'], container(['volumeMounts: [{name: s, mountPath: /proc/driver}]'])));
    assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
  });
});
