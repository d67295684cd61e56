import { statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printable, rulesFor, type Indicator, type JobSentinelConfig } from '@jobsentinel/core';
import {
  AUDIT_FORMATS,
  AuditSeries,
  endAuditSeries,
  AUDIT_FRAMINGS as FRAMINGS,
  auditIncomplete,
  scanAuditChunks,
  scanAuditLog,
  parseTimeBound,
  type AuditedLog,
  type AuditFilter,
  type AuditFileError,
  type AuditMatch,
  type AuditMode,
  type AuditReportWriter,
  type SuppressedAuditWrite,
  type TextSink,
  type UninspectableWrite,
} from '@jobsentinel/core/audit';
import { auditFormatters, type AuditOutputFormat } from '@jobsentinel/core/formats';
import { wantsColor } from '../color.js';
import { resolverFor } from '../config/resolve.js';
import { systemMessage } from '../inputs/collect.js';
import { EXIT_CLEAN, EXIT_FAILED, EXIT_FOUND, UsageError, type Io, type Output } from '../io.js';
import { givenPath } from '../paths.js';
import { reportOutput } from '../report-output.js';
import { patternEngineFor } from '../pattern-engine.js';
import { cliVersion } from '../version.js';
import { nodeByteSearch, openLogFile, ProgressBar, PROGRESS_MIN_BYTES, stdinLog, type OpenedLog } from './audit-input.js';
import type { Command } from './command.js';
import { rotatedLogs } from './rotated-logs.js';
import { HELP_WIDTH, isSet, oneOf, optionsHelp, stringValue, wrap, type OptionSpec } from './arguments.js';
import {
  CONFIG_OPTIONS,
  FAIL_ON_OPTION,
  failsOn,
  formatOption,
  HELP_OPTION,
  OUTPUT_OPTION,
  parseCommandOptions,
  STDIN_NAME_OPTION,
  type CommonOptions,
} from './options.js';

const MODES: readonly AuditMode[] = ['structural', 'elastic'];

const OPTIONS: OptionSpec[] = [
  formatOption(auditFormatters()),
  {
    ...CONFIG_OPTIONS[0],
    help: [
      'use this config file. Otherwise the nearest .jobsentinel.yaml from the log\'s',
      'folder upwards, never above the repository root or, outside a repository,',
      'above the working folder. Ignore entries may also list users',
    ],
  },
  CONFIG_OPTIONS[1],
  {
    name: 'mode',
    short: 'm',
    value: 'MODE',
    help: [
      'structural (the default: the request body\'s pod template, as for manifests)',
      'or elastic (the seed rule\'s six regular expressions over the raw event text,',
      'as it was meant to read; noisy, for comparison)',
    ],
  },
  FAIL_ON_OPTION,
  OUTPUT_OPTION,
  STDIN_NAME_OPTION(),
  { name: 'since', value: 'TIME', help: ['only job writes at or after TIME: RFC 3339 (2026-05-14T02:00:00Z), a', 'date (2026-05-14, UTC) or an age (30m, 12h, 7d)'] },
  { name: 'until', value: 'TIME', help: ['only job writes at or before TIME (a date means to its end)'] },
  { name: 'namespace', value: 'GLOBS', help: ['only these namespaces (comma-separated globs: ops,ci-*)'] },
  {
    name: 'user',
    value: 'GLOBS',
    help: ['only writes by these users: the requester, the impersonated user or the', "cloud identity (comma-separated globs: 'arn:aws:*:assumed-role/Admin/*')"],
  },
  {
    name: 'show-suppressed',
    help: [
      "list in text output each write whose hits the config's ignore entries suppressed,",
      'with the entry (the summary always counts them; json and sarif always list them)',
    ],
  },
  HELP_OPTION,
];

const HELP = `Usage: jobsentinel audit [options] [FILE...]

Finds Job and CronJob writes in exported Kubernetes audit logs whose pod templates look like
MITRE ATT&CK T1053.007 abuse, one match per request, with who, when, what and the evidence.

Arguments:
  FILE  an audit log, a folder of rotated logs (read oldest first), or - for standard input
        (the default). Plain or gzip; the format is recognised from the content
        (docs/audit-formats.md):
${formatList()}

Options:
${optionsHelp(OPTIONS)}

Filters are applied while the log is read; the summary counts the job writes they left out.

Every report names the config file it applied. Malformed records are reported with their line
and the scan goes on. A progress bar is drawn on stderr when it is a terminal and a log is over
${PROGRESS_MIN_BYTES >> 20} MB.

Exit status:
  0  no match at or above the --fail-on severity
  1  at least one match at or above it (default: warning)
  2  could not run, or could not analyse all of its input: bad usage, a config file that cannot
     be read or is not valid, a file that cannot be read or is not an audit log, a record that
     cannot be decoded, a corrupt gzip stream (every result is still reported)
`;

/** The accepted formats, one per line from the core's table of formats, wrapped under the FILE column. */
function formatList(): string {
  const indent = ' '.repeat(8);
  return [...AUDIT_FORMATS, ...FRAMINGS].map((format) => wrap(`${format.name}: ${format.doc}`, HELP_WIDTH - indent.length - 2).map((line, index) => `${indent}${index === 0 ? '- ' : '  '}${line}`).join('\n')).join('\n');
}


export const auditCommand: Command = {
  name: 'audit',
  summary: 'scan Kubernetes audit logs (files, or - for stdin) for malicious Job/CronJob writes',
  help: HELP,
  options: OPTIONS,
  run: audit,
};

interface AuditOptions extends CommonOptions<AuditOutputFormat> {
  files: string[];
  mode: AuditMode;
  filter: AuditFilter;
  showSuppressed: boolean;
}

async function audit(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }
  const resolver = await resolverFor('audit', options.config, io);
  if (!resolver) return EXIT_FAILED;

  // Every log's config first: the SARIF rules must be known before the first result is written.
  const errors: AuditFileError[] = [];
  const logs: Array<{ file: string; stdin: boolean; shown: string; config: JobSentinelConfig; series?: AuditSeries }> = [];
  const configFiles = new Set<string>();
  for (const { file, series } of expandFolders(options.files, io)) {
    const stdin = file === '-';
    const shown = stdin ? options.stdinName : givenPath(normalize(file));
    const located = await resolver.forFile(stdin ? join(io.cwd, options.stdinName) : resolve(io.cwd, file));
    for (const problem of located.newProblems) errors.push({ file: problem.file, message: problem.message, line: problem.range?.start.line });
    if (located.file !== null) configFiles.add(located.file);
    logs.push({ file, stdin, shown, config: located.config, series });
  }

  const destination = reportOutput(options.output, io);
  if ('error' in destination) {
    io.stderr.write(`jobsentinel audit: ${printable(destination.error)}\n`);
    return EXIT_FAILED;
  }
  const out = bufferedOutput(destination);
  // A report written to a file gets no colour codes, whatever FORCE_COLOR says.
  const color = options.output === undefined && wantsColor(io.env, io.stdout.isTTY);
  const report = writerFor(options, out.write, io, rulesFor(new Set(logs.map((log) => log.config))), color);
  // Matches stream through to the report; the exit status only needs to know whether one fails.
  let failing = false;
  const writer: AuditReportWriter = {
    match(file, match) {
      failing ||= match.indicators.some((hit) => failsOn(hit.severity, options.failOn));
      report.match(file, match);
    },
    uninspectable: (file, write) => report.uninspectable(file, write),
    suppressed: (file, write) => report.suppressed(file, write),
    end: (run) => report.end(run),
  };
  const files: AuditedLog[] = [];
  try {
    for (const [index, { file, stdin, shown, config, series }] of logs.entries()) {
      let opened: OpenedLog | undefined;
      try {
        opened = stdin ? { bytes: { stream: stdinLog(io) }, size: undefined, bytesRead: () => 0 } : await openLogFile(resolve(io.cwd, file));
      } catch (error) {
        errors.push({ file: shown, message: `cannot read: ${systemMessage(error)}` });
      }
      if (opened) files.push(await scanOne(opened, shown, options, config, writer, io, series));
      // After a folder's last log: the requests whose last stage none of its logs held.
      if (series && logs[index + 1]?.series !== series) endSeries(series, shown, config, options, writer, files);
    }
  } catch (error) {
    // An --output file is replaced only by a whole report.
    destination.discard();
    throw error;
  }

  const run = { files, errors, configs: [...configFiles] };
  writer.end(run);
  out.flush();
  const failure = destination.finish();
  if (failure !== undefined) {
    io.stderr.write(`jobsentinel audit: ${printable(failure)}\n`);
    return EXIT_FAILED;
  }
  if (auditIncomplete(run) > 0) return EXIT_FAILED;
  return failing ? EXIT_FOUND : EXIT_CLEAN;
}

/**
 * A folder stands for its logs, oldest first (rotated-logs.ts); the order is said on stderr, so a
 * report's reader knows the events were read as they happened. They are one series: a request whose
 * stages a rotation split over two logs is judged once.
 */
function expandFolders(files: string[], io: Io): Array<{ file: string; series?: AuditSeries }> {
  return files.flatMap((file) => {
    if (file === '-' || !isFolder(resolve(io.cwd, file))) return [{ file }];
    const logs = rotatedLogs(resolve(io.cwd, file));
    io.stderr.write(`jobsentinel: ${printable(file)}: ${logs.length} logs, read in time order (oldest first): ${logs.map((log) => printable(log.name)).join(', ')}\n`);
    const series = new AuditSeries();
    return logs.map((log) => ({ file: join(file, log.name), series }));
  });
}

/** Reports a series' unfinished requests; their counts join the last log scanned (or a log of their own when none could be). */
function endSeries(series: AuditSeries, shown: string, config: JobSentinelConfig, { mode, filter }: AuditOptions, writer: AuditReportWriter, files: AuditedLog[]): void {
  const summary = endAuditSeries(
    series,
    { mode, config, filter, onUninspectable: (write) => writer.uninspectable(write.file ?? shown, write), onSuppressed: (write) => writer.suppressed(write.file ?? shown, write) },
    (match) => writer.match(match.file ?? shown, match),
  );
  if (summary.matches + summary.uninspectable + summary.suppressed === 0) return;
  const last = files.at(-1);
  if (!last) {
    files.push({ file: shown, summary, problems: [], formats: [] });
    return;
  }
  last.summary = { ...last.summary, matches: last.summary.matches + summary.matches, uninspectable: last.summary.uninspectable + summary.uninspectable, suppressed: last.summary.suppressed + summary.suppressed };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** One log through the core, each match, uninspectable and suppressed write going to the report as it is found. */
async function scanOne(opened: OpenedLog, file: string, { mode, filter }: AuditOptions, config: JobSentinelConfig, writer: AuditReportWriter, io: Io, series?: AuditSeries): Promise<AuditedLog> {
  const bar = io.stderr.isTTY && opened.size !== undefined && opened.size > PROGRESS_MIN_BYTES ? new ProgressBar(io.stderr, opened.size, file) : undefined;
  // The core counts the bytes it is handed (inflated ones, for gzip); the bar follows the file on disk.
  const onProgress = bar && (() => bar.update(opened.bytesRead()));
  // A write of a series may have started in an earlier log: each is reported where its own line is.
  const onMatch = (match: AuditMatch) => writer.match(match.file ?? file, match);
  try {
    const patternEngine = await patternEngineFor(config);
    const options = {
      mode, config, patternEngine, filter, source: file, byteSearch: nodeByteSearch(), onProgress, series,
      onUninspectable: (write: UninspectableWrite) => writer.uninspectable(write.file ?? file, write),
      onSuppressed: (write: SuppressedAuditWrite) => writer.suppressed(write.file ?? file, write),
    };
    if ('chunks' in opened.bytes) {
      const { summary, problems, formats } = scanAuditChunks(opened.bytes.chunks, options, onMatch);
      return { file, summary, problems, formats: [...formats] };
    }
    const scan = scanAuditLog(opened.bytes.stream, options);
    for await (const match of scan) onMatch(match);
    return { file, summary: scan.summary, problems: scan.problems, formats: [...scan.formats] };
  } finally {
    bar?.clear();
  }
}

function parseOptions(args: string[]): AuditOptions | 'help' {
  const options = parseCommandOptions(args, OPTIONS, auditFormatters());
  if (options === 'help') return 'help';
  const mode = oneOf(stringValue(options.parsed, 'mode') ?? 'structural', MODES, 'mode');
  const filter = filterOf((name) => stringValue(options.parsed, name));
  const files = options.parsed.positionals;
  if (files.length === 0 && process.stdin.isTTY) throw new UsageError('give an audit log file, or - to read one from standard input');
  return { ...options, files: files.length > 0 ? files : ['-'], mode, filter, showSuppressed: isSet(options.parsed, 'show-suppressed') };
}

/** --since, --until, --namespace, --user as the core's filter; a time that cannot be read is bad usage. */
function filterOf(value: (name: string) => string | undefined): AuditFilter {
  const filter: AuditFilter = {};
  for (const bound of ['since', 'until'] as const) {
    const text = value(bound);
    if (text === undefined) continue;
    const time = parseTimeBound(text, bound);
    if (time === undefined) throw new UsageError(`--${bound} "${text}" is not a time: give RFC 3339 (2026-05-14T02:00:00Z), a date (2026-05-14) or an age (30m, 12h, 7d)`);
    filter[bound] = time;
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until) throw new UsageError('--since is after --until: no write could be in between');
  const globs = (text: string | undefined) => text?.split(',').map((glob) => glob.trim()).filter(Boolean);
  const namespaces = globs(value('namespace'));
  const users = globs(value('user'));
  if (namespaces) filter.namespaces = namespaces;
  if (users) filter.users = users;
  return filter;
}

function writerFor({ format, mode, showSuppressed }: AuditOptions, write: TextSink, io: Io, rules: Indicator[], color: boolean): AuditReportWriter {
  return format.audit(write, mode, { toolVersion: cliVersion(), baseUri: pathToFileURL(io.cwd).href, rules, color, showSuppressed });
}

/** The report goes out in pieces of about 64 KB: one write per match would be one system call per match. */
function bufferedOutput(output: Output): { write: TextSink; flush(): void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    output.write(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write(text) {
      pending.push(text);
      size += text.length;
      if (size >= 1 << 16) flush();
    },
    flush,
  };
}
