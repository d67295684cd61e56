/** deploy/ read with jobsentinel's own YAML reader (kubectl is not at hand): valid, and what the docs promise. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyseManifest, parseText } from '@jobsentinel/core';

function objects(name: string): any[] {
  const text = readFileSync(new URL(`../../../deploy/${name}`, import.meta.url), 'utf8');
  const parsed = parseText(text, { kubernetesScalars: true });
  assert.deepEqual(parsed.problems, [], name);
  return parsed.documents.map((document) => document.value);
}

test('the Deployment runs 2 non-root replicas with probes, resources and a read-only root filesystem, behind a Service and a PDB', () => {
  const all = objects('jobsentinel.yaml');
  const deployment = all.find((object) => object.kind === 'Deployment');
  assert.equal(deployment.spec.replicas, 2);
  const pod = deployment.spec.template.spec;
  assert.equal(pod.securityContext.runAsNonRoot, true);
  const container = pod.containers[0];
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.equal(container.readinessProbe.httpGet.path, '/healthz');
  assert.equal(container.livenessProbe.httpGet.scheme, 'HTTPS');
  assert.ok(container.resources.requests.cpu && container.resources.limits.memory);
  assert.deepEqual(container.args.slice(0, 1), ['serve']);
  assert.ok(all.some((object) => object.kind === 'Service'));
  assert.equal(all.find((object) => object.kind === 'PodDisruptionBudget').spec.minAvailable, 1);
});

test('the ValidatingWebhookConfiguration fails open, times out in 5 s, has no side effects, and matches only batch jobs and cronjobs', () => {
  const [config] = objects('validating-webhook.yaml');
  const webhook = config.webhooks[0];
  assert.equal(webhook.failurePolicy, 'Ignore');
  assert.equal(webhook.timeoutSeconds, 5);
  assert.equal(webhook.sideEffects, 'None');
  assert.deepEqual(webhook.rules.map((rule: any) => [rule.apiGroups, rule.resources]), [[['batch'], ['jobs', 'cronjobs']]]);
  assert.equal(webhook.clientConfig.service.path, '/validate');
});

test('the audit webhook kubeconfig points at /audit and the audit policy logs job writes with bodies', () => {
  const [kubeconfig] = objects('audit-webhook-kubeconfig.yaml');
  assert.match(kubeconfig.clusters[0].cluster.server, /^https:\/\/.*\/audit$/);
  const [policy] = objects('audit-policy.yaml');
  assert.equal(policy.rules[0].level, 'Request');
  assert.deepEqual(policy.rules[0].resources, [{ group: 'batch', resources: ['jobs', 'cronjobs'] }]);
});

test('jobsentinel finds nothing to say about its own deployment', () => {
  for (const name of ['jobsentinel.yaml', 'validating-webhook.yaml']) {
    const text = readFileSync(new URL(`../../../deploy/${name}`, import.meta.url), 'utf8');
    assert.deepEqual(analyseManifest(text, name).errors.filter((error) => !error.skipped), []);
  }
});
