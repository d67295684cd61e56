/**
 * The public samples in ../shared/corpus/manifests (copied into fixtures/corpus): real manifests that
 * were not written for this project, with every finding they must (and must not) produce.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyseManifest, type Finding } from '../src/index.js';

function analyseFixture(name: string) {
  const text = readFileSync(new URL(`./fixtures/corpus/${name}`, import.meta.url), 'utf8');
  return { text, ...analyseManifest(text, name) };
}

/** What a reviewer reads: indicator, severity, where, and the exact source text at the range. */
function summary(text: string, findings: Finding[]) {
  const lines = text.split('\n');
  return findings.map((finding) => {
    const { start, end } = finding.range!;
    assert.equal(start.line, end.line, 'these findings sit on one line');
    return {
      indicator: finding.indicator,
      severity: finding.severity,
      path: finding.path,
      line: start.line,
      source: lines[start.line - 1].slice(start.column - 1, end.column - 1),
    };
  });
}

const CRONJOB_CONTAINER = '/spec/jobTemplate/spec/template/spec/containers/0';

describe('public corpus: Atomic Red Team T1053.007 CronJob (batch/v1beta1, no trailing newline)', () => {
  const result = analyseFixture('atomic-red-team-T1053.007-cronjob.yaml');

  it('flags the busybox image as attacker tooling, at the image value', () => {
    assert.deepEqual(summary(result.text, result.findings), [
      { indicator: 'attacker-tooling', severity: 'information', path: `${CRONJOB_CONTAINER}/image`, line: 13, source: 'busybox:stable' },
    ]);
  });

  it('does not call `date; echo Hello` a shell escape: sh -c alone is not one', () => {
    assert.equal(result.findings.filter((finding) => finding.indicator === 'shell-escape').length, 0);
  });

  it('parses cleanly and names the object', () => {
    assert.deepEqual(result.errors, []);
    assert.equal(result.documents, 1);
    assert.deepEqual([result.findings[0].kind, result.findings[0].name, result.findings[0].namespace], ['CronJob', 'art', null]);
  });
});

describe('public corpus: Kubernetes documentation CronJob', () => {
  const result = analyseFixture('kubernetes-docs-cronjob.yaml');

  it('flags only the busybox image', () => {
    assert.deepEqual(result.errors, []);
    assert.deepEqual(summary(result.text, result.findings), [
      { indicator: 'attacker-tooling', severity: 'information', path: `${CRONJOB_CONTAINER}/image`, line: 13, source: 'busybox' },
    ]);
  });
});

describe('public corpus: Kubernetes documentation Job (perl, flow-style command)', () => {
  const result = analyseFixture('kubernetes-docs-job.yaml');
  const summarised = summary(result.text, result.findings);

  it('flags the perl image, at the image value', () => {
    assert.deepEqual(summarised[0], {
      indicator: 'attacker-tooling',
      severity: 'information',
      path: '/spec/template/spec/containers/0/image',
      line: 10,
      source: 'perl',
    });
  });

  it('raises nothing but attacker-tooling: no shell escape, no structural indicator', () => {
    assert.deepEqual(result.errors, []);
    assert.deepEqual([...new Set(result.findings.map((finding) => finding.indicator))], ['attacker-tooling']);
  });

  it('points any invocation finding at the "perl" scalar inside the flow sequence (README.md, "Indicators": invocations are warnings)', () => {
    assert.ok(summarised.length <= 2, 'one image finding and at most one invocation');
    for (const finding of summarised.slice(1)) {
      assert.deepEqual(finding, {
        indicator: 'attacker-tooling',
        severity: 'warning',
        path: '/spec/template/spec/containers/0/command/0',
        line: 11,
        source: 'perl',
      });
    }
  });
});
