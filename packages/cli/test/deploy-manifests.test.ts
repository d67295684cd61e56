/**
 * The manifests in deploy/ agree with each other and with `jobsentinel serve`: the names, ports and
 * paths one file gives are the ones the others use (Service, webhook, audit kubeconfig, certificate,
 * TLS Secret, container args), the args are flags `serve` takes, and the image is the one the
 * Dockerfile builds from the CLI tarball of this version. A rename in one place fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseText } from '@jobsentinel/core';
import { serveCommand } from '../src/commands/serve.ts';

const ROOT = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');

type Manifest = Record<string, any>;

function manifests(path: string): Manifest[] {
  const parsed = parseText(read(path), { kubernetesScalars: true });
  assert.deepEqual(parsed.problems, [], path);
  return parsed.documents.map((document) => document.value as Manifest).filter((value) => value !== null);
}

function only(list: Manifest[], kind: string, name?: string): Manifest {
  const found = list.filter((manifest) => manifest.kind === kind && (name === undefined || manifest.metadata?.name === name));
  assert.equal(found.length, 1, `one ${kind}${name ? ` ${name}` : ''}`);
  return found[0]!;
}

const app = manifests('deploy/jobsentinel.yaml');
const certManager = manifests('deploy/cert-manager.yaml');
const webhookConfig = only(manifests('deploy/validating-webhook.yaml'), 'ValidatingWebhookConfiguration');
const auditKubeconfig = only(manifests('deploy/audit-webhook-kubeconfig.yaml'), 'Config');
const auditPolicy = only(manifests('deploy/audit-policy.yaml'), 'Policy');

const namespace = only(app, 'Namespace').metadata.name as string;
const deployment = only(app, 'Deployment');
const service = only(app, 'Service');
const pdb = only(app, 'PodDisruptionBudget');
const pod = deployment.spec.template;
const container = pod.spec.containers[0];
const args: string[] = container.args;
const argValue = (flag: string) => args[args.indexOf(flag) + 1]!;

describe('deploy/ manifests agree with each other and with `jobsentinel serve`', () => {
  it('runs `serve` with flags it takes and the documented image built from this version', () => {
    assert.equal(args[0], 'serve');
    const known = new Set(serveCommand.help.match(/--[a-z][a-z-]+/g));
    for (const flag of args.filter((arg) => arg.startsWith('--'))) assert.ok(known.has(flag), `serve takes ${flag}`);
    const version = JSON.parse(read('packages/cli/package.json')).version as string;
    assert.equal(container.image, `ghcr.io/jobsentinel/jobsentinel:${version}`);
    const dockerfile = read('deploy/Dockerfile');
    assert.match(dockerfile, /^FROM node:20-slim$/m);
    assert.match(dockerfile, new RegExp(`^ARG VERSION=${version.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(dockerfile, /^COPY artifacts\/jobsentinel-\$\{VERSION\}\.tgz /m);
    assert.match(dockerfile, /^ENTRYPOINT \["jobsentinel"\]$/m);
    // The image runs as the user the pod asks for, so runAsNonRoot holds whichever sets it.
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    assert.deepEqual([Number(user?.[1]), Number(user?.[2])], [pod.spec.securityContext.runAsUser, pod.spec.securityContext.runAsGroup]);
    assert.match(read('docs/admission.md'), /docker build -f deploy\/Dockerfile -t ghcr\.io\/jobsentinel\/jobsentinel:/);
  });

  it('listens where the container port, the probes and the Service point', () => {
    const listenPort = Number(argValue('--listen').split(':').pop());
    const port = container.ports.find((candidate: Manifest) => candidate.name === service.spec.ports[0].targetPort);
    assert.ok(port, `a container port named ${service.spec.ports[0].targetPort}`);
    assert.equal(port.containerPort, listenPort);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      assert.deepEqual(probe.httpGet, { path: '/healthz', port: port.name, scheme: 'HTTPS' });
    }
    assert.deepEqual(service.spec.selector, pod.metadata.labels);
    assert.deepEqual(pdb.spec.selector.matchLabels, pod.metadata.labels);
    assert.deepEqual(deployment.spec.selector.matchLabels, pod.metadata.labels);
    for (const manifest of [deployment, service, pdb]) assert.equal(manifest.metadata.namespace, namespace);
  });

  it('reads its certificate from the Secret cert-manager writes, mounted read-only', () => {
    const certificate = only(certManager, 'Certificate', 'jobsentinel-tls');
    const secretName = certificate.spec.secretName;
    const volume = pod.spec.volumes.find((candidate: Manifest) => candidate.secret?.secretName === secretName);
    assert.ok(volume, `a volume of the Secret ${secretName}`);
    const mount = container.volumeMounts.find((candidate: Manifest) => candidate.name === volume.name);
    assert.equal(mount.readOnly, true);
    assert.equal(argValue('--tls-cert'), `${mount.mountPath}/tls.crt`);
    assert.equal(argValue('--tls-key'), `${mount.mountPath}/tls.key`);
    assert.match(read('deploy/jobsentinel.yaml'), new RegExp(`Secret ${secretName}`));
  });

  it('has cert-manager issue for the Service name the webhooks call, and inject its CA into the webhook', () => {
    const certificate = only(certManager, 'Certificate', 'jobsentinel-tls');
    for (const manifest of certManager) assert.equal(manifest.metadata.namespace, namespace);
    const serviceHost = `${service.metadata.name}.${namespace}.svc`;
    assert.ok(certificate.spec.dnsNames.includes(serviceHost));
    assert.equal(webhookConfig.metadata.annotations['cert-manager.io/inject-ca-from'], `${namespace}/${certificate.metadata.name}`);
    // The serving certificate comes from the CA issuer, which signs with the self-signed CA certificate's Secret.
    const caIssuer = only(certManager, 'Issuer', certificate.spec.issuerRef.name);
    const ca = only(certManager, 'Certificate', 'jobsentinel-ca');
    assert.equal(caIssuer.spec.ca.secretName, ca.spec.secretName);
    assert.equal(ca.spec.isCA, true);
    assert.ok(only(certManager, 'Issuer', ca.spec.issuerRef.name).spec.selfSigned);
  });

  it('points the validating webhook at the Service, for batch jobs and cronjobs only, failing open', () => {
    const [webhook] = webhookConfig.webhooks;
    assert.deepEqual(webhook.clientConfig.service, { name: service.metadata.name, namespace, path: '/validate', port: service.spec.ports[0].port });
    assert.equal(webhook.failurePolicy, 'Ignore');
    assert.equal(webhook.sideEffects, 'None');
    assert.ok(webhook.timeoutSeconds >= 1 && webhook.timeoutSeconds <= 10);
    assert.deepEqual(webhook.rules.map((rule: Manifest) => [rule.apiGroups, [...rule.resources].sort(), [...rule.operations].sort()]), [[['batch'], ['cronjobs', 'jobs'], ['CREATE', 'UPDATE']]]);
  });

  it('sends audit batches to the same Service, and logs job writes with their bodies', () => {
    const cluster = auditKubeconfig.clusters[0].cluster;
    assert.equal(cluster.server, `https://${service.metadata.name}.${namespace}.svc:${service.spec.ports[0].port}/audit`);
    const [rule] = auditPolicy.rules;
    assert.ok(['Request', 'RequestResponse'].includes(rule.level));
    assert.deepEqual(rule.resources, [{ group: 'batch', resources: ['jobs', 'cronjobs'] }]);
  });

  it('runs two replicas, not root, on a read-only root filesystem', () => {
    assert.equal(deployment.spec.replicas, 2);
    assert.equal(pod.spec.securityContext.runAsNonRoot, true);
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  });
});
