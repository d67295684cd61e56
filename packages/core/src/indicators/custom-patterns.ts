/**
 * The user's own indicators: each `custom.patterns` entry of `.jobsentinel.yaml` becomes an indicator
 * that runs a regular expression (RE2 syntax, on a linear-time engine) over the evidence the built-in
 * indicators look at: images, commands, args and the shell scripts inside them, and env values where
 * the entry says `env: true`. A pattern written by anyone, even planted in a repository's config by an
 * attacker, costs time linear in the text it reads and cannot stall a scan or the editor.
 */
import { analyseCommands, execCommand, HOOKS, originPhrase, PROBES, wordsOf, type Word } from '../commands/invocations.js';
import type { CustomPattern, JobSentinelConfig } from '../config/config.js';
import { isRecord } from '../util/record.js';
import { type ContainerRef, type PodTemplate } from '../manifest/pod-templates.js';
import { linearPatternEngine } from '../patterns/engine.js';
import type { CompiledPattern, PatternEngine } from '../patterns/types.js';
import { joinPointer } from '../util/json-pointer.js';
import { ATTACK_T1053_007, type Indicator, type IndicatorHit, type Report } from './indicator.js';
import type { ScanMemo } from './scan-memo.js';
import { INDICATORS } from './index.js';

/** Where the configuration of custom patterns is documented (custom indicators have no page of ours). */
export const CUSTOM_PATTERNS_DOCS = 'https://github.com/jobsentinel/jobsentinel/blob/main/README.md#configuration';

/** Evidence is quoted up to this many characters: a 100,000-character script is not a message. */
const MAX_EVIDENCE = 200;

/** One finding per pattern per scalar, and at most this many per pod template: a config is not a flood. */
const MAX_HITS_PER_TEMPLATE = 50;

export interface CustomIndicator extends Indicator {
  profile: 'custom';
  pattern: string;
  /** Also matched against env values. */
  env: boolean;
  /** The compiled pattern: an unanchored search. */
  matcher: CompiledPattern;
}

/**
 * The indicators of a config's `custom.patterns`, compiled with `engine`; with a `memo`, once per config
 * (its `custom` object) and engine for as long as the memo lives. The config is expected to be validated
 * (see `parseConfig`), so every pattern compiles; one that does not anyway is left out rather than
 * stopping the scan.
 */
export function customIndicators(config: JobSentinelConfig, engine: PatternEngine = linearPatternEngine, memo?: ScanMemo): readonly CustomIndicator[] {
  const { custom } = config;
  if (custom.patterns.length === 0) return [];
  const compile = () => custom.patterns.flatMap((entry) => compileEntry(entry, engine));
  if (!memo) return compile();
  let byEngine = memo.customIndicators.get(custom);
  if (!byEngine) memo.customIndicators.set(custom, (byEngine = new WeakMap()));
  let indicators = byEngine.get(engine);
  if (!indicators) byEngine.set(engine, (indicators = compile()));
  return indicators;
}

/** The built-in indicators (or those given) followed by the config's custom ones. */
export function withCustomIndicators(
  indicators: readonly Indicator[],
  config: JobSentinelConfig,
  engine?: PatternEngine,
  memo?: ScanMemo,
): readonly Indicator[] {
  const custom = customIndicators(config, engine, memo);
  return custom.length === 0 ? indicators : [...indicators, ...custom];
}

/**
 * The rules a report describes (SARIF `rules`): every built-in indicator, then the custom ones of the
 * configs a scan used, each id once (the first config that defines it describes it).
 */
export function rulesFor(configs: Iterable<JobSentinelConfig>): Indicator[] {
  const rules: Indicator[] = [...INDICATORS];
  const ids = new Set(rules.map((rule) => rule.id));
  for (const config of configs) {
    for (const indicator of customIndicators(config)) {
      if (ids.has(indicator.id)) continue;
      ids.add(indicator.id);
      rules.push(indicator);
    }
  }
  return rules;
}

function compileEntry(entry: CustomPattern, engine: PatternEngine): CustomIndicator[] {
  let matcher: CompiledPattern;
  try {
    matcher = engine.compile(entry.pattern);
  } catch {
    return [];
  }
  const env = entry.env === true;
  const description =
    entry.description ??
    `Custom pattern /${entry.pattern}/ from .jobsentinel.yaml, matched against images, commands, args and scripts${env ? ' and env values' : ''}.`;
  const indicator: CustomIndicator = {
    id: entry.id,
    title: entry.description ?? `Custom pattern ${entry.id}`,
    summary: `text matching /${entry.pattern}/`,
    profile: 'custom',
    severity: entry.severity,
    description,
    remediation: 'Defined by your team in .jobsentinel.yaml (custom.patterns): follow its guidance for this finding.',
    falsePositives: `The pattern /${entry.pattern}/ matches anywhere in the text (unanchored); anchor or narrow it in .jobsentinel.yaml if it flags benign jobs.`,
    attack: ATTACK_T1053_007,
    pattern: entry.pattern,
    env,
    matcher,
    check: (template, report, context) => checkTemplate(indicator, template, report, context.memo),
  };
  return [indicator];
}

/** One piece of text the pattern runs over, and the node it is reported at. */
interface Evidence {
  path: string;
  text: string;
  /** How the message names it: `its image`, `its args`, … */
  where: string;
}

function checkTemplate(indicator: CustomIndicator, template: PodTemplate, report: Report, memo: ScanMemo): void {
  let hits = 0;
  const limited: Report = (hit) => {
    if (hits++ < MAX_HITS_PER_TEMPLATE) report(hit);
  };
  for (const ref of template.containers) checkContainer(indicator, ref, limited, memo);
}

/**
 * Each scalar is judged on its own so the finding points at the exact one. The command lines as the
 * process runs them (argv joined, `$(VAR)` expanded, scripts split into commands) are judged too, for
 * patterns that span arguments or text hidden in a variable; they report only what no scalar showed.
 */
function checkContainer(indicator: CustomIndicator, ref: ContainerRef, report: Report, memo: ScanMemo): void {
  const evidence = evidenceOf(ref, memo);
  const test = (item: Evidence) => indicator.matcher.test(item.text);
  const hit = (item: Evidence) => report(hitFor(indicator, evidence.name, item));
  if (evidence.image && test(evidence.image)) hit(evidence.image);
  let scalarMatched = false;
  for (const scalar of evidence.scalars) {
    if (!test(scalar)) continue;
    hit(scalar);
    scalarMatched = true;
  }
  const line = scalarMatched ? undefined : evidence.commandLines.find(test);
  if (line) hit(line);
  if (indicator.env) for (const value of evidence.env) if (test(value)) hit(value);
}

/** What the patterns read in one container, gathered once for all of them. */
export interface ContainerEvidence {
  /** `Container "name"`, for messages. */
  name: string;
  image?: Evidence;
  scalars: Evidence[];
  /** Command lines as run, leaving out those that are just one of the scalars again (a script). */
  commandLines: Evidence[];
  env: Evidence[];
}

/** What every custom pattern reads of a container; made once per container and scan (the memo's `customEvidence`). */
function evidenceOf(ref: ContainerRef, memo: ScanMemo): ContainerEvidence {
  // A run context (mounted scripts) is the analysis' own: the container alone is no key for it.
  const cached = ref.run ? undefined : memo.customEvidence.get(ref.container);
  if (cached && cached.path === ref.path) return cached.evidence;
  const { path } = ref;
  const container = ref.container as unknown as Record<string, unknown>;
  const scalars = commandScalars(container, path);
  const written = new Set(scalars.map((scalar) => scalar.text));
  const commandLines: Evidence[] = [];
  for (const invocation of analyseCommands(container, path, ref.run, memo.commands)) {
    const where = `the command${originPhrase(invocation.origin)}`;
    for (const text of invocation.input === undefined ? [invocation.text] : [invocation.text, invocation.input]) {
      if (written.has(text)) continue;
      written.add(text);
      commandLines.push({ path: invocation.path, text, where: text === invocation.text ? where : `the input of ${where}` });
    }
  }
  const evidence: ContainerEvidence = {
    name: `Container "${typeof container.name === 'string' ? container.name : '?'}"`,
    ...(typeof container.image === 'string' ? { image: { path: joinPointer(path, 'image'), text: container.image, where: 'its image' } } : {}),
    scalars,
    commandLines,
    env: envValues(container, path),
  };
  if (!ref.run) memo.customEvidence.set(ref.container, { path, evidence });
  return evidence;
}

function hitFor(indicator: CustomIndicator, name: string, evidence: Evidence): IndicatorHit {
  const quoted = evidence.text.length > MAX_EVIDENCE ? `${evidence.text.slice(0, MAX_EVIDENCE - 1)}…` : evidence.text;
  const label = indicator.title === `Custom pattern ${indicator.id}` ? `custom pattern "${indicator.id}"` : `"${indicator.id}" (${indicator.title})`;
  return {
    path: evidence.path,
    message: `${name}: ${label} matches ${evidence.where}: ${quoted}`,
    evidence: quoted,
  };
}

/** Every scalar of `command`, `args`, lifecycle hooks and exec probes, as written. */
function commandScalars(container: Record<string, unknown>, path: string): Evidence[] {
  const evidence: Evidence[] = [];
  const add = (words: Word[], where: string) => {
    for (const word of words) evidence.push({ path: word.path, text: word.value, where });
  };
  add(wordsOf(container.command, path, 'command'), 'its command');
  add(wordsOf(container.args, path, 'args'), 'its args');
  const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : {};
  for (const hook of HOOKS) add(wordsOf(execCommand(lifecycle[hook]), path, 'lifecycle', hook, 'exec', 'command'), `its ${hook} hook`);
  for (const probe of PROBES) add(wordsOf(execCommand(container[probe]), path, probe, 'exec', 'command'), `its ${probe}`);
  return evidence;
}

/** Literal `env[].value` strings (not `valueFrom`: those are references, not text). */
function envValues(container: Record<string, unknown>, path: string): Evidence[] {
  if (!Array.isArray(container.env)) return [];
  return container.env.flatMap((variable, index) =>
    isRecord(variable) && typeof variable.value === 'string'
      ? [{ path: joinPointer(path, 'env', index, 'value'), text: variable.value, where: `its env ${typeof variable.name === 'string' ? variable.name : `#${index + 1}`}` }]
      : [],
  );
}
