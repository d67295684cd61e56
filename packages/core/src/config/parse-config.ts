import { INDICATORS } from '../indicators/index.js';
import { linearPatternEngine, validatePattern } from '../patterns/engine.js';
import { PatternSyntaxError } from '../patterns/types.js';
import { setOwn } from '../own.js';
import type { AnalysisError, Severity, SeveritySetting, Span } from '../model.js';
import { parseText } from '../yaml/parse.js';
import { joinPointer } from '../util/json-pointer.js';
import { isRecord } from '../util/record.js';
import { findingSpan, locate, type SourceNode } from '../yaml/source-node.js';
import { DEFAULT_CONFIG, type CustomPattern, type IgnoreEntry, type JobSentinelConfig } from './config.js';
import {
  CONFIG_DEFINITION,
  CUSTOM,
  CUSTOM_PATTERN,
  IGNORE_ENTRY,
  KEBAB_CASE,
  PROFILES as PROFILES_DEFINED,
  SEVERITIES as SEVERITIES_DEFINED,
  SEVERITY_SETTINGS as SEVERITY_SETTINGS_DEFINED,
} from './definition.js';
import { nearestWord } from '../text/nearest-word.js';

export interface ParseConfigOptions {
  /**
   * Checks the syntax of a `custom.patterns[].pattern` (RE2 syntax, run on a linear-time engine).
   * Returns what is wrong, or undefined when the pattern is usable. Without it, the core's pattern
   * parser checks it (the one both pattern engines share), and an error points at the character.
   */
  validatePattern?: (pattern: string) => string | undefined;
  /**
   * Ids of custom patterns defined elsewhere that `severity` and `ignore` may name: the config file's,
   * when a host validates editor settings in the same shape.
   */
  customIds?: readonly string[];
}

export interface ParsedConfig {
  /** The valid part of the file; defaults stand in for anything missing or rejected. */
  config: JobSentinelConfig;
  errors: AnalysisError[];
}

export const CONFIG_FILE_NAMES = ['.jobsentinel.yaml', '.jobsentinel.yml'] as const;

// Keys and values come from the one definition of the file's shape, which the JSON Schema is generated from.
const TOP_LEVEL_KEYS = Object.keys(CONFIG_DEFINITION.keys);
const IGNORE_KEYS = Object.keys(IGNORE_ENTRY.keys) as Array<keyof IgnoreEntry>;
const CUSTOM_KEYS = Object.keys(CUSTOM.keys);
const PATTERN_KEYS = Object.keys(CUSTOM_PATTERN.keys);
const PROFILES: readonly string[] = PROFILES_DEFINED;
const SEVERITIES: readonly unknown[] = SEVERITIES_DEFINED;
const SEVERITY_SETTINGS: readonly unknown[] = SEVERITY_SETTINGS_DEFINED;

/**
 * Reads `.jobsentinel.yaml` (YAML or JSON) and validates it strictly: every unknown key, unknown
 * indicator id and ill-typed value is an error that names itself and points at its range. Rejected
 * parts fall back to the defaults; an ignore entry with any error is dropped whole, because a
 * half-understood exemption could silence more than its author meant.
 */
export function parseConfig(text: string, fileName: string, options: ParseConfigOptions = {}): ParsedConfig {
  const parsed = parseText(text);
  const errors: AnalysisError[] = [];
  // The file's own name for messages; hosts put the path in front of each error already.
  const name = fileName.split(/[\\/]/).pop() || fileName;
  const knownIds = new Set(INDICATORS.map((indicator) => indicator.id));
  // Custom ids from elsewhere: nameable, but not taken (this file may define the same id).
  const externalIds = options.customIds ?? [];
  const nameable = (id: string) => knownIds.has(id) || externalIds.includes(id);
  const suggestion = (id: string) => closest(id, [...knownIds, ...externalIds]);
  let root: SourceNode = { span: { start: 0, end: 0 } };

  const errorAt = (span: Span, message: string) => void errors.push({ message, range: parsed.lines.range(span) });
  /** An error at the node's key (unknown keys and ids) or at its value. */
  const error = (pointer: string, message: string, atKey?: boolean) => {
    const node = locate(root, pointer);
    errorAt(atKey ? node.keySpan ?? node.span : node.children ? findingSpan(node) : node.span, message);
  };
  /** `ok`; when not, the error "<label> must <what>, not <value>". */
  const expect = (ok: boolean, pointer: string, label: string, what: string, value: unknown, hint = ''): boolean => {
    if (!ok) error(pointer, `${label} must ${what}, not ${describe(value)}${hint}`);
    return ok;
  };
  const unknownKeys = (value: Record<string, unknown>, pointer: string, known: readonly string[], where: string) => {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) error(joinPointer(pointer, key), `unknown key "${key}" in ${where}${closest(key, known)}; known keys: ${known.join(', ')}`, true);
    }
  };
  const stringList = (value: unknown, pointer: string, label: string): string[] | undefined => {
    if (!expect(Array.isArray(value), pointer, label, 'be a list of strings', value)) return undefined;
    let valid = true;
    (value as unknown[]).forEach((item, index) => {
      valid = expect(typeof item === 'string' && item.trim() !== '', joinPointer(pointer, index), label, 'hold non-empty strings', item) && valid;
    });
    return valid ? (value as string[]) : undefined;
  };

  const severity = (value: unknown): Record<string, SeveritySetting> => {
    const result: Record<string, SeveritySetting> = {};
    if (!expect(isRecord(value), '/severity', 'severity', 'be a mapping', value)) return result;
    for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
      const pointer = joinPointer('/severity', id);
      if (!nameable(id)) error(pointer, `unknown indicator "${id}" in severity${suggestion(id)}`, true);
      else if (expect(SEVERITY_SETTINGS.includes(setting as SeveritySetting), pointer, `severity of "${id}"`, `be one of ${SEVERITY_SETTINGS.join(', ')}`, setting)) {
        setOwn(result, id, setting);
      }
    }
    return result;
  };

  const ignore = (value: unknown): IgnoreEntry[] => {
    const entries: IgnoreEntry[] = [];
    if (!expect(Array.isArray(value), '/ignore', 'ignore', 'be a list of entries', value)) return entries;
    (value as unknown[]).forEach((item, index) => {
      const pointer = joinPointer('/ignore', index);
      const label = `ignore entry ${index + 1}`;
      if (!expect(isRecord(item), pointer, label, 'be a mapping (indicators, images, namespaces, users)', item)) return;
      const record = item as Record<string, unknown>;
      const before = errors.length;
      unknownKeys(record, pointer, IGNORE_KEYS, label);
      const entry: IgnoreEntry = {};
      for (const key of IGNORE_KEYS) {
        const list = record[key] === undefined ? undefined : stringList(record[key], joinPointer(pointer, key), `${key} of ${label}`);
        if (list) entry[key] = list;
      }
      entry.indicators?.forEach((id, at) => {
        if (!nameable(id)) error(joinPointer(pointer, 'indicators', at), `unknown indicator "${id}" in ${label}${suggestion(id)}`);
      });
      if (errors.length === before && Object.keys(entry).length === 0) {
        error(pointer, `${label} has no conditions and would ignore every finding; name indicators, images, namespaces or users`);
      }
      if (errors.length === before) entries.push(entry);
    });
    return entries;
  };

  /** A pattern the engines cannot run is an error at the character where the problem starts, when that can be told. */
  const checkPattern = (pattern: string, pointer: string, what: string) => {
    if (options.validatePattern) {
      const problem = options.validatePattern(pattern);
      if (problem !== undefined) error(pointer, `${what}: ${problem}`);
      return;
    }
    try {
      validatePattern(pattern);
    } catch (problem) {
      if (!(problem instanceof PatternSyntaxError)) throw problem;
      const span = locate(root, pointer).span;
      errorAt(characterSpan(parsed.text, span, pattern, problem.position) ?? span, `${what}: ${problem.message}`);
      return;
    }
    // Like a custom.images glob of `*`: a pattern that matches the empty string matches every text.
    if (linearPatternEngine.compile(pattern).test('')) {
      error(pointer, `${what} matches the empty string, so it would flag every image, command and script; require some text (e.g. use + instead of *)`);
    }
  };

  const customPattern = (item: unknown, index: number): CustomPattern | undefined => {
    const pointer = joinPointer('/custom/patterns', index);
    const label = `custom pattern ${index + 1}`;
    if (!expect(isRecord(item), pointer, label, 'be a mapping with id, pattern and severity', item)) return undefined;
    const record = item as Record<string, unknown>;
    const before = errors.length;
    unknownKeys(record, pointer, PATTERN_KEYS, label);
    const { id, pattern, severity, description, env } = record;
    const at = (key: string) => joinPointer(pointer, key);
    // A required field that is missing is an error at the entry; one of the wrong type, at the value.
    const required = (key: string, value: unknown, message: string) =>
      error(value === undefined ? pointer : at(key), value === undefined ? message : `${message}, not ${describe(value)}`);
    if (typeof id !== 'string') {
      required('id', id, `${label} needs an id: a kebab-case name such as crypto-miner`);
    } else {
      const problem = !KEBAB_CASE.test(id)
        ? 'must be kebab-case (lower-case words joined by hyphens)'
        : INDICATORS.some((indicator) => indicator.id === id)
          ? 'is a built-in indicator; choose another id'
          : knownIds.has(id)
            ? 'is used twice'
            : '';
      if (problem) error(at('id'), `custom pattern id "${id}" ${problem}`);
    }
    const name = typeof id === 'string' ? `"${id}"` : label;
    if (typeof pattern !== 'string' || pattern === '') required('pattern', pattern, `${name} needs a pattern: a non-empty string in RE2 syntax`);
    else checkPattern(pattern, at('pattern'), `pattern of ${name}`);
    if (severity !== undefined) expect(SEVERITIES.includes(severity as Severity), at('severity'), `severity of ${name}`, `be one of ${SEVERITIES.join(', ')}`, severity);
    if (description !== undefined) expect(typeof description === 'string', at('description'), `description of ${name}`, 'be a string', description);
    if (env !== undefined) expect(typeof env === 'boolean', at('env'), `env of ${name}`, 'be true or false', env);
    if (errors.length !== before) return undefined;
    knownIds.add(id as string);
    return {
      id: id as string,
      pattern: pattern as string,
      severity: (severity as Severity | undefined) ?? 'warning',
      ...(description !== undefined && { description: description as string }),
      ...(env !== undefined && { env: env as boolean }),
    };
  };

  const custom = (value: unknown): JobSentinelConfig['custom'] => {
    const result: JobSentinelConfig['custom'] = { images: [], patterns: [] };
    if (!expect(isRecord(value), '/custom', 'custom', 'be a mapping', value)) return result;
    const { images, patterns } = value as Record<string, unknown>;
    unknownKeys(value as Record<string, unknown>, '/custom', CUSTOM_KEYS, 'custom');
    if (images != null) {
      stringList(images, '/custom/images', 'custom.images')?.forEach((glob, index) => {
        if (/^\**$/.test(glob.trim())) error(joinPointer('/custom/images', index), `custom.images glob "${glob}" would match every image`);
        else result.images.push(glob);
      });
    }
    if (patterns != null && expect(Array.isArray(patterns), '/custom/patterns', 'custom.patterns', 'be a list', patterns)) {
      (patterns as unknown[]).forEach((item, index) => {
        const pattern = customPattern(item, index);
        if (pattern) result.patterns.push(pattern);
      });
    }
    return result;
  };

  for (const problem of parsed.problems) errorAt(problem.span, problem.message);
  const [document, ...extra] = parsed.documents;
  for (const other of extra) errorAt(other.root.span, `${name} holds one document; document ${other.index + 1} is ignored`);
  const config: JobSentinelConfig = { ...DEFAULT_CONFIG, severity: {}, ignore: [], custom: { images: [], patterns: [] } };
  const top = document?.value;
  if (document && !isRecord(top)) {
    errorAt(document.root.span, `${name} must be a mapping with the keys ${TOP_LEVEL_KEYS.join(', ')}`);
  } else if (document) {
    root = document.root;
    unknownKeys(top as Record<string, unknown>, '', TOP_LEVEL_KEYS, name);
    const { profile, severity: severities, ignore: entries, custom: customs } = top as Record<string, unknown>;
    // Custom pattern ids are indicator ids too: read them first so `severity` and `ignore` may name them.
    if (customs != null) config.custom = custom(customs);
    const hint = typeof profile === 'string' ? closest(profile, PROFILES) : '';
    if (profile !== undefined && expect(PROFILES.includes(profile as string), '/profile', 'profile', `be ${PROFILES.join(' or ')}`, profile, hint)) {
      config.profile = profile as JobSentinelConfig['profile'];
    }
    if (severities != null) config.severity = severity(severities);
    if (entries != null) config.ignore = ignore(entries);
  }
  errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { config, errors };
}

/**
 * The source span of one character of a scalar's value (a scalar's span leaves its quotes out), when
 * the source is the value verbatim; undefined when escapes or folding make their offsets differ.
 */
function characterSpan(text: string, span: Span, value: string, index: number): Span | undefined {
  if (text.slice(span.start, span.end) !== value) return undefined;
  const start = span.start + Math.min(index, Math.max(value.length - 1, 0));
  return { start, end: start + 1 };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** ` (did you mean "x"?)` for a near miss (a typo), or ''. */
function closest(word: string, candidates: readonly string[]): string {
  const best = nearestWord(word, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
