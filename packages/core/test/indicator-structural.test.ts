import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Finding, Range } from '../src/index.js';
import { containerPath, cronJob, CRONJOB_POD_SPEC, findingsOf } from './indicator-helpers.ts';

/** The source text a range covers. */
function rangeText(text: string, range: Range | undefined): string {
  assert.ok(range, 'finding without a range');
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line - 1].slice(range.start.column - 1, range.end.column - 1);
  const parts = [lines[range.start.line - 1].slice(range.start.column - 1)];
  for (let line = range.start.line + 1; line < range.end.line; line++) parts.push(lines[line - 1]);
  parts.push(lines[range.end.line - 1].slice(0, range.end.column - 1));
  return parts.join('\n');
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `no line with ${needle}`);
  return index + 1;
}

function container(lines: string[], name = 'main', image = 'registry.example/acme/report:1'): string[] {
  return [`- name: ${name}`, `  image: ${image}`, ...lines.map((line) => '  ' + line)];
}

function pod(...parts: string[][]): string {
  return ['restartPolicy: Never', ...parts.flat()].join('\n');
}

function only(text: string, indicator: string): Finding {
  const found = findingsOf(text, indicator);
  assert.equal(found.length, 1, `${indicator}: ${JSON.stringify(found.map((f) => f.path))}`);
  return found[0];
}

describe('privileged-container', () => {
  test('privileged: true on a container: error at the value, exact range', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: true'])));
    const finding = only(text, 'privileged-container');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, containerPath('securityContext', 'privileged'));
    const line = lineOf(text, 'privileged: true');
    assert.deepEqual(finding.range, { start: { line, column: 27 }, end: { line, column: 31 } });
    assert.equal(rangeText(text, finding.range), 'true');
  });

  test('the seed false positive: privileged: false beside readOnlyRootFilesystem: true', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: false', '  readOnlyRootFilesystem: true', '  runAsNonRoot: true'])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });

  for (const spelling of ['yes', 'on', 'True', 'y']) {
    test(`privileged: ${spelling} is true to Kubernetes (YAML 1.1 booleans, as sigs.k8s.io/yaml reads them)`, () => {
      const text = cronJob(pod(['containers:'], container(['securityContext:', `  privileged: ${spelling}`])));
      assert.equal(rangeText(text, only(text, 'privileged-container').range), spelling);
    });
  }

  test('the string "true" is not the boolean (the API server would reject it)', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  privileged: "true"'])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });

  test('initContainers and ephemeralContainers count', () => {
    const text = cronJob(
      pod(['initContainers:'], container(['securityContext: {privileged: true}'], 'init'), ['ephemeralContainers:'], container(['securityContext: {privileged: true}'], 'debug'), ['containers:'], container([])),
    );
    assert.deepEqual(
      findingsOf(text, 'privileged-container').map((f) => f.path),
      [`${CRONJOB_POD_SPEC}/initContainers/0/securityContext/privileged`, `${CRONJOB_POD_SPEC}/ephemeralContainers/0/securityContext/privileged`],
    );
  });

  test('a pod-level securityContext has no privileged field to abuse', () => {
    const text = cronJob(pod(['securityContext: {runAsUser: 0}', 'containers:'], container([])));
    assert.deepEqual(findingsOf(text, 'privileged-container'), []);
  });
});

describe('host namespaces', () => {
  for (const [field, id] of [
    ['hostNetwork', 'host-network'],
    ['hostPID', 'host-pid'],
    ['hostIPC', 'host-ipc'],
  ] as const) {
    test(`${field}: true is ${id}, a warning at the value`, () => {
      const text = cronJob(pod([`${field}: true`, 'containers:'], container([])));
      const finding = only(text, id);
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, `${CRONJOB_POD_SPEC}/${field}`);
      assert.equal(finding.range?.start.line, lineOf(text, `${field}: true`));
      assert.equal(rangeText(text, finding.range), 'true');
    });

    test(`${field}: false is not ${id}`, () => {
      assert.deepEqual(findingsOf(cronJob(pod([`${field}: false`, 'containers:'], container([]))), id), []);
    });
  }

  test('hostNetwork mentioned in an annotation or env value is not host-network', () => {
    const text = cronJob(pod(['containers:'], container(['env:', '- {name: NOTE, value: "hostNetwork: true"}'])));
    assert.deepEqual(findingsOf(text, 'host-network'), []);
  });
});

describe('host-path-mount and sensitive-mount', () => {
  function volumes(path: string, extra = ''): string {
    return cronJob(pod(['volumes:', '- name: host', `  hostPath: {path: ${path}${extra}}`, 'containers:'], container(['volumeMounts: [{name: host, mountPath: /host}]'])));
  }

  test('any hostPath is host-path-mount, a warning spanning the hostPath key and value', () => {
    const text = volumes('/var/cache');
    const finding = only(text, 'host-path-mount');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.path, `${CRONJOB_POD_SPEC}/volumes/0/hostPath`);
    assert.equal(rangeText(text, finding.range), 'hostPath: {path: /var/cache}');
    assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
  });

  test('emptyDir, configMap and persistentVolumeClaim volumes are not host paths', () => {
    const text = cronJob(pod(['volumes:', '- {name: a, emptyDir: {}}', '- {name: b, configMap: {name: c}}', '- {name: d, persistentVolumeClaim: {claimName: e}}', 'containers:'], container([])));
    assert.deepEqual(findingsOf(text, 'host-path-mount'), []);
  });

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
      const text = volumes(path);
      const finding = only(text, 'sensitive-mount');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.path, `${CRONJOB_POD_SPEC}/volumes/0/hostPath/path`);
      assert.equal(rangeText(text, finding.range), path);
    });
  }

  const harmless = ['/system', '/sysroot', '/process-data', '/etcd-backup', '/var/cache', '/var/lib/kubelet-plugins-data', '/homework', '/rooted', '/data/proc'];
  for (const path of harmless) {
    test(`${path} is a host path but not sensitive (segments, not substrings)`, () => {
      const text = volumes(path);
      assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
      assert.equal(findingsOf(text, 'host-path-mount').length, 1);
    });
  }

  test('a mountPath of /proc inside the container is not a host mount', () => {
    const text = cronJob(pod(['volumes: [{name: s, emptyDir: {}}]', 'containers:'], container(['volumeMounts: [{name: s, mountPath: /proc/driver}]'])));
    assert.deepEqual(findingsOf(text, 'sensitive-mount'), []);
  });
});

describe('dangerous-capabilities', () => {
  for (const capability of ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'CAP_SYS_ADMIN', 'sys_admin']) {
    test(`capabilities.add ${capability} is an error at the list item`, () => {
      const text = cronJob(pod(['containers:'], container(['securityContext:', '  capabilities:', `    add: [NET_BIND_SERVICE, ${capability}]`])));
      const finding = only(text, 'dangerous-capabilities');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.path, containerPath('securityContext', 'capabilities', 'add', 1));
      assert.equal(rangeText(text, finding.range), capability);
    });
  }

  test('narrow capabilities and dropped ones are fine', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext:', '  capabilities:', '    add: [NET_BIND_SERVICE, CHOWN]', '    drop: [ALL, SYS_ADMIN]'])));
    assert.deepEqual(findingsOf(text, 'dangerous-capabilities'), []);
  });
});

describe('privilege-escalation', () => {
  test('allowPrivilegeEscalation: true is a warning at the value', () => {
    const text = cronJob(pod(['containers:'], container(['securityContext: {allowPrivilegeEscalation: true}'])));
    const finding = only(text, 'privilege-escalation');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.path, containerPath('securityContext', 'allowPrivilegeEscalation'));
    assert.equal(rangeText(text, finding.range), 'true');
  });

  test('allowPrivilegeEscalation: false is fine', () => {
    assert.deepEqual(findingsOf(cronJob(pod(['containers:'], container(['securityContext: {allowPrivilegeEscalation: false}']))), 'privilege-escalation'), []);
  });
});
