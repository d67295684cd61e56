import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareTimes, IncidentTracker, type AuditMatch } from '../src/entries/audit.js';
import { cronJobObject, jobObject, scan } from './fixtures/audit/canonical.ts';
import { CRONJOB_CONTROLLER, controllerJob, HARMLESS, jsonLines, kubeEvent, REVERSE_SHELL } from './fixtures/audit/events.ts';

async function incidentsOf(text: string) {
  const { matches } = await scan(text);
  const tracker = new IncidentTracker(2);
  for (const match of matches) tracker.add(match);
  return { matches, tracker, incidents: tracker.list() };
}

describe('incidents, not rows', () => {
  test('a malicious CronJob that runs every minute for a day is one incident: first and last time, count, every user', async () => {
    const events = [kubeEvent({ requestObject: cronJobObject('build', 'ci', REVERSE_SHELL) })];
    for (let minute = 1; minute <= 1440; minute++) events.push(controllerJob('build', minute, REVERSE_SHELL));
    const { matches, incidents } = await incidentsOf(jsonLines(...events));
    assert.equal(matches.length, 1441);
    assert.equal(incidents.length, 1);
    assert.deepEqual(
      { ...incidents[0], indicators: undefined },
      {
        kind: 'CronJob', namespace: 'ci', name: 'build', severity: 'error', first: '2026-03-02T10:00:00.100000Z', last: '2026-03-03T10:00:00.000Z',
        matches: 1441, denied: 0, indicators: undefined, users: ['alice@example.com', CRONJOB_CONTROLLER], impersonatedUsers: [], cloudIdentities: [],
        file: null, line: 1,
      },
    );
    assert.deepEqual(incidents[0].indicators, ['shell-escape', 'attacker-tooling']);
  });

  test('the same name in two namespaces, and a hand-made Job named like a scheduled one, are separate incidents', async () => {
    const { incidents } = await incidentsOf(
      jsonLines(
        kubeEvent(),
        kubeEvent({ requestObject: cronJobObject('build', 'prod', REVERSE_SHELL) }, { namespace: 'prod' }),
        kubeEvent({ requestObject: jobObject('build-29000001', 'ci', REVERSE_SHELL) }, { resource: 'jobs', name: 'build-29000001' }),
      ),
    );
    assert.deepEqual(incidents.map((incident) => `${incident.kind} ${incident.namespace}/${incident.name}`).sort(), ['CronJob ci/build', 'CronJob prod/build', 'Job ci/build-29000001']);
  });

  test('the union of indicators, most severe first, and the worst severity; denied requests counted', async () => {
    const privileged = { containers: [{ name: 'c', image: 'registry.example.com/x:1', securityContext: { privileged: true } }] };
    const hostNetwork = { hostNetwork: true, containers: [{ name: 'c', image: 'registry.example.com/x:1' }] };
    const { incidents } = await incidentsOf(
      jsonLines(
        kubeEvent({ requestObject: cronJobObject('build', 'ci', hostNetwork) }),
        kubeEvent({ verb: 'update', requestObject: cronJobObject('build', 'ci', privileged), responseStatus: { code: 403 } }),
      ),
    );
    assert.deepEqual([incidents[0].severity, incidents[0].indicators, incidents[0].denied], ['error', ['privileged-container', 'host-network'], 1]);
  });

  test('impersonated users and cloud identities of an incident are listed once each', async () => {
    const as = { impersonatedUser: { username: 'deployer' }, user: { username: 'alice', extra: { oid: ['o-1'] } } };
    const { incidents } = await incidentsOf(jsonLines(kubeEvent(as), kubeEvent({ ...as, verb: 'update' })));
    assert.deepEqual([incidents[0].users, incidents[0].impersonatedUsers, incidents[0].cloudIdentities], [['alice'], ['deployer'], ['o-1']]);
  });

  test('an incident keeps the first few requests and the latest, counting the rest: memory follows objects, not matches', async () => {
    const events = [];
    for (let minute = 1; minute <= 50; minute++) events.push(controllerJob('build', minute, REVERSE_SHELL));
    const { tracker } = await incidentsOf(jsonLines(...events));
    const [{ requests }] = tracker.withRequests();
    assert.deepEqual(
      [requests.first.map((match) => match.name), requests.last?.name, requests.omitted],
      [['build-29000001', 'build-29000002'], 'build-29000050', 47],
    );
  });

  test('clean Jobs of a malicious-looking name open no incident', async () => {
    const { incidents } = await incidentsOf(jsonLines(controllerJob('build', 1, HARMLESS), controllerJob('build', 2, HARMLESS)));
    assert.deepEqual(incidents, []);
  });

  test('incidents are ordered by severity, then by when they started', () => {
    const tracker = new IncidentTracker();
    const match = (name: string, severity: 'error' | 'warning', timestamp: string) =>
      ({ name, namespace: 'ns', resource: 'cronjobs', owner: null, timestamp, outcome: 'allowed', user: 'u', impersonatedUser: null, cloudIdentity: null, file: 'f', line: 1, indicators: [{ indicator: 'x', severity, message: '', path: '', evidence: '' }] }) as unknown as AuditMatch;
    tracker.add(match('late-error', 'error', '2026-03-02T11:00:00Z'));
    tracker.add(match('warning', 'warning', '2026-03-02T09:00:00Z'));
    tracker.add(match('early-error', 'error', '2026-03-02T10:00:00Z'));
    assert.deepEqual(tracker.list().map((incident) => incident.name), ['early-error', 'late-error', 'warning']);
  });

  test('timestamps with different fractions compare as instants', () => {
    assert.ok(compareTimes('2026-03-02T10:00:05Z', '2026-03-02T10:00:04.999999Z') > 0);
    assert.ok(compareTimes('2026-03-02T10:00:05.100Z', '2026-03-02T10:00:05.2Z') < 0);
  });
});
