import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyseCommands, analyseManifest } from '../src/index.js';
import { cronJob, podWith } from './indicator-helpers.ts';

const SHELL_PIECES = ['curl', 'sh', '-c', ' ', '\n', ';', '&&', '||', '|', '&', '(', ')', '{', '}', '$(', '`', '"', "'", '\\', '$', '${', '<<', 'EOF', '<(', '>&', '2>&1', '/dev/tcp/h/1', 'if', 'then', 'fi', 'case', 'in', 'esac', ';;', 'for', 'do', 'done', '#', '=', "$'\\x", '((', '))', 'sudo', 'env', 'xargs', 'eval', 'bash -c'];
const shellish = fc.array(fc.constantFrom(...SHELL_PIECES), { maxLength: 60 }).map((pieces) => pieces.join(''));

describe('command analysis never throws', () => {
  test('on arbitrary text as a sh -c script', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (script) => {
        analyseCommands({ command: ['sh', '-c', script] }, '/c');
      }),
      { numRuns: 500 },
    );
  });

  test('on shell-like fragments in any order, and every invocation points at a scalar of the container', () => {
    fc.assert(
      fc.property(shellish, shellish, (command, args) => {
        const list = analyseCommands({ command: ['bash', '-c', command], args: [args], lifecycle: { preStop: { exec: { command: ['sh', '-c', args] } } } }, '/c');
        for (const invocation of list) {
          assert.ok(['/c/command/0', '/c/command/2', '/c/args/0', '/c/lifecycle/preStop/exec/command/0', '/c/lifecycle/preStop/exec/command/2'].includes(invocation.path), invocation.path);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('on containers whose fields have the wrong types', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (command, args, env) => {
        analyseCommands({ command, args, env, lifecycle: command, livenessProbe: { exec: args } }, '/c');
      }),
      { numRuns: 300 },
    );
    assert.deepEqual(analyseCommands(null, '/c'), []);
    assert.deepEqual(analyseCommands('curl', '/c'), []);
  });

  test('through analyseManifest, for any script in a CronJob', () => {
    fc.assert(
      fc.property(shellish, (script) => {
        const result = analyseManifest(cronJob(podWith({ command: ['sh', '-c', script] })), 'x.yaml');
        for (const finding of result.findings) assert.ok(finding.range, 'every finding has a range');
      }),
      { numRuns: 200 },
    );
  });
});

describe('hostile scripts', () => {
  test('10,000 nested $( does not exhaust the stack', () => {
    const script = '$('.repeat(10_000) + 'curl x' + ')'.repeat(10_000);
    assert.ok(Array.isArray(analyseCommands({ command: ['sh', '-c', script] }, '/c')));
  });

  test('10,000 nested backticks, subshells and braces do not exhaust the stack', () => {
    for (const script of ['`'.repeat(10_000), '('.repeat(10_000) + 'curl x' + ')'.repeat(10_000), '{ '.repeat(10_000) + 'curl x' + '; }'.repeat(10_000), 'if true; then '.repeat(10_000)]) {
      assert.ok(Array.isArray(analyseCommands({ command: ['sh', '-c', script] }, '/c')));
    }
  });

  test('scripts nested 1,000 times (eval eval … curl) are followed to a bounded depth, without error', () => {
    const list = analyseCommands({ command: ['sh', '-c', 'eval '.repeat(1_000) + 'curl x'] }, '/c');
    assert.ok(list.length > 1 && list.length < 20, String(list.length));
    assert.equal(list.some((invocation) => invocation.argv[0] === 'curl'), false);
  });

  test('nesting within the bound is followed all the way', () => {
    let script = 'curl x';
    for (let level = 0; level < 4; level++) script = `sh -c ${JSON.stringify(script)}`;
    assert.ok(analyseCommands({ command: ['sh', '-c', script] }, '/c').some((invocation) => invocation.argv[0] === 'curl'));
  });

  test('a script of 20,000 commands yields every one of them', () => {
    const script = Array.from({ length: 20_000 }, (_, index) => `curl http://x/${index}`).join('\n');
    assert.equal(analyseCommands({ command: ['sh', '-c', script] }, '/c').length, 20_001);
  });

  test('200,000 commands inside a nested sh -c do not overflow the stack', () => {
    const inner = Array.from({ length: 200_000 }, () => 'true').join(';');
    assert.equal(analyseCommands({ command: ['sh', '-c', `sh -c '${inner}'`] }, '/c').length, 200_002);
  });

  test('a 50,000-stage pipeline is analysed, each stage fed by its nearest stages only', () => {
    const list = analyseCommands({ command: ['sh', '-c', Array.from({ length: 50_000 }, () => 'cat').join(' | ') + ' | sh'] }, '/c');
    assert.equal(list.length, 50_002);
    const last = list[list.length - 1];
    assert.equal(last.argv[0], 'sh');
    assert.ok(last.stdinFrom.length > 0 && last.stdinFrom.length <= 64);
  });

  test('hostile inline code (20,000 unclosed os.system calls and backticks) is scanned without blowing up', () => {
    for (const [program, flag, code] of [['python3', '-c', "os.system('".repeat(20_000)], ['perl', '-e', '%x('.repeat(20_000)], ['ruby', '-e', 'system "'.repeat(20_000)]]) {
      assert.ok(Array.isArray(analyseCommands({ command: [program, flag, code] }, '/c')));
    }
  });

  test('a 1 MB single word is one invocation', () => {
    const list = analyseCommands({ command: ['sh', '-c', 'echo ' + 'a'.repeat(1_000_000)] }, '/c');
    assert.equal(list.length, 2);
  });

  test('broken syntax is tolerated and later commands still count', () => {
    const broken = ['echo "unterminated; curl x', "echo 'open", 'fi; done; esac; ) } curl x', 'cat <<EOF\nno terminator\ncurl', 'case x in', '$((1+', '${x:-', 'a=(1 2', '$(( $(curl x'];
    for (const script of broken) {
      assert.doesNotThrow(() => analyseCommands({ command: ['sh', '-c', script] }, '/c'), script);
    }
    assert.ok(analyseCommands({ command: ['sh', '-c', 'fi; done; esac; ) } curl x'] }, '/c').some((i) => i.argv[0] === 'curl'));
  });

  test('a huge file of decoy mentions is analysed without a single command finding', () => {
    const mention = 'echo "curl wget nc -e bash -i /dev/tcp mkfifo socat base64 -d chmod +x"';
    const script = Array.from({ length: 2_000 }, () => mention).join('\n');
    const result = analyseManifest(cronJob(podWith({ command: ['sh', '-c', script] })), 'x.yaml');
    assert.deepEqual(result.findings, []);
  });
});
