/**
 * The core reads every manifest of the decode conformance corpus as kubectl v1.32 does
 * (fixtures/conformance/decode: each input byte-exact, with the objects kubectl produced or its refusal).
 * Accepted: the same objects, in order. Refused: the file is reported as invalid, and every object kubectl
 * decoded before failing (and would still apply) is among the objects the core judges.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeManifest, decodeText } from '../src/index.js';

const corpus = new URL('../../../fixtures/conformance/decode/', import.meta.url);

interface Case {
  id: string;
  input: string;
  expected: string;
  accepted: boolean;
}

interface Verdict {
  accepted: boolean;
  objects?: unknown[];
  partial_objects?: unknown[];
  error?: string;
}

/**
 * Where the core reads less than kubectl, the file is reported, never passed silently. js-yaml reads
 * flow collections recursively, and 10,000 levels of `{a: {a: …}}` exhaust the JavaScript stack.
 */
const KNOWN_DEVIATIONS = new Map([['199-depth-9999', /nested too deeply for this reader/]]);

const { cases } = JSON.parse(readFileSync(new URL('index.json', corpus), 'utf8')) as { cases: Case[] };

function decodeFile(bytes: Uint8Array): { objects: unknown[]; refusals: string[] } {
  const text = decodeText(bytes);
  if ('error' in text) return { objects: [], refusals: [text.error] };
  const decoded = decodeManifest(text.text);
  return { objects: decoded.objects.map((object) => object.value), refusals: decoded.problems.filter((problem) => !problem.skipped).map((problem) => problem.message) };
}

/** Plain data, as kubectl printed it: key order does not matter, numbers compare as numbers. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('decode conformance corpus (kubectl v1.32)', () => {
  it('holds all 203 cases', () => assert.equal(cases.length, 203));

  for (const testCase of cases) {
    it(testCase.id, () => {
      const verdict = JSON.parse(readFileSync(new URL(testCase.expected, corpus), 'utf8')) as Verdict;
      const result = decodeFile(new Uint8Array(readFileSync(new URL(testCase.input, corpus))));
      const deviation = KNOWN_DEVIATIONS.get(testCase.id);
      if (deviation) {
        assert.match(result.refusals.join('\n'), deviation);
        return;
      }
      if (verdict.accepted) {
        assert.deepEqual(result.refusals, [], 'kubectl accepts this file');
        assert.equal(result.objects.length, verdict.objects!.length, 'number of objects');
        result.objects.forEach((object, index) => assert.deepStrictEqual(plain(object), verdict.objects![index], `object ${index + 1}`));
        return;
      }
      assert.notEqual(result.refusals.length, 0, `kubectl refuses this file (${verdict.error})`);
      // What kubectl decoded before failing is still applied: it must be judged, in the same order.
      let next = 0;
      for (const partial of verdict.partial_objects ?? []) {
        const found = result.objects.findIndex((object, index) => index >= next && isDeepStrictEqual(plain(object), partial));
        assert.notEqual(found, -1, `kubectl still applies ${JSON.stringify(partial).slice(0, 120)}`);
        next = found + 1;
      }
    });
  }
});

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
