import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyseManifest,
  formatJson,
  formatSarif,
  formatText,
  rulesFor,
  type JobSentinelConfig,
  type ScanReport,
} from '@jobsentinel/core';
import { wantsColor } from '../color.js';
import { resolverFor } from '../config/resolve.js';
import { collectInputs } from '../inputs/collect.js';
import { readInput, MAX_INPUT_BYTES } from '../inputs/read.js';
import { EXIT_CLEAN, EXIT_FAILED, EXIT_FOUND, type Io } from '../io.js';
import { patternEngineFor } from '../pattern-engine.js';
import { displayPath } from '../paths.js';
import { cliVersion } from '../version.js';
import type { Command } from './command.js';
import { parseCommandOptions, STDIN_NAME, type Format } from './options.js';

const HELP = `Usage: jobsentinel scan [options] [PATH...]

Finds CronJobs and Jobs whose pod templates look like MITRE ATT&CK T1053.007 abuse
(attacker tooling, reverse shells, privileged or host-sharing pods, sensitive host mounts).

Arguments:
  PATH                     a file (any extension), a folder (searched recursively for *.yaml,
                           *.yml and *.json, skipping node_modules, .git and .jobsentinel.yaml
                           config files), or - for standard input. Default: . (the current folder).

Options:
  -f, --format FORMAT      text (for people, the default), json (SPEC v1 object) or sarif
                           (SARIF 2.1.0, for code-scanning dashboards)
  -c, --config FILE        use this config file; otherwise each file uses the nearest
                           .jobsentinel.yaml or .jobsentinel.yml in its folder or above
      --stdin-name NAME    the file name reported for standard input (default: ${STDIN_NAME});
                           its config is looked up as for a file at that path
      --no-inline-ignores  honour only the config file's ignore entries, not the manifests'
                           own jobsentinel-ignore comments and jobsentinel.io/ignore annotations
                           (whoever writes a manifest can write those; use it in CI)
      --show-suppressed    list suppressed findings in text output, with how each was
                           suppressed (the summary line always counts them; json and sarif
                           always list them)
  -h, --help               show this help

Files over ${MAX_INPUT_BYTES / (1024 * 1024)} MB and Helm templates are skipped with a note; a binary file is
an error (kubectl refuses it). Files are read as kubectl reads them (docs/decoding.md).
Malformed documents are reported and the scan goes on.
Colour: on a terminal only; NO_COLOR turns it off, FORCE_COLOR turns it on.

Exit status:
  0  no findings
  1  at least one finding, of any severity (set an indicator to "off" in the config to drop it)
  2  could not run fully: bad usage, an invalid config file, a path that does not exist or
     cannot be read (the other paths are still scanned and reported)
`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan manifests (files, folders, or - for stdin) for malicious CronJobs and Jobs',
  help: HELP,
  run: scan,
};

interface ScanOptions {
  paths: string[];
  format: Format;
  config?: string;
  stdinName: string;
  inlineIgnores: boolean;
  showSuppressed: boolean;
}

async function scan(args: string[], io: Io): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout.write(HELP);
    return EXIT_CLEAN;
  }

  const resolver = resolverFor('scan', options.config, io);
  if (!resolver) return EXIT_FAILED;

  const collected = collectInputs(options.paths, io.cwd);
  const report: ScanReport = {
    files: [],
    errors: collected.problems.map((problem) => ({ file: displayPath(problem.path, io.cwd), message: problem.message })),
  };
  let failed = collected.problems.length > 0;
  // SARIF describes the custom indicators of every config used.
  const configs = new Set<JobSentinelConfig>();

  for (const source of collected.inputs) {
    const file = source.kind === 'stdin' ? options.stdinName : displayPath(source.path, io.cwd);
    const input = await readInput(source, io);
    if ('problem' in input) {
      const { kind, message, range } = input.problem;
      report.errors.push({ file, message, range, skipped: kind === 'skipped' });
      failed ||= kind === 'unreadable';
      continue;
    }
    const located = resolver.forFile(source.kind === 'stdin' ? resolve(io.cwd, options.stdinName) : source.path);
    for (const problem of located.newProblems) {
      report.errors.push(problem);
      failed = true;
    }
    configs.add(located.config);
    const patternEngine = await patternEngineFor(located.config);
    report.files.push({ file, result: analyseManifest(input.text, file, { config: located.config, patternEngine, inlineIgnores: options.inlineIgnores }) });
  }

  io.stdout.write(render(report, options, io, !failed, configs));
  if (failed) return EXIT_FAILED;
  return report.files.some(({ result }) => result.findings.length > 0) ? EXIT_FOUND : EXIT_CLEAN;
}

function parseOptions(args: string[]): ScanOptions | 'help' {
  const options = parseCommandOptions(args, {}, ['no-inline-ignores', 'show-suppressed']);
  if (options === 'help') return 'help';
  return {
    paths: options.positionals.length > 0 ? options.positionals : ['.'],
    format: options.format,
    config: options.config,
    stdinName: options.stdinName,
    inlineIgnores: !options.flags.has('no-inline-ignores'),
    showSuppressed: options.flags.has('show-suppressed'),
  };
}

function render(report: ScanReport, options: ScanOptions, io: Io, complete: boolean, configs: Set<JobSentinelConfig>): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { toolVersion: cliVersion(), baseUri: pathToFileURL(io.cwd).href, executionSuccessful: complete, rules: rulesFor(configs) });
    case 'text':
      return formatText(report, { color: wantsColor(io.env, io.stdout.isTTY), showSuppressed: options.showSuppressed });
  }
}

