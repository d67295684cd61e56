import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyseManifest,
  applyBaseline,
  ScanMemo,
  ConfigSourceIndex,
  configSourcesIn,
  parseBaseline,
  printable,
  rulesFor,
  summarise,
  type Baseline,
  type JobSentinelConfig,
  type ScanReport,
} from '@jobsentinel/core';
import { FORMATTERS } from '@jobsentinel/core/formats';
import { wantsColor } from '../color.js';
import { resolverFor } from '../config/resolve.js';
import { collectInputs, systemMessage } from '../inputs/collect.js';
import { readInput, MAX_INPUT_BYTES } from '../inputs/read.js';
import { EXIT_CLEAN, EXIT_FAILED, EXIT_FOUND, UsageError, type Io } from '../io.js';
import { patternEngineFor } from '../pattern-engine.js';
import { givenPath } from '../paths.js';
import { reportOutput } from '../report-output.js';
import { cliVersion } from '../version.js';
import { isSet, listValue, optionsHelp, stringValue, type OptionSpec } from './arguments.js';
import type { Command } from './command.js';
import { fixFile, FIX_OPTION } from './scan-fix.js';
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

const OPTIONS: OptionSpec[] = [
  formatOption(FORMATTERS),
  {
    ...CONFIG_OPTIONS[0],
    help: [
      'use this config file for every input. Otherwise each file uses the nearest',
      '.jobsentinel.yaml or .jobsentinel.yml from its folder upwards, never above',
      'the repository root (the nearest folder holding .git) or, outside a',
      'repository, above the working folder',
    ],
  },
  CONFIG_OPTIONS[1],
  FAIL_ON_OPTION,
  {
    name: 'no-inline-ignores',
    help: [
      "honour only the config file's ignore entries, not the manifests' own",
      'jobsentinel-ignore comments and jobsentinel.io/ignore annotations (whoever',
      'writes a manifest can write those; use it in CI)',
    ],
  },
  {
    name: 'show-suppressed',
    help: [
      'list suppressed findings in text output, with how each was suppressed (the',
      'summary line always counts them; json and sarif always list them)',
    ],
  },
  FIX_OPTION,
  OUTPUT_OPTION,
  {
    name: 'exclude',
    value: 'GLOB',
    repeatable: true,
    help: [
      'leave out paths matching GLOB (repeatable): relative to a folder being',
      "searched or as shown; * and ? stay within a name, ** spans folders, a GLOB",
      "without / matches a name at any depth ('charts/**', '*.generated.yaml').",
      'Excluded paths are counted in the summary and listed in json',
    ],
  },
  {
    name: 'baseline',
    value: 'FILE',
    help: [
      'a previous json report (jobsentinel scan --format json --output FILE):',
      'findings it holds (same file, object, indicator and JSON pointer; lines may',
      'move) are known: counted, listed as baseline in json and sarif, never failing',
    ],
  },
  { name: 'verbose', help: ['also list files and documents that hold no Kubernetes object'] },
  STDIN_NAME_OPTION(['its config is looked up as for a file at that path']),
  HELP_OPTION,
];

const HELP = `Usage: jobsentinel scan [options] [PATH...]

Finds CronJobs and Jobs whose pod templates look like MITRE ATT&CK T1053.007 abuse
(attacker tooling, reverse shells, privileged or host-sharing pods, sensitive host mounts).

Arguments:
  PATH  a file (any extension), a folder (searched recursively for *.yaml, *.yml and *.json,
        skipping node_modules, .git and .jobsentinel.yaml config files), or - for standard
        input. Default: . (the current folder).

Options:
${optionsHelp(OPTIONS)}

Every report names the config file it applied. Files are read as kubectl reads them
(docs/decoding.md); malformed documents are reported and the scan goes on. Files over
${MAX_INPUT_BYTES / (1024 * 1024)} MB, binary files and Helm templates are not analysed: they are reported, and
the run is incomplete. Files that hold no Kubernetes object (package.json, a Helm values.yaml)
are no problem; --verbose lists them.
With --fix, the report (and the exit status) is about what remains after the fixes.
Colour: on a terminal only; NO_COLOR turns it off, FORCE_COLOR turns it on.

Exit status:
  0  no finding at or above the --fail-on severity
  1  at least one finding at or above it (default: warning); with --baseline, a new one
  2  could not run, or could not analyse all of its input: bad usage, a config file or baseline
     that cannot be read or is not valid, a report that cannot be written, a path that cannot be
     read, a document that cannot be decoded, a file over the size limit (every result is still
     reported)
`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan manifests (files, folders, or - for stdin) for malicious CronJobs and Jobs',
  help: HELP,
  options: OPTIONS,
  run: scan,
};

interface ScanOptions extends CommonOptions {
  paths: string[];
  exclude: string[];
  baseline: string | undefined;
  verbose: boolean;
  inlineIgnores: boolean;
  showSuppressed: boolean;
  fix: boolean;
}

async function scan(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }

  const resolver = await resolverFor('scan', options.config, io);
  if (!resolver) return EXIT_FAILED;
  let baseline: Baseline | undefined;
  if (options.baseline !== undefined) {
    const loaded = await loadBaseline(options.baseline, io.cwd);
    if ('error' in loaded) {
      io.stderr.write(`jobsentinel scan: ${printable(loaded.error)}; nothing was scanned.\n`);
      return EXIT_FAILED;
    }
    baseline = loaded;
  }

  const collected = collectInputs(options.paths, io.cwd, options.exclude);
  // A file the user named is left out only with a word about it: they asked for it by name.
  for (const { shown, glob } of collected.excludedByName) io.stderr.write(`jobsentinel scan: ${printable(shown)} is excluded by --exclude ${printable(glob)}: not scanned\n`);
  const configFiles = new Set<string>();
  let report: ScanReport = {
    files: [],
    errors: collected.problems.map((problem) => ({ file: problem.shown, message: problem.message })),
    excluded: collected.excluded,
  };
  // SARIF describes the custom indicators of every config used.
  const configs = new Set<JobSentinelConfig>();
  let fixed = 0;

  // Every input is read first: a CronJob's script may sit in a ConfigMap of another file (same namespace).
  const readable: Array<{ source: (typeof collected.inputs)[number]; file: string; text: string }> = [];
  const configSources = new ConfigSourceIndex();
  for (const source of collected.inputs) {
    const file = source.kind === 'stdin' ? options.stdinName : source.shown;
    const input = await readInput(source, io);
    if ('problem' in input) {
      const { kind, message, range } = input.problem;
      report.errors.push({ file, message, range, skipped: kind === 'skipped' });
      continue;
    }
    readable.push({ source, file, text: input.text });
    configSources.setFile(file, configSourcesIn(input.text, file));
  }
  // One memo for the run: containers repeated across files (a chart's rendered jobs) are modelled once.
  const memo = new ScanMemo();
  for (const { source, file, text } of readable) {
    const located = await resolver.forFile(source.kind === 'stdin' ? resolve(io.cwd, options.stdinName) : source.path);
    report.errors.push(...located.newProblems);
    if (located.file !== null) configFiles.add(located.file);
    configs.add(located.config);
    const patternEngine = await patternEngineFor(located.config);
    const analyseOptions = { config: located.config, patternEngine, inlineIgnores: options.inlineIgnores, configSources: configSources.lookup(file), memo };
    if (options.fix && source.kind === 'file') {
      const outcome = fixFile(source.path, file, text, analyseOptions, io);
      fixed += outcome.fixed;
      if (outcome.problem) report.errors.push({ file, message: outcome.problem });
      report.files.push({ file, result: outcome.result });
    } else {
      report.files.push({ file, result: analyseManifest(text, file, analyseOptions) });
    }
  }
  report.configs = [...configFiles];
  if (options.fix) {
    const remaining = report.files.reduce((count, { result }) => count + result.findings.length, 0);
    io.stderr.write(`--fix: fixed ${fixed} finding${fixed === 1 ? '' : 's'}; ${remaining} remain${remaining === 1 ? 's' : ''} (reported below)\n`);
  }
  if (baseline) report = applyBaseline(report, baseline);

  const summary = summarise(report);
  const out = reportOutput(options.output, io);
  if ('error' in out) {
    io.stderr.write(`jobsentinel scan: ${printable(out.error)}\n`);
    return EXIT_FAILED;
  }
  out.write(render(report, options, io, configs));
  const failure = out.finish();
  if (failure !== undefined) {
    io.stderr.write(`jobsentinel scan: ${printable(failure)}\n`);
    return EXIT_FAILED;
  }
  if (summary.incomplete > 0) return EXIT_FAILED;
  const failing = report.files.some(({ result }) => result.findings.some((finding) => failsOn(finding.severity, options.failOn)));
  return failing ? EXIT_FOUND : EXIT_CLEAN;
}

/** The --baseline report, or why it cannot serve as one (naming the file). */
async function loadBaseline(path: string, cwd: string): Promise<Baseline | { error: string }> {
  const shown = givenPath(path);
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    return { error: `the baseline ${shown} cannot be read: ${systemMessage(error)}` };
  }
  const parsed = parseBaseline(text, shown);
  return 'error' in parsed ? { error: `the baseline ${shown} is not valid: ${parsed.error}` } : parsed;
}

function parseOptions(args: string[]): ScanOptions | 'help' {
  const options = parseCommandOptions(args, OPTIONS);
  if (options === 'help') return 'help';
  const paths = options.parsed.positionals.length > 0 ? options.parsed.positionals : ['.'];
  const fix = isSet(options.parsed, 'fix');
  if (fix && paths.includes('-')) throw new UsageError('--fix edits files in place; it cannot fix standard input (-)');
  return {
    ...options,
    paths,
    exclude: listValue(options.parsed, 'exclude'),
    baseline: stringValue(options.parsed, 'baseline'),
    verbose: isSet(options.parsed, 'verbose'),
    inlineIgnores: !isSet(options.parsed, 'no-inline-ignores'),
    showSuppressed: isSet(options.parsed, 'show-suppressed'),
    fix,
  };
}

function render(report: ScanReport, options: ScanOptions, io: Io, configs: Set<JobSentinelConfig>): string {
  return options.format.scan(report, {
    toolVersion: cliVersion(),
    baseUri: pathToFileURL(io.cwd).href,
    rules: rulesFor(configs),
    // A report written to a file gets no colour codes, whatever FORCE_COLOR says.
    color: options.output === undefined && wantsColor(io.env, io.stdout.isTTY),
    verbose: options.verbose,
    showSuppressed: options.showSuppressed,
  });
}
