// Benchmark: `jobsentinel audit --format json` on each export format responders hold besides the
// kube-apiserver's own log (docs/audit-formats.md), each made from one generated kube-apiserver log of
// the same events, so every row reads the same requests. Goal: each format ≥ 100 MB/s (of the export's
// own bytes), also a gzipped S3 export task; and a log holding a 1 GiB run of blank lines (gzipped)
// within 3× of `zcat | wc -l` over the same file. jobsentinel runs with NODE_EXTRA_CA_CERTS unset, as on
// a workstation (this machine sets it for its proxy and every Node process then parses that bundle first).
// Sizes: AUDIT_EXPORTS_MB (default 64), AUDIT_EXPORTS_ROUNDS (default 3).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { writeAuditLog } from './lib/generate-audit-log.mjs';

const MB = Number(process.env.AUDIT_EXPORTS_MB ?? 64);
const ROUNDS = Number(process.env.AUDIT_EXPORTS_ROUNDS ?? 3);
const GOAL_MBS = 100;
const GOAL_BLANK_RATIO = 3;
const root = new URL('..', import.meta.url).pathname;
const dataDir = new URL('.data/exports/', import.meta.url).pathname;
const BIN = `${root}node_modules/.bin/jobsentinel`;
mkdirSync(dataDir, { recursive: true });

const base = `${dataDir}kube-${MB}mb.log`;
if (!existsSync(base)) {
  console.log(`generating ${base}…`);
  await writeAuditLog(base, { targetBytes: MB * 1e6, seed: 11 });
}

const csvField = (value) => `"${String(value ?? '').replaceAll('"', '""')}"`;
const json = (value) => (value === undefined ? '' : JSON.stringify(value));
/** Each export: its file name and how one kube-apiserver event line becomes its record (with a header/footer). */
const EXPORTS = {
  'AKS AzureDiagnostics (az JSON)': { file: 'azure-diagnostics.json', head: '[\n', sep: ',\n', tail: '\n]\n', row: (line, e) => JSON.stringify({ TenantId: 't', TimeGenerated: e.stageTimestamp, Category: 'kube-audit', log_s: line, pod_s: 'kube-apiserver-1', stream_s: 'stdout', Type: 'AzureDiagnostics', TableName: 'PrimaryResult' }) },
  'AKS AzureDiagnostics (portal CSV)': { file: 'azure-diagnostics.csv', head: 'TimeGenerated [UTC],Category,log_s,pod_s\r\n', row: (line, e) => [e.stageTimestamp, 'kube-audit', line, 'kube-apiserver-1'].map(csvField).join(',') + '\r\n' },
  'AKSAudit (az JSON)': { file: 'aksaudit.json', head: '[\n', sep: ',\n', tail: '\n]\n', row: (_, e) => JSON.stringify({ TimeGenerated: e.stageTimestamp, Level: e.level, AuditId: e.auditID, Stage: e.stage, RequestUri: e.requestURI, Verb: e.verb, User: json(e.user), SourceIps: json(e.sourceIPs), UserAgent: e.userAgent, ObjectRef: json(e.objectRef), ResponseStatus: json(e.responseStatus), RequestObject: json(e.requestObject), ResponseObject: json(e.responseObject), Annotations: json(e.annotations), Type: 'AKSAudit' }) },
  'AKSAudit (portal CSV)': { file: 'aksaudit.csv', head: 'TimeGenerated [UTC],Level,AuditId,Stage,Verb,User,ObjectRef,ResponseStatus,RequestObject,Annotations\r\n', row: (_, e) => [e.stageTimestamp, e.level, e.auditID, e.stage, e.verb, json(e.user), json(e.objectRef), json(e.responseStatus), json(e.requestObject), json(e.annotations)].map(csvField).join(',') + '\r\n' },
  'EKS export task to S3': { file: 'eks-s3-export.log', row: (line, e) => `${new Date(Date.parse(e.stageTimestamp)).toISOString()} ${line}\n` },
  'EKS Logs Insights CSV': { file: 'logs-insights.csv', head: '@timestamp,@message,@logStream\n', row: (line, e) => [e.stageTimestamp, line, 'kube-apiserver-audit-1'].map(csvField).join(',') + '\n' },
  'GKE BigQuery rows': { file: 'bigquery.jsonl', row: (_, e) => JSON.stringify(bigQueryRow(e)) + '\n' },
  'Splunk JSON lines': { file: 'splunk.jsonl', row: (line, e) => JSON.stringify({ preview: false, offset: 0, result: { _raw: line, _time: e.stageTimestamp, host: 'h', source: 's', sourcetype: 'kube:apiserver:audit' } }) + '\n' },
  'Splunk CSV': { file: 'splunk.csv', head: '"_time",host,"_raw"\n', row: (line, e) => [e.stageTimestamp, 'h', line].map(csvField).join(',') + '\n' },
  'kubectl logs --timestamps': { file: 'kubectl-logs.log', row: (line, e) => `${e.stageTimestamp.replace('Z', '').padEnd(29, '0')}Z ${line}\n` },
};

function bigQueryRow(e) {
  const ref = e.objectRef ?? {};
  const group = ref.apiGroup || 'core';
  const path = `${group}/${ref.apiVersion ?? 'v1'}/namespaces/${ref.namespace}/${ref.resource}/${ref.name ?? ''}`;
  return {
    protopayload_auditlog: {
      serviceName: 'k8s.io', methodName: `io.k8s.${group}.${ref.apiVersion ?? 'v1'}.${ref.resource}${ref.subresource ? `.${ref.subresource}` : ''}.${e.verb}`, resourceName: path,
      authenticationInfo: { principalEmail: e.user?.username }, requestMetadata: { callerIp: e.sourceIPs?.[0], callerSuppliedUserAgent: e.userAgent },
      status: (e.responseStatus?.code ?? 200) >= 400 ? { code: 7 } : null, requestJson: e.requestObject === undefined ? null : JSON.stringify(e.requestObject), responseJson: null,
    },
    timestamp: e.stageTimestamp, insertId: e.auditID, operation: { id: e.auditID, producer: 'k8s.io' }, labels: { authorization_k8s_io_decision: 'allow' },
  };
}

for (const format of Object.values(EXPORTS)) {
  format.path = `${dataDir}${format.file}`;
  if (existsSync(format.path) && statSync(format.path).mtimeMs > statSync(base).mtimeMs) continue;
  console.log(`writing ${format.path}…`);
  const out = createWriteStream(format.path);
  const write = async (text) => (out.write(text) ? undefined : once(out, 'drain'));
  if (format.head) await write(format.head);
  let first = true;
  for await (const line of createInterface({ input: createReadStream(base), crlfDelay: Infinity })) {
    if (line === '') continue;
    if (!first && format.sep) await write(format.sep);
    first = false;
    await write(format.row(line, JSON.parse(line)));
  }
  if (format.tail) await write(format.tail);
  out.end();
  await once(out, 'finish');
}
const s3 = EXPORTS['EKS export task to S3'].path;
if (!existsSync(`${s3}.gz`) || statSync(`${s3}.gz`).mtimeMs < statSync(s3).mtimeMs) await pipeline(createReadStream(s3), createGzip({ level: 6 }), createWriteStream(`${s3}.gz`));

// A log with a 1 GiB run of blank lines between two events, gzipped (about 1 MB).
const blank = `${dataDir}blank-1gib.log.gz`;
if (!existsSync(blank)) {
  console.log(`writing ${blank}…`);
  const [firstEvent] = readFileSync(base, 'utf8').slice(0, 1 << 20).split('\n');
  const gzip = createGzip({ level: 6 });
  const done = pipeline(gzip, createWriteStream(blank));
  gzip.write(`${firstEvent}\n`);
  const newlines = Buffer.alloc(1 << 20, 0x0a);
  for (let i = 0; i < 1024; i++) if (!gzip.write(newlines)) await once(gzip, 'drain');
  gzip.end(`${firstEvent}\n`);
  await done;
}

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
function timed(command) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', 'bash', '-c', command], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const [wall, rssKB] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  if (Number.isNaN(wall)) throw new Error(`${command} failed: ${run.stderr}`);
  return { wall, rssMB: rssKB / 1024 };
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const audit = (path) => `${quote(BIN)} audit --format json ${quote(path)} > ${quote(`${dataDir}out.json`)}`;

const rows = [['export', 'size', 'wall (median)', 'MB/s', 'peak RSS', 'matches', 'goal']];
let failed = false;
const reference = matchesOf(base);
for (const [name, format] of [...Object.entries(EXPORTS), ['EKS export task to S3, gzip', { path: `${s3}.gz`, plainSize: statSync(s3).size }]]) {
  const runs = Array.from({ length: ROUNDS }, () => timed(`${audit(format.path)} || [ $? -eq 1 ]`));
  const size = format.plainSize ?? statSync(format.path).size;
  const wall = median(runs.map((run) => run.wall));
  const rate = size / 1e6 / wall;
  const matches = JSON.parse(readFileSync(`${dataDir}out.json`, 'utf8')).matches.length;
  const ok = rate >= GOAL_MBS && matches === reference;
  failed ||= !ok;
  rows.push([name, `${(size / 1e6).toFixed(0)} MB`, `${wall.toFixed(2)} s`, rate.toFixed(0), `${Math.max(...runs.map((run) => run.rssMB)).toFixed(0)} MB`, `${matches}/${reference}`, ok ? 'met' : 'NOT met']);
}
printTable(rows);
console.log('(MB/s counts the export\'s own uncompressed bytes; matches must equal those of the kube-apiserver log it was made from.)');

const blankRuns = Array.from({ length: ROUNDS }, () => ({
  ours: timed(`${quote(BIN)} audit --format json ${quote(blank)} > /dev/null || [ $? -eq 1 ]`).wall,
  zcat: timed(`zcat ${quote(blank)} | wc -l > /dev/null`).wall,
}));
const ratio = median(blankRuns.map((run) => run.ours / run.zcat));
console.log(`${ratio <= GOAL_BLANK_RATIO ? 'met    ' : 'NOT met'}  1 GiB of blank lines (gzip): ${median(blankRuns.map((run) => run.ours)).toFixed(2)} s, ${ratio.toFixed(2)}× zcat | wc -l (${median(blankRuns.map((run) => run.zcat)).toFixed(2)} s), goal ≤ ${GOAL_BLANK_RATIO}×`);
if (failed || ratio > GOAL_BLANK_RATIO) process.exitCode = 1;

function matchesOf(path) {
  spawnSync('bash', ['-c', `${audit(path)} || true`], { env });
  return JSON.parse(readFileSync(`${dataDir}out.json`, 'utf8')).matches.length;
}

function printTable(table) {
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => String(row[column]).length)));
  for (const row of table) console.log(row.map((cell, column) => String(cell).padEnd(widths[column])).join('  '));
}
