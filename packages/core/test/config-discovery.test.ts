import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ancestorFolders, ConfigDiscovery, diskConfigFileAccess, type ConfigFileAccess } from '../src/index.js';

/** A file system of path → text (folders are implied; `.git` entries are paths too), counting reads. */
function fakeFiles(files: Record<string, string>): ConfigFileAccess & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readText(path) {
      reads.push(path);
      return Object.hasOwn(files, path) ? files[path] : null;
    },
    async exists(path) {
      return Object.hasOwn(files, path) || Object.keys(files).some((known) => known.startsWith(path + '/'));
    },
  };
}

const OFF = 'severity:\n  privileged-container: off\n';

describe('ConfigDiscovery: the nearest config, never above the trust boundary', () => {
  it('a config planted above the repository root is not applied', async () => {
    const files = fakeFiles({ '/tmp/.jobsentinel.yaml': OFF, '/tmp/build/repo/.git/HEAD': 'ref', '/tmp/build/repo/k8s/job.yaml': '' });
    const found = await new ConfigDiscovery(files, '/tmp/build/repo/k8s').find('/tmp/build/repo/k8s/job.yaml');
    assert.equal(found, null);
    assert.ok(!files.reads.some((path) => path.startsWith('/tmp/.jobsentinel') || path.startsWith('/tmp/build/.jobsentinel')), files.reads.join());
  });

  it('inside a repository, the config at its root applies even above the working folder', async () => {
    const files = fakeFiles({ '/src/repo/.git': 'gitdir: elsewhere', '/src/repo/.jobsentinel.yaml': OFF });
    const found = await new ConfigDiscovery(files, '/src/repo/deploy').find('/src/repo/deploy/jobs/a.yaml');
    assert.deepEqual(found, { path: '/src/repo/.jobsentinel.yaml', text: OFF });
  });

  it('outside a repository, the walk stops at the working folder', async () => {
    const files = fakeFiles({ '/tmp/.jobsentinel.yaml': OFF, '/tmp/work/.jobsentinel.yml': 'profile: seed\n' });
    assert.equal(await new ConfigDiscovery(files, '/tmp/work/sub').find('/tmp/work/sub/a.yaml'), null);
    assert.equal((await new ConfigDiscovery(files, '/tmp/work').find('/tmp/work/sub/a.yaml'))?.path, '/tmp/work/.jobsentinel.yml');
  });

  it('a file outside both the repository and the working folder reads only its own folder', async () => {
    const files = fakeFiles({ '/tmp/.jobsentinel.yaml': OFF, '/tmp/x/.jobsentinel.yaml': 'profile: seed\n' });
    const discovery = new ConfigDiscovery(files, '/home/dev');
    assert.equal(await discovery.find('/tmp/y/a.yaml'), null);
    assert.equal((await discovery.find('/tmp/x/a.yaml'))?.path, '/tmp/x/.jobsentinel.yaml');
  });

  it('the nearest file wins, .yaml before .yml, and each folder is searched once', async () => {
    const files = fakeFiles({ '/r/.git': '', '/r/.jobsentinel.yml': 'a', '/r/team/.jobsentinel.yml': 'b', '/r/team/.jobsentinel.yaml': 'c' });
    const discovery = new ConfigDiscovery(files, '/r');
    assert.equal((await discovery.find('/r/team/x.yaml'))?.text, 'c');
    assert.equal((await discovery.find('/r/other/x.yaml'))?.text, 'a');
    const before = files.reads.length;
    await discovery.find('/r/team/y.yaml');
    assert.equal(files.reads.length, before, 'cached per folder');
  });

  it('a config that exists but cannot be read is an error, not a silent fallback', async () => {
    const access: ConfigFileAccess = {
      readText: async () => {
        throw new Error('permission denied');
      },
      exists: async () => false,
    };
    await assert.rejects(new ConfigDiscovery(access, '/w').find('/w/a.yaml'), /permission denied/);
  });

  it('Windows paths stop at the repository root too', async () => {
    const files: ConfigFileAccess = {
      readText: async (path) => (path === 'C:\\.jobsentinel.yaml' ? OFF : null),
      exists: async (path) => path === 'C:\\repo\\.git',
    };
    assert.equal(await new ConfigDiscovery(files, 'C:\\repo').find('C:\\repo\\k8s\\job.yaml'), null);
  });
});

describe('ancestorFolders: the file folder upwards, nearest first', () => {
  it('POSIX absolute paths climb to /', () => {
    assert.deepEqual(ancestorFolders('/srv/jobs/backup.yaml'), ['/srv/jobs/', '/srv/', '/']);
  });

  it('Windows drive paths keep their separator and drive', () => {
    assert.deepEqual(ancestorFolders('C:\\repo\\k8s\\job.yaml'), ['C:\\repo\\k8s\\', 'C:\\repo\\', 'C:\\']);
    assert.deepEqual(ancestorFolders('D:/repo/job.yaml'), ['D:/repo/', 'D:/']);
  });

  it('UNC paths stop at the share', () => {
    assert.deepEqual(ancestorFolders('\\\\fileserver\\ops\\jobs\\a.yaml'), ['\\\\fileserver\\ops\\jobs\\', '\\\\fileserver\\ops\\']);
  });

  it('relative paths climb only as far as they name folders; a trailing separator names a folder', () => {
    assert.deepEqual(ancestorFolders('k8s/./jobs/a.yaml'), ['k8s/jobs/', 'k8s/', '']);
    assert.deepEqual(ancestorFolders('a.yaml'), ['']);
    assert.deepEqual(ancestorFolders('../other/a.yaml'), ['../other/', '../']);
    assert.deepEqual(ancestorFolders('/srv/jobs/'), ['/srv/jobs/', '/srv/', '/']);
  });
});

describe('diskConfigFileAccess: the Node hosts\' disk', () => {
  const failing = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
  const disk = (errors: Record<string, string>) =>
    diskConfigFileAccess({
      readFile: async (path) => {
        if (Object.hasOwn(errors, path)) throw failing(errors[path]);
        return `text of ${path}`;
      },
      access: async (path) => {
        if (Object.hasOwn(errors, path)) throw failing(errors[path]);
      },
    });

  it('reads a file, and reads no file, a folder or a path through a file as null', async () => {
    const access = disk({ '/none': 'ENOENT', '/folder': 'EISDIR', '/file/x': 'ENOTDIR' });
    assert.equal(await access.readText('/repo/.jobsentinel.yaml'), 'text of /repo/.jobsentinel.yaml');
    assert.equal(await access.readText('/none'), null);
    assert.equal(await access.readText('/folder'), null);
    assert.equal(await access.readText('/file/x'), null);
  });

  it('lets any other failure through: an unreadable config may be the one meant to apply', async () => {
    await assert.rejects(disk({ '/locked': 'EACCES' }).readText('/locked'), /EACCES/);
  });

  it('tells whether anything is at a path', async () => {
    const access = disk({ '/none/.git': 'ENOENT', '/locked/.git': 'EACCES' });
    assert.equal(await access.exists('/repo/.git'), true);
    assert.equal(await access.exists('/none/.git'), false);
    assert.equal(await access.exists('/locked/.git'), false);
  });
});
