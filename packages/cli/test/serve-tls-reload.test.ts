/**
 * A renewed certificate is served without a restart (cert-manager rewrites the Secret, the kubelet
 * the mounted files); a half-written or broken pair is logged and the previous one kept serving.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { startServer, type RunningServer } from '../src/serve/server.ts';
import { selfSignedCert } from './serve-helpers.ts';

const first = selfSignedCert();
const renewed = selfSignedCert();
const logged: string[] = [];

/** The fingerprint of the certificate the server presents to a new connection. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the condition never held');
}

describe('jobsentinel serve reloads its certificate', () => {
  let running: RunningServer;
  const fingerprintOf = (pem: Buffer) => new X509Certificate(pem).fingerprint256;
  before(async () => {
    running = await startServer({
      cert: first.certPem,
      key: first.keyPem,
      host: '127.0.0.1',
      port: 0,
      enforce: false,
      maxBodyBytes: 1024,
      reloadTls: { everyMs: 50, read: () => ({ cert: readFileSync(first.cert), key: readFileSync(first.key) }) },
      log: (line) => logged.push(line),
      emit: () => {},
    });
  });
  after(() => running.drain(1_000));

  it('serves the renewed pair once the files change, and keeps the old one through a broken pair', async () => {
    const port = running.address.port;
    assert.equal(await servedFingerprint(port), fingerprintOf(first.certPem));
    // A certificate that does not go with the key (the files caught between two writes).
    writeFileSync(first.cert, renewed.certPem);
    await eventually(async () => logged.some((line) => /cannot be used, still serving the previous one/.test(line)));
    assert.equal(await servedFingerprint(port), fingerprintOf(first.certPem));
    writeFileSync(first.key, renewed.keyPem);
    await eventually(async () => (await servedFingerprint(port)) === fingerprintOf(renewed.certPem));
    assert.ok(logged.some((line) => /serving the new ones/.test(line)));
  });
});
