import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from '@jobsentinel/core';
import { compilePolicy } from '@jobsentinel/core/policy';
import { run, workspace } from './helpers.ts';

/** The printed stream as kube-apiserver's decoder would read it, through jobsentinel's own YAML reader. */
function documents(yaml: string): any[] {
  const parsed = parseText(yaml, { kubernetesScalars: true });
  assert.deepEqual(parsed.problems, []);
  return parsed.documents.map((document) => document.value);
}

test('jobsentinel policy prints a ValidatingAdmissionPolicy and its binding for batch jobs and cronjobs', () => {
  const result = run(['policy']);
  assert.equal(result.status, 0, result.stderr);
  const [policy, binding] = documents(result.stdout);
  assert.equal(policy.apiVersion, 'admissionregistration.k8s.io/v1');
  assert.equal(policy.kind, 'ValidatingAdmissionPolicy');
  assert.deepEqual(policy.spec.matchConstraints.resourceRules, [
    { apiGroups: ['batch'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['jobs', 'cronjobs'] },
  ]);
  assert.deepEqual(policy.spec.variables.map((variable: { name: string }) => variable.name).slice(0, 2), ['podSpec', 'containers']);
  assert.match(policy.spec.variables[0].expression, /spec\.jobTemplate\.spec\.template\.spec/);
  assert.match(policy.spec.variables[1].expression, /initContainers.*ephemeralContainers/);
  const messages: string[] = policy.spec.validations.map((validation: { message: string }) => validation.message);
  for (const id of ['privileged-container', 'sensitive-mount', 'dangerous-capabilities', 'shell-escape']) {
    assert.ok(messages.some((message) => message.startsWith(`jobsentinel ${id} `) && message.endsWith(`#${id}`)), id);
  }
  assert.equal(binding.kind, 'ValidatingAdmissionPolicyBinding');
  assert.deepEqual(binding.spec, { policyName: 'jobsentinel', validationActions: ['Warn', 'Audit'] });
  // Which indicators are approximated: in the YAML (a comment) and on stderr.
  assert.match(result.stdout, /^# Approximated with RE2 matches\(\).*shell-escape/m);
  assert.match(result.stderr, /^jobsentinel policy: Approximated .*shell-escape/m);
  // The YAML reads back as exactly what was compiled: no expression was changed by the writing.
  assert.deepEqual([policy, binding], [compilePolicy().policy, compilePolicy().binding]);
});

test('jobsentinel policy --action Deny,Audit and --config compile into the output', () => {
  const dir = workspace({ 'tuning.yaml': 'severity:\n  privilege-escalation: off\nignore:\n  - namespaces: [ci]\n' });
  const result = run(['policy', '--action', 'Deny,Audit', '--config', 'tuning.yaml'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  const [policy, binding] = documents(result.stdout);
  assert.deepEqual(binding.spec.validationActions, ['Deny', 'Audit']);
  assert.ok(!policy.spec.validations.some((validation: { message: string }) => validation.message.includes('privilege-escalation')));
  assert.equal(policy.spec.matchConditions.length, 1);
  assert.match(result.stdout, /^# Config: tuning\.yaml\.$/m);
});

test('jobsentinel policy refuses bad usage and invalid configs with exit 2', () => {
  assert.equal(run(['policy', '--action', 'Block']).status, 2);
  assert.match(run(['policy', '--action', 'Deny,Warn']).stderr, /Deny and Warn/);
  assert.equal(run(['policy', 'extra-argument']).status, 2);
  const dir = workspace({ 'bad.yaml': 'severity:\n  no-such-indicator: off\n' });
  const bad = run(['policy', '--config', 'bad.yaml'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /bad\.yaml:2:\d+: error: .*no-such-indicator/);
});
