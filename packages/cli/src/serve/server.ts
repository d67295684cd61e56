/**
 * The HTTPS process behind `jobsentinel serve`: kube-apiserver's validating webhook (`/validate`)
 * and audit webhook backend (`/audit`), with `/healthz` and `/metrics`. Stateless: every request is
 * judged on its own body, so replicas need nothing shared. The judging is the core's; this file
 * only moves bytes, bounds what a client can make it hold or wait for, and counts.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ScanMemo, type JobSentinelConfig, type PatternEngine } from '@jobsentinel/core';
import { batchName, describeBatchMatch, judgeAuditBatch, ReportedRequests, reviewAdmission, type AdmissionOptions, type BatchMatch } from '@jobsentinel/core/admission';
import { Metrics, ROUTES, type RouteLabel } from './metrics.js';

export const DEFAULT_MAX_BODY_BYTES = 12 * 1024 * 1024;

export interface ServeOptions {
  cert: Buffer;
  key: Buffer;
  host: string;
  port: number;
  config?: JobSentinelConfig;
  patternEngine?: PatternEngine;
  enforce: boolean;
  maxBodyBytes: number;
  /** Where matches are POSTed as JSON lines, besides stdout. */
  forward?: URL;
  /** Bounds on slow clients (milliseconds). */
  timeouts?: Partial<Timeouts>;
  /**
   * Re-reads the certificate and key this often and serves a changed pair from then on: cert-manager
   * renews the Secret, the kubelet updates the mounted files, and the process keeps running.
   */
  reloadTls?: { everyMs: number; read(): { cert: Buffer; key: Buffer } };
  /** One line of operational log (stderr). */
  log(line: string): void;
  /** One audit match as a JSON line (stdout). */
  emit(line: string): void;
}

interface Timeouts {
  /** TLS handshake. */
  handshake: number;
  /** From connection to the end of the headers. */
  headers: number;
  /** From connection to the end of the body: a client trickling bytes is cut off here. */
  request: number;
  /** An idle keep-alive connection. */
  keepAlive: number;
  /** Forwarding one batch of matches. */
  forward: number;
}

const DEFAULT_TIMEOUTS: Timeouts = { handshake: 5_000, headers: 10_000, request: 15_000, keepAlive: 5_000, forward: 5_000 };

export interface RunningServer {
  server: Server;
  address: AddressInfo;
  metrics: Metrics;
  /** Stops accepting, answers what is in flight, then resolves; connections still open after `graceMs` are cut. */
  drain(graceMs: number): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const metrics = new Metrics();
  // State kept between requests: a request's stages (or a batch sent again) in later batches are not reported twice,
  // and the command models of containers already reviewed (a CronJob's every Job carries the same pod spec).
  const reported = new ReportedRequests();
  const memo = new ScanMemo();
  let batches = 0;
  let draining = false;
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      minVersion: 'TLSv1.2',
      handshakeTimeout: timeouts.handshake,
      headersTimeout: timeouts.headers,
      requestTimeout: timeouts.request,
      keepAliveTimeout: timeouts.keepAlive,
      // How often the header and request timeouts are checked (Node's default, 30 s, would let a slow client sit that long).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headers, timeouts.request),
      maxHeaderSize: 16 * 1024,
    },
    (request, response) => {
      const started = process.hrtime.bigint();
      const route = routeOf(request.url);
      response.on('finish', () => metrics.request(route, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
      handle(request, response, route).catch((error: unknown) => {
        // Nothing a client sends may take the process down: an unexpected failure is one 500.
        if (!(error instanceof HttpError)) options.log(`internal error on ${route}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        const code = error instanceof HttpError ? error.code : 500;
        const reason = error instanceof HttpError ? error.message : 'internal error';
        if (!response.headersSent) sendJson(response, code, { code, reason }, code === 413);
        else response.destroy();
      });
    },
  );
  // Malformed HTTP, oversized headers, a timed-out request: answer if the socket still can, then close it.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    metrics.add('client_errors');
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable && !socket.destroyed) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  // A failed or stalled handshake (plain HTTP, garbage, a client that never speaks): drop the connection.
  server.on('tlsClientError', (_error: Error, socket: Socket) => {
    metrics.add('client_errors');
    socket.destroy();
  });

  async function handle(request: IncomingMessage, response: ServerResponse, route: RouteLabel): Promise<void> {
    if (route === 'other') throw new HttpError(404, 'no such path: use POST /validate, POST /audit, GET /healthz or GET /metrics');
    const method = route === '/validate' || route === '/audit' ? 'POST' : 'GET';
    if (request.method !== method) {
      response.setHeader('Allow', method);
      throw new HttpError(405, `${route} takes ${method}`);
    }
    if (route === '/healthz') {
      // Draining replicas leave the Service's endpoints before they stop.
      sendText(response, draining ? 503 : 200, draining ? 'draining\n' : 'ok\n');
      return;
    }
    if (route === '/metrics') {
      sendText(response, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
      return;
    }
    const body = await readBody(request, options.maxBodyBytes);
    if (route === '/validate') {
      const answer = reviewAdmission(body.toString('utf8'), { config: options.config, patternEngine: options.patternEngine, enforce: options.enforce, memo } satisfies AdmissionOptions);
      if (answer.status === 400) throw new HttpError(400, answer.reason);
      for (const finding of answer.findings) metrics.finding(finding.indicator);
      const response_ = answer.review.response;
      metrics.review(!response_.allowed ? 'denied' : response_.warnings ? 'warned' : answer.findings.length > 0 ? 'warned' : 'allowed');
      sendJson(response, 200, answer.review);
      return;
    }
    const batch = ++batches;
    const answer = judgeAuditBatch(body, { config: options.config, patternEngine: options.patternEngine, batch, reported });
    if (answer.status === 400) throw new HttpError(400, answer.reason);
    metrics.add('audit_events', answer.summary.events);
    metrics.add('audit_matches', answer.matches.length);
    metrics.add('audit_repeated', answer.repeated);
    for (const match of answer.matches) for (const hit of match.indicators) metrics.finding(hit.indicator);
    const lines = answer.matches.map((match) => JSON.stringify(match));
    for (const line of lines) options.emit(line);
    // The operator's log places matches and problems as the JSON lines do: batch file name, event line.
    for (const match of answer.matches) options.log(`audit match: ${describeBatchMatch(match)}`);
    for (const problem of answer.problems) options.log(`${batchName(batch)}${problem.event === null ? '' : `:${problem.event + 1}`}: ${problem.severity}: ${problem.message}`);
    if (options.forward && lines.length > 0) void forward(options.forward, lines, answer.matches, timeouts.forward);
    sendJson(response, 200, { events: answer.summary.events, matches: answer.matches.length });
  }

  /** Best effort: kube-apiserver has had its answer; a failed forward is logged and counted, never retried here. */
  async function forward(url: URL, lines: string[], matches: BatchMatch[], timeoutMs: number): Promise<void> {
    try {
      const result = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: lines.join('\n') + '\n',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!result.ok) throw new Error(`HTTP ${result.status}`);
      await result.body?.cancel();
    } catch (error) {
      metrics.add('forward_errors');
      options.log(`could not forward ${matches.length} match(es) to ${url.origin}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const reloader = options.reloadTls ? watchTls(server, options.reloadTls, { cert: options.cert, key: options.key }, options.log) : undefined;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    server,
    metrics,
    address: server.address() as AddressInfo,
    async drain(graceMs) {
      draining = true;
      clearInterval(reloader);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** Serves a renewed certificate and key once they change; an unreadable or unusable pair is logged and the old one kept. */
function watchTls(server: Server, reload: NonNullable<ServeOptions['reloadTls']>, initial: { cert: Buffer; key: Buffer }, log: (line: string) => void): NodeJS.Timeout {
  let current = initial;
  const timer = setInterval(() => {
    let next: { cert: Buffer; key: Buffer };
    try {
      next = reload.read();
    } catch (error) {
      log(`cannot re-read the TLS certificate or key, still serving the previous one: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (next.cert.equals(current.cert) && next.key.equals(current.key)) return;
    try {
      server.setSecureContext({ cert: next.cert, key: next.key, minVersion: 'TLSv1.2' });
    } catch (error) {
      log(`the changed TLS certificate or key cannot be used, still serving the previous one: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    current = next;
    log('TLS certificate and key changed on disk: serving the new ones');
  }, reload.everyMs);
  // A pending reload never keeps the process alive.
  timer.unref();
  return timer;
}

function routeOf(url: string | undefined): RouteLabel {
  const path = (url ?? '').split('?', 1)[0];
  return (ROUTES as readonly string[]).includes(path!) ? (path as RouteLabel) : 'other';
}

/**
 * The body, or a 413 as soon as it is known to be over the limit (from Content-Length, or while
 * reading). Past the limit the rest is read and dropped (the request timeout bounds how long), so the
 * client is not reset mid-write and sees the 413; the answer then closes the connection.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new HttpError(413, `the body is over the ${limit}-byte limit`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.resume();
      reject(new HttpError(413, `the body is over the ${limit}-byte limit`));
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks, size)));
    request.once('error', reject);
    request.once('aborted', () => reject(new HttpError(400, 'the client went away')));
  });
}

function sendJson(response: ServerResponse, code: number, value: unknown, close = false): void {
  send(response, code, JSON.stringify(value), 'application/json', close);
}

function sendText(response: ServerResponse, code: number, text: string, type = 'text/plain; charset=utf-8'): void {
  send(response, code, text, type, false);
}

function send(response: ServerResponse, code: number, text: string, type: string, close: boolean): void {
  const body = Buffer.from(text, 'utf8');
  // After a refused body the rest of it is still on the wire: close rather than read it.
  if (close) response.setHeader('Connection', 'close');
  response.writeHead(code, { 'Content-Type': type, 'Content-Length': body.length });
  response.end(body);
}
