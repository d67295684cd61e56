/**
 * The compiled admission policy against the core, on every manifest fixture of the project: for each
 * structural indicator the policy's CEL (run on @bufbuild/cel, a pure-JS engine, with no
 * Kubernetes-only functions) must find a violation exactly where the core has a finding, container by
 * container. A fixture that stops agreeing (say, a new sensitive path in the core that the policy's
 * data does not carry) fails here.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findPodTemplates, INDICATORS, parseText, ScanMemo, type PodTemplate } from '../src/index.js';
import { compilePolicy } from '../src/entries/policy.js';
import { asAdmitted, bindingsFor, checkVerdicts } from './policy-cel-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MANIFEST = /\.(ya?ml|json)$/;

/** Manifest fixtures: samples/, every package's test/fixtures, fixtures/, test/fixtures, and the shared corpus when it sits beside the repository. */
function manifestFiles(): string[] {
  const roots = [
    'samples',
    'fixtures',
    'test/fixtures',
    ...readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}/test/fixtures`),
    '../shared/corpus/manifests',
  ];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      // Audit logs are not manifests, and a config file is not one either.
      if (statSync(path).isDirectory()) {
        if (name !== 'audit' && name !== 'node_modules') walk(path);
      } else if (MANIFEST.test(name) && !name.startsWith('.jobsentinel')) files.push(path);
    }
  };
  for (const root of roots) if (existsSync(join(ROOT, root))) walk(join(ROOT, root));
  return files;
}

/** The container paths of a template in the policy's `variables.containers` order (init, regular, ephemeral). */
function containerPathsInPolicyOrder(template: PodTemplate): string[] {
  const order = ['initContainers', 'containers', 'ephemeralContainers'];
  return [...template.containers].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group)).map((ref) => ref.path);
}

/** Where the core puts a hit: on a container (its path) or on the pod. Attacker-tooling counts only its image hits here. */
function coreHits(template: PodTemplate, indicatorId: string): string[] {
  const indicator = INDICATORS.find((candidate) => candidate.id === indicatorId)!;
  const hits: string[] = [];
  indicator.check(template, (hit) => {
    if (indicatorId === 'attacker-tooling' && !hit.path.endsWith('/image')) return;
    hits.push(hit.path);
  }, { customImages: [], memo: new ScanMemo() });
  return hits;
}

const policy = compilePolicy();
const exactChecks = policy.validations.flatMap((validation) => validation.checks.filter((check) => check.exact));
const files = manifestFiles();

describe('admission policy agrees with the core on every manifest fixture', () => {
  it('finds the fixtures (samples, package fixtures, the policy edge cases)', () => {
    assert.ok(files.some((file) => file.includes('/samples/')));
    assert.ok(files.some((file) => file.endsWith('structural-edge-cases.yaml')));
  });

  it('has an exact check for every structural indicator', () => {
    const ids = new Set(exactChecks.map((check) => check.indicator));
    for (const id of ['attacker-tooling', 'host-path-mount', 'privileged-container', 'host-network', 'sensitive-mount', 'host-pid', 'host-ipc', 'dangerous-capabilities', 'privilege-escalation']) {
      assert.ok(ids.has(id), id);
    }
  });

  let compared = 0;
  let violationsSeen = 0;
  for (const file of files) {
    it(file.slice(ROOT.length), () => {
      const parsed = parseText(readFileSync(file, 'utf8'), { kubernetesScalars: true });
      for (const document of parsed.documents) {
        for (const template of findPodTemplates(document.value)) {
          // A list item is admitted as kubectl sends it: typed by its list when it says nothing itself (`CronJobList`).
          const item = () => (document.value as { items: Array<Record<string, unknown>> }).items[Number(template.objectPath.split('/')[2])];
          const object = template.objectPath === '' ? document.value : { apiVersion: template.apiVersion, kind: template.kind, ...item() };
          const bindings = bindingsFor(policy, { object, namespace: template.namespace ?? 'default' });
          const containerPaths = containerPathsInPolicyOrder(template);
          for (const check of exactChecks) {
            const hits = coreHits(template, check.indicator);
            const verdicts = checkVerdicts(check, bindings);
            const where = `${check.indicator} in ${template.kind} ${template.name ?? '?'} (${file.slice(ROOT.length)})`;
            if (check.scope === 'pod') {
              assert.equal(verdicts[0], hits.length > 0, `${where}: core hits ${JSON.stringify(hits)}`);
            } else {
              const expected = containerPaths.map((path) => hits.some((hit) => hit.startsWith(path + '/')));
              assert.deepEqual(verdicts, expected, `${where}: containers ${JSON.stringify(containerPaths)}, core hits ${JSON.stringify(hits)}`);
            }
            compared++;
            violationsSeen += verdicts.filter(Boolean).length;
          }
        }
      }
    });
  }

  it('compared a meaningful number of verdicts, violations among them', () => {
    assert.ok(compared > 100, `compared ${compared}`);
    assert.ok(violationsSeen > 20, `violations ${violationsSeen}`);
  });

  it('drops null fields as the API server does before the policy sees the object', () => {
    assert.deepEqual(asAdmitted({ a: null, b: [{ c: null, d: 1 }] }), { b: [{ d: 1 }] });
  });
});
