import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  formatAuditJson,
  formatAuditSarif,
  formatAuditText,
  collectAuditChunks,
  collectAuditLog,
  rulesFor,
  type AuditedFile,
  type AuditMode,
  type AuditReport,
  type Indicator,
  type JobSentinelConfig,
} from '@jobsentinel/core';
import { wantsColor } from '../color.js';
import { resolverFor } from '../config/resolve.js';
import { systemMessage } from '../inputs/collect.js';
import { EXIT_CLEAN, EXIT_FAILED, EXIT_FOUND, UsageError, type Io } from '../io.js';
import { displayPath } from '../paths.js';
import { patternEngineFor } from '../pattern-engine.js';
import { cliVersion } from '../version.js';
import { nodeByteSearch, openLogFile, ProgressBar, PROGRESS_MIN_BYTES, stdinStream, type OpenedLog } from './audit-input.js';
import type { Command } from './command.js';
import { oneOf, parseCommandOptions, STDIN_NAME, type Format } from './options.js';

const MODES: readonly AuditMode[] = ['structural', 'elastic'];

const HELP = `Usage: jobsentinel audit [options] [FILE...]

Finds Job and CronJob writes in exported Kubernetes audit logs whose pod templates look like
MITRE ATT&CK T1053.007 abuse, one match per request, with who, when, what and the evidence.

Arguments:
  FILE                     an audit log, or - for standard input (the default). Plain or gzip;
                           the format is recognised from the content: kube-apiserver JSON lines,
                           a JSON array or EventList, Elastic documents or a _search response,
                           AKS (properties.log), GKE Cloud Audit Logs (protoPayload), EKS CloudWatch
                           (message / @message, or an aws logs filter-log-events document)

Options:
  -f, --format FORMAT      text (a triage report, the default), json (SPEC v1 object) or sarif
  -c, --config FILE        use this config file; otherwise the nearest .jobsentinel.yaml from the
                           log's folder upwards. Ignore entries may also list users:
  -m, --mode MODE          structural (the default: the request body's pod template, as for
                           manifests) or elastic (the seed rule's six regular expressions over the
                           raw event text, as it was meant to read; noisy, for comparison)
      --stdin-name NAME    the file name reported for standard input (default: ${STDIN_NAME})
  -h, --help               show this help

Malformed records are reported with their line and the scan goes on. A progress bar is drawn on
stderr when it is a terminal and a log is over ${PROGRESS_MIN_BYTES >> 20} MB.

Exit status:
  0  no matches
  1  at least one match
  2  could not run fully: bad usage, an invalid config, a file that cannot be read or is not an
     audit log, a corrupt gzip stream (what was read is still reported)
`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'scan Kubernetes audit logs (files, or - for stdin) for malicious Job/CronJob writes',
  help: HELP,
  run: audit,
};

interface AuditOptions {
  files: string[];
  format: Format;
  mode: AuditMode;
  config?: string;
  stdinName: string;
}

async function audit(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }
  const resolver = resolverFor('audit', options.config, io);
  if (!resolver) return EXIT_FAILED;

  const report: AuditReport = { mode: options.mode, files: [], errors: [] };
  const configs = new Set<JobSentinelConfig>();
  let failed = false;
  for (const file of options.files) {
    const stdin = file === '-';
    const shown = stdin ? options.stdinName : displayPath(resolve(io.cwd, file), io.cwd);
    const located = resolver.forFile(stdin ? join(io.cwd, options.stdinName) : resolve(io.cwd, file));
    for (const problem of located.newProblems) {
      report.errors.push({ file: problem.file, message: problem.message, line: problem.range?.start.line });
      failed = true;
    }
    let opened: OpenedLog;
    try {
      opened = stdin ? { bytes: { stream: stdinStream(io) }, size: undefined, bytesRead: () => 0 } : await openLogFile(resolve(io.cwd, file));
    } catch (error) {
      report.errors.push({ file: shown, message: `cannot read: ${systemMessage(error)}` });
      failed = true;
      continue;
    }
    configs.add(located.config);
    const scanned = await scanOne(opened, shown, options.mode, located.config, io);
    failed ||= scanned.problems.some((problem) => problem.fatal);
    report.files.push(scanned);
  }

  io.stdout.write(render(report, options.format, io, rulesFor(configs)));
  if (failed) return EXIT_FAILED;
  return report.files.some((file) => file.matches.length > 0) ? EXIT_FOUND : EXIT_CLEAN;
}

async function scanOne(opened: OpenedLog, file: string, mode: AuditMode, config: JobSentinelConfig, io: Io): Promise<AuditedFile> {
  const bar = io.stderr.isTTY && opened.size !== undefined && opened.size > PROGRESS_MIN_BYTES ? new ProgressBar(io.stderr, opened.size, file) : undefined;
  // The core counts the bytes it is handed (inflated ones, for gzip); the bar follows the file on disk.
  const onProgress = bar && (() => bar.update(opened.bytesRead()));
  try {
    const patternEngine = await patternEngineFor(config);
    const options = { mode, config, patternEngine, source: file, byteSearch: nodeByteSearch(), onProgress };
    const { matches, summary, problems, formats } =
      'chunks' in opened.bytes ? collectAuditChunks(opened.bytes.chunks, options) : await collectAuditLog(opened.bytes.stream, options);
    return { file, matches, summary, problems, formats: [...formats] };
  } finally {
    bar?.clear();
  }
}

function parseOptions(args: string[]): AuditOptions | 'help' {
  const options = parseCommandOptions(args, { mode: 'm' });
  if (options === 'help') return 'help';
  const mode = oneOf(options.extra.mode ?? 'structural', MODES, 'mode');
  if (options.positionals.length === 0 && process.stdin.isTTY) throw new UsageError('give an audit log file, or - to read one from standard input');
  return {
    files: options.positionals.length > 0 ? options.positionals : ['-'],
    format: options.format,
    mode,
    config: options.config,
    stdinName: options.stdinName,
  };
}

function render(report: AuditReport, format: Format, io: Io, rules: Indicator[]): string {
  switch (format) {
    case 'json':
      return formatAuditJson(report);
    case 'sarif':
      return formatAuditSarif(report, { toolVersion: cliVersion(), baseUri: pathToFileURL(io.cwd).href, rules });
    case 'text':
      return formatAuditText(report, { color: wantsColor(io.env, io.stdout.isTTY) });
  }
}
