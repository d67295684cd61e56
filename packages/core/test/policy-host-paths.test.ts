/**
 * The admission policy carries the whole sensitive-mount list, not a cheaper part of it: every
 * entry of every list (each runtime socket and folder, each host tree and a path under it, each
 * parent), spelled plainly and in the forms normalisation undoes, writable and read-only /var/log,
 * and honest look-alikes — the policy's CEL must decide each exactly as the core does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest } from '../src/index.js';
import { compilePolicy } from '../src/entries/policy.js';
import { RUNTIME_DIRECTORIES, RUNTIME_SOCKETS, SENSITIVE_TREES, SOCKET_DIRECTORIES, WRITABLE_SENSITIVE_TREES } from '../src/indicators/sensitive-mount.js';
import { violations } from './policy-cel-harness.js';

interface Mount {
  readOnly?: boolean;
  subPath?: string;
  name?: string;
}

/** A Job mounting one host-path volume (`volumeName` null: a volume without a name). */
function hostPathJob(path: string, mounts: Mount[] = [{}], volumeName: string | null = 'host') {
  const volume: Record<string, unknown> = { hostPath: { path } };
  if (volumeName !== null) volume.name = volumeName;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default' },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'registry.example/app:1', volumeMounts: mounts.map((mount) => ({ name: 'host', mountPath: '/host', ...mount })) }],
          volumes: [volume],
        },
      },
    },
  };
}

const policy = compilePolicy();

function verdicts(object: ReturnType<typeof hostPathJob>): { core: boolean; policy: boolean } {
  const findings = analyseManifest(JSON.stringify(object), 'job.json').findings;
  return {
    core: findings.some((finding) => finding.indicator === 'sensitive-mount'),
    policy: violations(policy, { object, namespace: 'default' }).includes('sensitive-mount'),
  };
}

function assertAgree(path: string, mounts?: Mount[], volumeName?: string | null): boolean {
  const { core, policy: fromPolicy } = verdicts(hostPathJob(path, mounts, volumeName));
  assert.equal(fromPolicy, core, `${path} ${JSON.stringify(mounts ?? [])}: core ${core}, policy ${fromPolicy}`);
  return core;
}

describe('admission policy: the full sensitive host-path list', () => {
  const exact = ['/', ...RUNTIME_SOCKETS, ...SOCKET_DIRECTORIES];
  const trees = SENSITIVE_TREES;

  it('every runtime socket and every parent of a sensitive path, as the core judges them', () => {
    for (const path of exact) assert.ok(assertAgree(path), path);
  });

  it('every sensitive tree, a path under it and a path deep under it', () => {
    for (const tree of trees) {
      assert.ok(assertAgree(tree), tree);
      assert.ok(assertAgree(`${tree}/x`), `${tree}/x`);
      assert.ok(assertAgree(`${tree}/a/b/c/d.conf`), `${tree}/a/b/c/d.conf`);
    }
  });

  it('the spellings normalisation undoes: //, /./, .., a trailing /', () => {
    for (const path of [...RUNTIME_SOCKETS, ...RUNTIME_DIRECTORIES, '/etc/kubernetes', '/var/lib/rancher', '/usr/lib/modules']) {
      for (const written of [`/${path}`, path.replace(/\//g, '//'), path.replace('/', '/./'), `/srv/app/../..${path}`, `${path}/`]) {
        assert.ok(assertAgree(written), written);
      }
    }
  });

  it('honest look-alikes stay quiet in both: a socket path one level deeper, a sibling, a longer name', () => {
    const loose = (path: string) => !trees.some((tree) => path === tree || path.startsWith(tree + '/'));
    const looseSockets = RUNTIME_SOCKETS.filter(loose);
    assert.ok(looseSockets.length >= 4, looseSockets.join());
    const lookAlikes = [
      ...looseSockets.map((socket) => `${socket}/x`),
      ...looseSockets.map((socket) => socket.replace(/\.sock$/, '.socket')),
      ...SOCKET_DIRECTORIES.filter(loose).map((parent) => `${parent}/app-data`),
      ...trees.map((tree) => `${tree}-backup`).filter(loose),
      ...trees.map((tree) => `/srv${tree}`),
      '/usr/share',
      '/usr/lib/app',
      '/lib/firmware',
      '/var/logs',
      '/opt/cni/conf',
      '/var/snap/microk8s/common/var',
      '/mnt/var/run/docker.sock',
    ];
    for (const path of lookAlikes) assert.equal(assertAgree(path), false, path);
  });

  it('/var/log only when some container can write to it', () => {
    for (const tree of WRITABLE_SENSITIVE_TREES) {
      for (const path of [tree, `${tree}/pods`, `${tree}//containers/`]) {
        assert.ok(assertAgree(path), `${path} writable`);
        assert.ok(assertAgree(path, [{ readOnly: true }, { readOnly: false }]), `${path} one writer among readers`);
        assert.equal(assertAgree(path, [{ readOnly: true }]), false, `${path} read-only`);
        assert.equal(assertAgree(path, []), false, `${path} not mounted`);
        assert.equal(assertAgree(path, [{ name: 'other' }]), false, `${path} mounted only under another volume's name`);
      }
    }
  });

  it('a subPath does not change the verdict: the volume path decides', () => {
    assert.ok(assertAgree('/var', [{ subPath: 'run/docker.sock' }]));
    assert.equal(assertAgree('/srv/data', [{ subPath: '../../var/run/docker.sock' }]), false);
  });

  it('pairs mounts with volumes by name, as the core does, a nameless volume included', () => {
    assert.ok(assertAgree('/var/log', [{ name: undefined }], null));
    assert.equal(assertAgree('/var/log', [{ name: 'host' }], null), false);
    assert.equal(assertAgree('/var/log', [{ name: 'host' }], 'other'), false);
  });
});
