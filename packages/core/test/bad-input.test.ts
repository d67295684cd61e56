/**
 * Bad input, the core side: every case gets a clear error (or a skip note) with a range, nothing
 * throws, nothing hangs, and the good documents around it are still analysed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, type AnalysisError, type AnalysisResult } from '../src/index.js';

/** A small Job that always yields one finding (host-network) on the line of `hostNetwork`. */
function goodJob(name: string): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: registry.example/app:1}]\n`;
}

/** The bad section between two good Jobs, so that the test also proves the run goes on. */
function sandwich(bad: string): { text: string; badStartLine: number } {
  const before = goodJob('before') + '---\n';
  return { text: `${before}${bad.endsWith('\n') ? bad : bad + '\n'}---\n${goodJob('after')}`, badStartLine: before.split('\n').length };
}

function analyse(text: string): AnalysisResult {
  return analyseManifest(text, 'bad.yaml');
}

function assertNeighboursAnalysed(result: AnalysisResult): void {
  const names = result.findings.filter((finding) => finding.indicator === 'host-network').map((finding) => finding.name);
  assert.deepEqual(names, ['before', 'after'], 'the documents around the bad one are analysed');
}

function onlyError(result: AnalysisResult): AnalysisError {
  assert.equal(result.errors.length, 1, JSON.stringify(result.errors));
  const [error] = result.errors;
  assert.ok(error.range.start.line <= error.range.end.line);
  return error;
}

describe('broken YAML', () => {
  it('invalid YAML: an error at the offending line, neighbours analysed', () => {
    const { text, badStartLine } = sandwich('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n   labels: {}\n');
    const result = analyse(text);
    const error = onlyError(result);
    assert.equal(error.range.start.line, badStartLine + 4);
    assert.match(error.message, /indentation/);
    assert.equal(error.skipped, undefined);
    assertNeighboursAnalysed(result);
  });

  it('tab indentation: says so, at the tab', () => {
    const { text, badStartLine } = sandwich('apiVersion: batch/v1\nkind: Job\nspec:\n\ttemplate: {}\n');
    const error = onlyError(analyse(text));
    assert.match(error.message, /tab/);
    assert.deepEqual(error.range.start, { line: badStartLine + 3, column: 1 });
    assertNeighboursAnalysed(analyse(text));
  });

  it('an unclosed flow collection at the end of the file points at the last character written', () => {
    const result = analyse(`${goodJob('before')}---\napiVersion: batch/v1\nkind: Job\nspec: {template: [\n\n\n`);
    const error = onlyError(result);
    assert.equal(error.range.start.line, 13);
    assert.deepEqual(result.findings.map((finding) => finding.name), ['before']);
  });

  it('an unknown alias and an alias cycle are errors at the alias', () => {
    const unknown = onlyError(analyse('a: *nowhere\n'));
    assert.match(unknown.message, /unknown anchor 'nowhere' referenced/);
    const { text, badStartLine } = sandwich('apiVersion: batch/v1\nkind: Job\nspec: &loop\n  template: *loop\n');
    const result = analyse(text);
    const cycle = onlyError(result);
    assert.match(cycle.message, /anchor 'loop' value contains itself/);
    assert.deepEqual(cycle.range.start, { line: badStartLine + 3, column: 13 });
    assertNeighboursAnalysed(result);
  });

  it('a NUL character inside the text is an error, not a crash', () => {
    const { text } = sandwich('apiVersion: batch/v1\nkind: Job\nmetadata: {name: "a\u0000b"}\n');
    const result = analyse(text);
    assert.match(onlyError(result).message, /null byte/);
    assertNeighboursAnalysed(result);
  });

  it('a mapping key that is itself a collection', () => {
    const error = onlyError(analyse('apiVersion: batch/v1\nkind: Job\n? [a, b]\n: c\n'));
    assert.match(error.message, /invalid map key: a list or mapping cannot be a key/);
    assert.equal(error.range.start.line, 3);
  });

  it('duplicate keys: a note at the second key (Kubernetes takes the later value, and so does the analysis)', () => {
    const text = goodJob('dup').replace('      hostNetwork: true\n', '      hostNetwork: false\n      hostNetwork: true\n');
    const result = analyse(text);
    assert.deepEqual(result.errors.map((error) => [error.message, error.range.start]), [
      ['duplicate key "hostNetwork" in one mapping; Kubernetes uses the later value', { line: 9, column: 7 }],
    ]);
    assert.equal(result.errors[0].skipped, true);
    assert.deepEqual(result.findings.map((finding) => [finding.indicator, finding.range!.start.line]), [['host-network', 9]]);
  });
});

describe('documents that are not Kubernetes objects', () => {
  it('a scalar document is an error, as kubectl refuses it', () => {
    const { text, badStartLine } = sandwich('just some text\n');
    const result = analyse(text);
    const note = onlyError(result);
    assert.equal(note.message, 'document 2: a scalar, not a Kubernetes object (kubectl refuses it)');
    assert.equal(note.skipped, undefined);
    assert.equal(note.range.start.line, badStartLine);
    assertNeighboursAnalysed(result);
  });

  it('a list document (YAML or a JSON array) is an error, as kubectl refuses it', () => {
    for (const list of ['- kind: Job\n- kind: CronJob\n', '[{"kind": "Job"}]\n']) {
      const result = analyse(sandwich(list).text);
      assert.equal(onlyError(result).message, 'document 2: a list, not a Kubernetes object (kubectl refuses it)');
      assertNeighboursAnalysed(result);
    }
  });

  it('an empty file, a file of comments, and empty documents: no error, no finding', () => {
    for (const text of ['', '\n\n', '# nothing here\n# at all\n', '---\n---\n', '--- # just a marker\n...\n']) {
      assert.deepEqual(analyse(text), { findings: [], suppressed: [], errors: [], documents: 0 }, JSON.stringify(text));
    }
  });

  it('other kinds are out of scope: a Pod or Deployment with the same settings yields nothing', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: busybox}]\n';
    assert.deepEqual(analyse(pod), { findings: [], suppressed: [], errors: [], documents: 1 });
  });

  it('ill-typed fields where Kubernetes expects lists and mappings: no throw, no false finding', () => {
    const bodies = [
      'containers: "busybox"',
      'containers: [1, null, "a", {image: 42}, {image: [a]}, {securityContext: [1]}, {command: [1, {a: 1}, null]}, {args: {a: b}}]',
      'volumes: "x"\n      initContainers: {a: 1}\n      hostNetwork: "true"',
      'containers: [{securityContext: {capabilities: {add: "ALL"}}}, {securityContext: {capabilities: {add: [1, null]}}}]',
      'containers: [{command: ["sh", "-c", 5]}, {command: ["sh", "-c"], args: [null]}]',
    ];
    for (const body of bodies) {
      const text = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: 3, annotations: {jobsentinel.io/ignore: 4}}\nspec:\n  template:\n    spec:\n      ${body}\n`;
      const result = analyse(text);
      assert.deepEqual(result.errors, [], body);
      assert.deepEqual(result.findings, [], body);
    }
  });
});

describe('hostile input', () => {
  it('an alias bomb ("billion laughs") is refused with an error, quickly, and neighbours are analysed', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const bomb = `apiVersion: batch/v1\nkind: Job\nmetadata:\n${levels.map((line) => '  ' + line).join('\n')}\n`;
    const { text } = sandwich(bomb);
    const result = analyse(text);
    assert.match(onlyError(result).message, /excessive aliasing/);
    assertNeighboursAnalysed(result);
  });

  it('an alias bomb aimed at a container command is refused before any check walks it', () => {
    const levels = ['x0: &x0 ["sh", "sh", "sh", "sh", "sh", "sh", "sh", "sh", "sh", "sh"]'];
    for (let i = 1; i < 8; i++) levels.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
    const text = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n${levels.map((line) => '    ' + line).join('\n')}\nspec: {template: {spec: {containers: [{name: c, image: x, command: *x7}]}}}\n`;
    assert.match(onlyError(analyse(text)).message, /excessive aliasing/);
  });

  it('heavy but legitimate use of anchors is not mistaken for a bomb', () => {
    const defaults = 'x-defaults: &defaults\n  restartPolicy: Never\n  containers: [{name: c, image: registry.example/app:1, args: [a, b, c, d, e, f, g, h]}]\n';
    const items = Array.from({ length: 10_000 }, (_, index) => `  - {apiVersion: batch/v1, kind: Job, metadata: {name: j${index}}, spec: {template: {spec: {<<: *defaults, hostPID: true}}}}`);
    const text = `apiVersion: v1\nkind: List\n${defaults}items:\n${items.join('\n')}\n`;
    const result = analyse(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.findings.length, 10_000);
  });

  it('nesting deeper than this reader can follow is an error rather than a stack overflow', () => {
    const flow = '['.repeat(10_000) + ']'.repeat(10_000);
    const block = Array.from({ length: 10_000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
    for (const deep of [flow, block]) {
      const result = analyse(sandwich(deep).text);
      assert.match(onlyError(result).message, /nested too deeply for this reader/);
      assertNeighboursAnalysed(result);
    }
  });

  it('a 50 MB file (generated here) is analysed whole, findings at both ends', () => {
    const chunk = '      ' + 'x'.repeat(1_000) + '\n';
    const blob = chunk.repeat(1_000);
    const configMap = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: big}', 'data:']
      .concat(Array.from({ length: 50 }, (_, index) => `  file${index}: |\n${blob}`))
      .join('\n');
    const text = `${goodJob('before')}---\n${configMap}---\n${goodJob('after')}`;
    assert.ok(text.length > 50_000_000);
    const result = analyse(text);
    assert.deepEqual(result.errors, []);
    assert.equal(result.documents, 3);
    assertNeighboursAnalysed(result);
    assert.equal(result.findings[1].range!.start.line, text.split('\n').length - 2);
  });

  it('10,000 broken documents: one error each, the good one at the end still analysed', () => {
    const text = 'a: [\n---\n'.repeat(10_000) + goodJob('after');
    const result = analyse(text);
    assert.equal(result.errors.length, 10_000);
    assert.deepEqual(result.findings.map((finding) => finding.name), ['after']);
  });
});

describe('Helm templates', () => {
  it('a template that is not YAML is skipped with a note at the first {{', () => {
    const template = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}',
      '  labels:',
      '    {{- include "chart.labels" . | nindent 4 }}',
      'spec:',
      '  schedule: {{ .Values.schedule | quote }}',
    ].join('\n');
    const { text, badStartLine } = sandwich(template);
    const result = analyse(text);
    const note = onlyError(result);
    assert.equal(note.message, 'document skipped: looks like a Helm template; render it with `helm template` first');
    assert.equal(note.skipped, true);
    assert.deepEqual(note.range, { start: { line: badStartLine + 3, column: 9 }, end: { line: badStartLine + 3, column: 11 } });
    assertNeighboursAnalysed(result);
  });

  it('a template that happens to be valid YAML is analysed like any manifest', () => {
    const text = goodJob('templated').replace('registry.example/app:1', '"{{ .Values.image }}"');
    const result = analyse(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.map((finding) => finding.indicator), ['host-network']);
  });

  it('a broken document without {{ gets the parser error, not the Helm note', () => {
    const error = onlyError(analyse('a: b\n  c: d\n'));
    assert.equal(error.skipped, undefined);
    assert.doesNotMatch(error.message, /Helm/);
  });
});

describe('encodings and line endings', () => {
  it('CRLF line endings: errors and findings on the right lines', () => {
    const { text, badStartLine } = sandwich('apiVersion: batch/v1\nkind: Job\n\tspec: {}\n');
    const result = analyse(text.replace(/\n/g, '\r\n'));
    assert.equal(onlyError(result).range.start.line, badStartLine + 2);
    assertNeighboursAnalysed(result);
    assert.deepEqual(result.findings.map((finding) => finding.range!.start.line), [8, 8 + badStartLine + 3]);
  });

  it('a UTF-8 byte order mark in the text is not content', () => {
    const result = analyse('\uFEFF' + goodJob('bom'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.name, finding.range!.start]), [['bom', { line: 8, column: 20 }]]);
  });
});
