/** Builders for the indicator tests: manifests as a user writes them, analysed through the public API. */
import assert from 'node:assert/strict';
import { analyseManifest, DEFAULT_CONFIG, type Finding, type JobSentinelConfig, type Range } from '../src/index.js';

/** Line of the first pod-spec line inside `cronJob(...)`'s output (1-based), and its column. */
export const POD_SPEC_LINE = 12;
export const POD_SPEC_COLUMN = 11;
export const CRONJOB_POD_SPEC = '/spec/jobTemplate/spec/template/spec';
export const JOB_POD_SPEC = '/spec/template/spec';

export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** A CronJob whose pod spec is `podSpec` (YAML, not indented); the pod spec starts on POD_SPEC_LINE. */
export function cronJob(podSpec: string, apiVersion = 'batch/v1'): string {
  return [
    `apiVersion: ${apiVersion}`,
    'kind: CronJob',
    'metadata:',
    '  name: nightly',
    '  namespace: default',
    'spec:',
    '  schedule: "*/5 * * * *"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    indent(podSpec, 10),
    '',
  ].join('\n');
}

export function job(podSpec: string): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: once', 'spec:', '  template:', '    spec:', indent(podSpec, 6), ''].join('\n');
}

export interface ContainerSpec {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Array<[string, string]>;
}

/** A pod spec with one container; command and args are written as flow sequences of JSON strings. */
export function podWith(container: ContainerSpec): string {
  const lines = ['restartPolicy: Never', 'containers:', `- name: ${container.name ?? 'main'}`, `  image: ${container.image ?? 'registry.example/acme/report:1.2'}`];
  if (container.env) {
    lines.push('  env:');
    for (const [name, value] of container.env) lines.push(`  - name: ${name}`, `    value: ${JSON.stringify(value)}`);
  }
  if (container.command) lines.push(`  command: ${JSON.stringify(container.command)}`);
  if (container.args) lines.push(`  args: ${JSON.stringify(container.args)}`);
  return lines.join('\n');
}

export function analyse(text: string, config: JobSentinelConfig = DEFAULT_CONFIG): Finding[] {
  const result = analyseManifest(text, 'test.yaml', { config });
  return result.findings;
}

export function findingsOf(text: string, indicator: string): Finding[] {
  return analyse(text).filter((finding) => finding.indicator === indicator);
}

/** Findings of one indicator for a CronJob running one container with this command line. */
export function commandFindings(indicator: string, command: string[] | undefined, args?: string[], extra: ContainerSpec = {}): Finding[] {
  return findingsOf(cronJob(podWith({ ...extra, command, args })), indicator);
}

/** Evidence of the attacker-tooling invocation findings (images left out). */
export function invokedTools(command: string[] | undefined, args?: string[], extra: ContainerSpec = {}): string[] {
  return commandFindings('attacker-tooling', command, args, extra)
    .filter((finding) => !finding.path.endsWith('/image'))
    .map((finding) => finding.evidence);
}

/** Pointer of a container's field in `cronJob(podWith(…))`. */
export function containerPath(...segments: Array<string | number>): string {
  return [CRONJOB_POD_SPEC, 'containers', 0, ...segments].join('/');
}

/** The source text a range covers. */
export function rangeText(text: string, range: Range | undefined): string {
  assert.ok(range, 'finding without a range');
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line - 1].slice(range.start.column - 1, range.end.column - 1);
  const parts = [lines[range.start.line - 1].slice(range.start.column - 1)];
  for (let line = range.start.line + 1; line < range.end.line; line++) parts.push(lines[line - 1]);
  parts.push(lines[range.end.line - 1].slice(0, range.end.column - 1));
  return parts.join('\n');
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.notEqual(index, -1, `no line with ${needle}`);
  return index + 1;
}

/** A container's lines for `pod(…)`: name, image, then `lines` indented under it. */
export function container(lines: string[], name = 'main', image = 'registry.example/acme/report:1'): string[] {
  return [`- name: ${name}`, `  image: ${image}`, ...lines.map((line) => '  ' + line)];
}

/** A pod spec from lines (restartPolicy first). */
export function pod(...parts: string[][]): string {
  return ['restartPolicy: Never', ...parts.flat()].join('\n');
}

/** The one finding of `indicator` in `text` (fails when there are none or several). */
export function only(text: string, indicator: string): Finding {
  const found = findingsOf(text, indicator);
  assert.equal(found.length, 1, `${indicator}: ${JSON.stringify(found.map((f) => f.path))}`);
  return found[0];
}

/** A CronJob with one hostPath volume at `path`, mounted by its only container. */
export function hostPathVolume(path: string): string {
  return cronJob(pod(['volumes:', '- name: host', `  hostPath: {path: ${path}}`, 'containers:'], container(['volumeMounts: [{name: host, mountPath: /host}]'])));
}
