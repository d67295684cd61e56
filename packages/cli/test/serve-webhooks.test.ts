/**
 * `jobsentinel serve` end to end: the real command over TLS, called as kube-apiserver calls its
 * validating webhook and its audit webhook backend.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { admissionReview, call, HONEST_JOB, REVERSE_SHELL_CRONJOB, selfSignedCert, serve, type Served } from './serve-helpers.ts';

const tls = selfSignedCert();

/** An audit webhook batch as kube-apiserver sends it: the fixture log's events in an EventList. */
function eventList(): string {
  const events = readFileSync(new URL('../../../fixtures/audit/kube-apiserver-audit.log', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: events });
}

describe('jobsentinel serve (warning mode, forwarding audit matches)', () => {
  let server: Served;
  const forwarded: string[] = [];
  const sink = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      forwarded.push(`${request.headers['content-type']}\n${body}`);
      response.end();
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    server = await serve(tls, ['--forward', `http://127.0.0.1:${(sink.address() as AddressInfo).port}/ingest`]);
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    sink.close();
  });

  it('answers a malicious CronJob with warnings, the uid echoed, the ignore annotation not honoured', async () => {
    const reply = await call(server.port, tls, 'POST', '/validate?timeout=5s', admissionReview(REVERSE_SHELL_CRONJOB));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/json');
    const review = reply.json();
    assert.equal(review.apiVersion, 'admission.k8s.io/v1');
    assert.equal(review.kind, 'AdmissionReview');
    assert.equal(review.response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
    assert.equal(review.response.allowed, true);
    assert.ok(review.response.warnings.some((warning: string) => /^\[error\] shell-escape: /.test(warning)), review.response.warnings.join('\n'));
    assert.equal(review.response.status, undefined);
  });

  it('allows an honest Job with no warnings, and other kinds and subresources untouched', async () => {
    const honest = (await call(server.port, tls, 'POST', '/validate', admissionReview(HONEST_JOB))).json();
    assert.deepEqual(honest.response, { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'alpine', securityContext: { privileged: true } }] } } } };
    assert.deepEqual((await call(server.port, tls, 'POST', '/validate', admissionReview(deployment))).json().response, { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
    const status = admissionReview(REVERSE_SHELL_CRONJOB, { operation: 'UPDATE', subResource: 'status' });
    assert.deepEqual((await call(server.port, tls, 'POST', '/validate', status)).json().response, { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
  });

  it('judges an audit EventList batch: matches as JSON lines on stdout and forwarded', async () => {
    const reply = await call(server.port, tls, 'POST', '/audit?timeout=30s', eventList());
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json(), { events: 22, matches: 6 });
    const lines = server.stdout().trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 6);
    assert.ok(lines.some((match) => match.auditID === 'a-privileged' && match.indicators[0].indicator === 'privileged-container'));
    for (let wait = 0; forwarded.length === 0 && wait < 50; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(forwarded.length, 1);
    const [type, ...body] = forwarded[0]!.split('\n');
    assert.equal(type, 'application/x-ndjson');
    assert.equal(body.filter((line) => line !== '').length, 6);
  });

  it('locates each audit match in its batch, and reports a request once across batches and replays', async () => {
    const events = JSON.parse(eventList()).items as Array<Record<string, unknown>>;
    const revshell = events.filter((event) => event.auditID === 'a-revshell');
    assert.deepEqual(revshell.map((event) => event.stage), ['RequestReceived', 'ResponseComplete']);
    const batch = (...items: unknown[]) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
    const before = server.stdout().length;
    const fresh = () => server.stdout().slice(before).trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
    const split = (id: string, stage: Record<string, unknown>) => ({ ...stage, auditID: id });
    // RequestReceived in one POST (after an unrelated read and a record that is no event), ResponseComplete in the next.
    const first = await call(server.port, tls, 'POST', '/audit', batch(events.find((event) => event.verb === 'get') ?? {}, 42, split('split-1', revshell[0]!)));
    assert.deepEqual(first.json(), { events: 2, matches: 1 });
    assert.deepEqual(await call(server.port, tls, 'POST', '/audit', batch(split('split-1', revshell[1]!))).then((reply) => reply.json()), { events: 1, matches: 0 });
    // kube-apiserver sends a batch again when it got no answer in time.
    assert.deepEqual(await call(server.port, tls, 'POST', '/audit', batch(split('split-1', revshell[1]!))).then((reply) => reply.json()), { events: 1, matches: 0 });
    const lines = fresh();
    assert.equal(lines.length, 1);
    assert.equal(lines[0].auditID, 'split-1');
    assert.equal(lines[0].line, 3);
    assert.equal(lines[0].location.event, 2);
    assert.equal(lines[0].location.object, '/items/2/requestObject');
    assert.ok(Number.isInteger(lines[0].location.batch) && lines[0].location.batch > 1);
    assert.equal(lines[0].file, `audit-webhook/batch-${lines[0].location.batch}`);
    assert.match(server.stderr(), new RegExp(`audit-webhook/batch-${lines[0].location.batch}:2: error: `));
    assert.match(server.stderr(), new RegExp(`audit match: audit-webhook/batch-${lines[0].location.batch}:3 create jobs payments/sync by mallory@example.com \\(audit ID split-1, unknown\\): `));
    const metrics = (await call(server.port, tls, 'GET', '/metrics')).body;
    assert.match(metrics, /^jobsentinel_audit_repeated_total 2$/m);
  });

  it('serves /healthz and Prometheus /metrics with requests, latency and findings by indicator', async () => {
    assert.equal((await call(server.port, tls, 'GET', '/healthz')).body, 'ok\n');
    const metrics = await call(server.port, tls, 'GET', '/metrics');
    assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(metrics.body, /^jobsentinel_http_requests_total\{path="\/validate",code="200"\} [1-9]/m);
    assert.match(metrics.body, /^jobsentinel_http_request_duration_seconds_bucket\{path="\/validate",le="\+Inf"\} [1-9]/m);
    assert.match(metrics.body, /^jobsentinel_findings_total\{indicator="shell-escape"\} [1-9]/m);
    assert.match(metrics.body, /^jobsentinel_findings_total\{indicator="privileged-container"\} [1-9]/m);
    assert.match(metrics.body, /^jobsentinel_admission_reviews_total\{result="warned"\} [1-9]/m);
  });
});

describe('jobsentinel serve --enforce', () => {
  let server: Served;
  before(async () => (server = await serve(tls, ['--enforce'])));
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('denies with the findings as the message, and still allows an honest Job', async () => {
    const review = (await call(server.port, tls, 'POST', '/validate', admissionReview(REVERSE_SHELL_CRONJOB))).json();
    assert.equal(review.response.allowed, false);
    assert.equal(review.response.status.code, 403);
    assert.equal(review.response.status.reason, 'Forbidden');
    assert.match(review.response.status.message, /^jobsentinel denied this CronJob: \[error\] shell-escape: /);
    assert.equal((await call(server.port, tls, 'POST', '/validate', admissionReview(HONEST_JOB))).json().response.allowed, true);
  });

  it('leaves information-only findings (an alpine image) as warnings', async () => {
    const alpine = { ...HONEST_JOB, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'alpine:3.20', args: ['echo', 'hi'] }] } } } };
    const review = (await call(server.port, tls, 'POST', '/validate', admissionReview(alpine))).json();
    assert.equal(review.response.allowed, true);
    assert.match(review.response.warnings[0], /^\[information\] attacker-tooling/);
  });

  it('drains on SIGTERM: a request in flight is answered, then the process exits 0', async () => {
    const body = admissionReview(REVERSE_SHELL_CRONJOB);
    const { request } = await import('node:https');
    const pending = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/validate', ca: tls.certPem, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, 100));
      // The request is in flight (headers and part of the body sent) when SIGTERM arrives.
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(100)), 300);
      }, 300);
    });
    assert.equal(await pending, 200);
    assert.equal(await server.exited, 0);
    assert.match(server.stderr(), /SIGTERM: draining/);
  });
});

describe('jobsentinel serve usage', () => {
  it('requires a certificate and key, and a readable one', async () => {
    const { run } = await import('./helpers.ts');
    assert.equal(run(['serve']).status, 2);
    const missing = run(['serve', '--tls-cert', '/nonexistent/cert', '--tls-key', '/nonexistent/key', '--listen', '127.0.0.1:0']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the TLS certificate/);
    assert.equal(run(['serve', '--tls-cert', tls.cert, '--tls-key', tls.key, '--listen', 'nowhere']).status, 2);
  });
});
