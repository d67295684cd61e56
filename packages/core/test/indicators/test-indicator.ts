/**
 * One indicator's cases, in the style of Spectral's rule tests: what it must catch (each with the
 * findings expected, in order) and the honest look-alikes it must leave alone. Each case is a manifest,
 * or a pod spec that `cronJob` wraps; every case becomes one test named after it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseManifest, type JobSentinelConfig, type Severity } from '../../src/index.js';
import { cronJob, lineOf, rangeText } from '../indicator-helpers.js';

export interface ExpectedFinding {
  /** JSON pointer of the node the finding points at. */
  pointer: string;
  severity?: Severity;
  /** 1-based line of the finding's start, or a text whose first line it is. */
  line?: number | string;
  /** The source text the finding's range covers. */
  text?: string;
}

interface Case {
  name: string;
  /** A whole manifest, or … */
  manifest?: string;
  /** … a pod spec (YAML, not indented) for `cronJob`. */
  pod?: string;
  config?: JobSentinelConfig;
}

export interface CatchCase extends Case {
  expect: ExpectedFinding[];
}

export function testIndicator(id: string, cases: { catches: CatchCase[]; ignores: Case[] }): void {
  describe(id, () => {
    for (const item of cases.catches) {
      test(`catches: ${item.name}`, () => {
        const text = textOf(item);
        const found = findingsOf(id, text, item.config);
        assert.deepEqual(found.map((finding) => finding.path), item.expect.map((expected) => expected.pointer), 'pointers');
        found.forEach((finding, index) => {
          const expected = item.expect[index];
          if (expected.severity !== undefined) assert.equal(finding.severity, expected.severity, `severity of ${finding.path}`);
          if (expected.line !== undefined) assert.equal(finding.range?.start.line, typeof expected.line === 'number' ? expected.line : lineOf(text, expected.line), `line of ${finding.path}`);
          if (expected.text !== undefined) assert.equal(rangeText(text, finding.range), expected.text, `text at ${finding.path}`);
        });
      });
    }
    for (const item of cases.ignores) {
      test(`ignores: ${item.name}`, () => {
        assert.deepEqual(findingsOf(id, textOf(item), item.config), []);
      });
    }
  });
}

function textOf(item: Case): string {
  if ((item.manifest === undefined) === (item.pod === undefined)) throw new Error(`${item.name}: give a manifest or a pod spec`);
  return item.manifest ?? cronJob(item.pod!);
}

function findingsOf(id: string, text: string, config?: JobSentinelConfig) {
  const result = analyseManifest(text, 'case.yaml', config ? { config } : {});
  assert.deepEqual(result.errors.filter((error) => !error.skipped), [], 'the case is a valid manifest');
  return result.findings.filter((finding) => finding.indicator === id);
}
