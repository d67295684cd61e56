/**
 * What a client can do to `jobsentinel serve` and what it gets: bodies over the limit (413),
 * malformed or incomplete reviews (400 with a reason), slow clients cut off by the timeouts, garbage
 * on the socket, random bodies; and a bounded load at kube-apiserver's usual concurrency. The server
 * runs in this process, on loopback, with short timeouts so the slow-client cases stay quick.
 */
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../src/serve/server.ts';
import { admissionReview, call, HONEST_JOB, REVERSE_SHELL_CRONJOB, selfSignedCert } from './serve-helpers.ts';

const tls = selfSignedCert();
const LIMIT = 64 * 1024;
const logged: string[] = [];

/** Resolves when the server ends the connection (its FIN, or a reset), with how long that took; then lets the socket go. */
function closedWithin(socket: import('node:net').Socket): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (): void => {
      resolve(Date.now() - started);
      socket.destroy();
    };
    socket.once('end', done);
    socket.once('close', done);
    // Read (and drop) whatever the server says first: a paused socket never sees the end.
    socket.resume();
  });
}

describe('jobsentinel serve under faults', { timeout: 120_000 }, () => {
  let running: RunningServer;
  before(async () => {
    running = await startServer({
      cert: tls.certPem,
      key: tls.keyPem,
      host: '127.0.0.1',
      port: 0,
      enforce: false,
      maxBodyBytes: LIMIT,
      timeouts: { handshake: 500, headers: 500, request: 1_000, keepAlive: 500 },
      log: (line) => logged.push(line),
      emit: () => {},
    });
  });
  after(() => running.drain(1_000));
  const port = () => running.address.port;

  it('refuses a body declared over the limit with 413 before reading it', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port: port(), method: 'POST', path: '/validate', ca: tls.certPem, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': 20 * 1024 * 1024 } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.write('{"apiVersion":');
    });
    assert.equal(reply.status, 413);
    assert.match(JSON.parse(reply.body).reason, /over the 65536-byte limit/);
  });

  it('refuses a chunked body that grows over the limit with 413', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest({ host: '127.0.0.1', port: port(), method: 'POST', path: '/audit', ca: tls.certPem, agent: false, headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let index = 0; index < 40; index++) request.write(Buffer.alloc(4096, 0x20));
      request.end();
    });
    assert.equal(reply, 413);
  });

  it('answers 400 with a reason for malformed JSON, a review without request, and non-reviews', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['/validate', '{"apiVersion":"admission.k8s.io/v1",', /not JSON/],
      ['/validate', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}', /has no request/],
      ['/validate', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{}}}', /no uid/],
      ['/validate', '[1,2,3]', /not a JSON object/],
      ['/validate', '{"kind":"Pod"}', /not an AdmissionReview/],
      ['/audit', 'not json', /not JSON/],
      ['/audit', '{"kind":"Event"}', /not an audit\.k8s\.io EventList/],
    ];
    for (const [path, body, reason] of cases) {
      const reply = await call(port(), tls, 'POST', path, body);
      assert.equal(reply.status, 400, body);
      assert.match(reply.json().reason, reason);
    }
  });

  it('answers 404 for unknown paths and 405 for the wrong method', async () => {
    assert.equal((await call(port(), tls, 'GET', '/')).status, 404);
    assert.equal((await call(port(), tls, 'GET', '/validate')).status, 405);
    assert.equal((await call(port(), tls, 'POST', '/healthz', '{}')).status, 405);
  });

  it('cuts off a client that never finishes its headers (slowloris)', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port: port(), ca: tls.certPem, servername: 'jobsentinel.jobsentinel.svc' });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    socket.write('POST /validate HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const timer = setInterval(() => socket.writable && socket.write('a'), 100);
    const elapsed = await closedWithin(socket);
    clearInterval(timer);
    assert.ok(elapsed < 5_000, `held for ${elapsed} ms`);
  });

  it('cuts off a client that trickles its body', async () => {
    const socket = tlsConnect({ host: '127.0.0.1', port: port(), ca: tls.certPem, servername: 'jobsentinel.jobsentinel.svc' });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    socket.write('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
    const timer = setInterval(() => socket.writable && socket.write(' '), 50);
    const elapsed = await closedWithin(socket);
    clearInterval(timer);
    assert.ok(elapsed < 5_000, `held for ${elapsed} ms`);
  });

  it('cuts off a connection that never starts TLS, and survives plain HTTP and garbage on the socket', async () => {
    const idle = tcpConnect({ host: '127.0.0.1', port: port() });
    idle.on('error', () => {});
    assert.ok((await closedWithin(idle)) < 5_000);
    for (const garbage of ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff, 0, 1, 2, 3]), Buffer.alloc(2048, 0xab)]) {
      const socket = tcpConnect({ host: '127.0.0.1', port: port() });
      socket.on('error', () => {});
      socket.write(garbage);
      await closedWithin(socket);
    }
    // Inside TLS: bytes that are not HTTP get a 400 and a closed connection.
    const socket = tlsConnect({ host: '127.0.0.1', port: port(), ca: tls.certPem, servername: 'jobsentinel.jobsentinel.svc' });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise((resolve) => setImmediate(resolve));
    socket.write('\x00\x01\x02 NOT HTTP \r\n\r\n');
    await closedWithin(socket);
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.equal((await call(port(), tls, 'GET', '/healthz')).body, 'ok\n');
  });

  it('never fails on random bodies: every answer is 200 or 400, and the process stays up', async () => {
    const reviewLike = fc.record({
      apiVersion: fc.constantFrom('admission.k8s.io/v1', 'v1', '__proto__'),
      kind: fc.constantFrom('AdmissionReview', 'x'),
      request: fc.oneof(fc.constant(undefined), fc.record({ uid: fc.string(), kind: fc.anything(), operation: fc.constantFrom('CREATE', 'UPDATE', 1), object: fc.anything() })),
    });
    const bodies = fc.oneof(fc.string(), fc.json(), reviewLike.map((value) => JSON.stringify(value)));
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('/validate', '/audit'), async (body, path) => {
        const reply = await call(port(), tls, 'POST', path, body);
        assert.ok(reply.status === 200 || reply.status === 400, `${reply.status} ${reply.body}`);
      }),
      { numRuns: 150 },
    );
    assert.deepEqual(logged.filter((line) => line.startsWith('internal error')), []);
  });

  it('answers a bounded load at concurrency 16 on loopback, every review correct', async () => {
    // With the serve command's own timeouts: the short ones above keep the slow-client cases quick, but
    // sixteen TLS handshakes at once on a busy CI machine can take longer than half a second.
    const loaded = await startServer({ cert: tls.certPem, key: tls.keyPem, host: '127.0.0.1', port: 0, enforce: false, maxBodyBytes: LIMIT, log: (line) => logged.push(line), emit: () => {} });
    const bodies = [admissionReview(REVERSE_SHELL_CRONJOB), admissionReview(HONEST_JOB)];
    let next = 0;
    const results: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 320) {
            const index = next++;
            const reply = await call(loaded.address.port, tls, 'POST', '/validate?timeout=5s', bodies[index % 2]!);
            const review = reply.json();
            assert.equal(review.response.allowed, true);
            assert.equal(review.response.warnings !== undefined, index % 2 === 0);
            results.push(reply.status);
          }
        }),
      );
    } finally {
      await loaded.drain(1_000);
    }
    assert.equal(results.length, 320);
    assert.ok(results.every((status) => status === 200));
  });
});
