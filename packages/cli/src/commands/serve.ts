import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolverFor } from '../config/resolve.js';
import { systemMessage } from '../inputs/collect.js';
import { EXIT_CLEAN, EXIT_FAILED, UsageError, type Io } from '../io.js';
import { patternEngineFor } from '../pattern-engine.js';
import { DEFAULT_MAX_BODY_BYTES, startServer } from '../serve/server.js';
import type { Command } from './command.js';
import { isSet, optionsHelp, parseArguments, stringValue, type OptionSpec } from './arguments.js';
import { HELP_OPTION } from './options.js';

const OPTIONS: OptionSpec[] = [
  { name: 'tls-cert', value: 'FILE', help: ['PEM certificate (chain) the webhooks are served with'] },
  { name: 'tls-key', value: 'FILE', help: ['its PEM private key'] },
  { name: 'listen', short: 'l', value: 'HOST:PORT', help: ['where to listen (default 0.0.0.0:8443)'] },
  { name: 'config', short: 'c', value: 'FILE', help: ['.jobsentinel.yaml tuning for both webhooks'] },
  { name: 'enforce', help: ['deny Jobs and CronJobs with error or warning findings'] },
  { name: 'forward', value: 'URL', help: ['also POST each batch of audit matches (JSON lines) to this URL'] },
  { name: 'max-body-bytes', value: 'N', help: [`refuse larger request bodies with 413 (default ${DEFAULT_MAX_BODY_BYTES})`] },
  HELP_OPTION,
];

const HELP = `Usage: jobsentinel serve --tls-cert FILE --tls-key FILE [options]

Runs one stateless HTTPS process for kube-apiserver's two webhooks (run several replicas; see
deploy/ and docs/admission.md):

  POST /validate   ValidatingAdmissionWebhook (admission.k8s.io/v1 AdmissionReview): the full
                   analysis of each Job and CronJob written, commands included. Allowed with
                   warnings (kubectl prints them); with --enforce, denied when a finding is an
                   error or a warning. Anything else is allowed untouched.
  POST /audit      audit webhook backend (audit.k8s.io/v1 EventList batches): each batch judged as
                   \`jobsentinel audit\` judges a log; matches written as JSON lines to stdout
  GET  /healthz    200 ok (503 while draining)
  GET  /metrics    Prometheus text: requests, latency, findings by indicator

Options:
${optionsHelp(OPTIONS)}

The certificate and key are re-read every minute: a renewed pair (cert-manager) is served
without a restart. SIGTERM (or SIGINT) stops accepting, answers the requests in flight, and exits 0.
Exit status: 0 after a clean shutdown, 2 bad usage, unreadable certificate or invalid config.
`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the admission webhook and audit webhook receiver over HTTPS',
  help: HELP,
  options: OPTIONS,
  run: serve,
};

/** How often the certificate files are checked for a renewal (the kubelet itself syncs Secret volumes about every minute). */
const TLS_RELOAD_MS = 60_000;

/** How long in-flight requests get after SIGTERM: under a Pod's default 30 s grace period. */
const DRAIN_GRACE_MS = 20_000;

async function serve(args: string[], io: Io): Promise<number> {
  const parsed = parseArguments(args, OPTIONS);
  if (isSet(parsed, 'help')) {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }
  if (parsed.positionals.length > 0) throw new UsageError(`serve takes no arguments, only options; got "${parsed.positionals[0]}"`);
  const value = (name: string) => stringValue(parsed, name);
  const certPath = value('tls-cert');
  const keyPath = value('tls-key');
  if (!certPath || !keyPath) throw new UsageError('--tls-cert and --tls-key are required (kube-apiserver calls webhooks over HTTPS only)');
  const { host, port } = parseListen(value('listen') ?? '0.0.0.0:8443');
  const forwardTo = value('forward');
  const forward = forwardTo === undefined ? undefined : parseForward(forwardTo);
  const sizeLimit = value('max-body-bytes');
  const maxBodyBytes = sizeLimit === undefined ? DEFAULT_MAX_BODY_BYTES : parseSize(sizeLimit);
  const enforce = isSet(parsed, 'enforce');

  const configPath = value('config');
  // A webhook judges objects, not files: only an explicit --config applies.
  const resolver = await resolverFor('serve', { path: configPath, none: configPath === undefined }, io);
  if (!resolver) return EXIT_FAILED;
  const config = configPath === undefined ? undefined : (await resolver.forFile(configPath)).config;

  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(resolve(io.cwd, certPath));
    key = readFileSync(resolve(io.cwd, keyPath));
  } catch (error) {
    io.stderr.write(`jobsentinel serve: cannot read the TLS certificate or key: ${systemMessage(error)}\n`);
    return EXIT_FAILED;
  }

  const log = (line: string): void => io.stderr.write(`jobsentinel serve: ${line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?')}\n`);
  let running;
  try {
    running = await startServer({
      cert,
      key,
      host,
      port,
      config,
      patternEngine: config ? await patternEngineFor(config) : undefined,
      enforce,
      maxBodyBytes,
      forward,
      reloadTls: { everyMs: TLS_RELOAD_MS, read: () => ({ cert: readFileSync(resolve(io.cwd, certPath)), key: readFileSync(resolve(io.cwd, keyPath)) }) },
      log,
      emit: (line) => io.stdout.write(line + '\n'),
    });
  } catch (error) {
    io.stderr.write(`jobsentinel serve: cannot listen on ${host}:${port}: ${systemMessage(error)}\n`);
    return EXIT_FAILED;
  }
  const address = running.address;
  log(`listening on https://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port} (${enforce ? 'enforcing' : 'warning only'}${configPath ? `, config ${configPath}` : ''})`);

  await new Promise<void>((done) => {
    const stop = (signal: string): void => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      log(`${signal}: draining in-flight requests`);
      void running.drain(DRAIN_GRACE_MS).then(done);
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  log('stopped');
  return EXIT_CLEAN;
}

function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new UsageError(`--listen takes HOST:PORT (e.g. 0.0.0.0:8443, [::]:8443), not ${JSON.stringify(value)}`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

function parseForward(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--forward takes an http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--forward takes an http(s) URL, not ${JSON.stringify(value)}`);
  return url;
}

function parseSize(value: string): number {
  if (!/^\d{1,12}$/.test(value) || Number(value) < 1024) throw new UsageError(`--max-body-bytes takes a number of bytes of at least 1024, not ${JSON.stringify(value)}`);
  return Number(value);
}
