import { INDICATORS } from '../indicators/index.js';
import { linearPatternEngine, validatePattern } from '../patterns/engine.js';
import { PatternSyntaxError } from '../patterns/types.js';
import type { AnalysisError, Severity, SeveritySetting, Span } from '../model.js';
import { parseText, type ParsedText } from '../yaml/parse.js';
import { findingSpan, joinPointer, locate, type SourceNode } from '../yaml/source-node.js';
import { DEFAULT_CONFIG, type CustomPattern, type IgnoreEntry, type JobSentinelConfig } from './config.js';

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

const TOP_LEVEL_KEYS = ['profile', 'severity', 'ignore', 'custom'];
const IGNORE_KEYS = ['indicators', 'images', 'namespaces', 'users'] as const;
const CUSTOM_KEYS = ['images', 'patterns'];
const PATTERN_KEYS = ['id', 'pattern', 'severity', 'description', 'env'];
const PROFILES = ['seed', 'extended'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const SEVERITY_SETTINGS: readonly SeveritySetting[] = [...SEVERITIES, 'off'];
const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Reads `.jobsentinel.yaml` (YAML or JSON) and validates it strictly: every unknown key, unknown
 * indicator id and ill-typed value is an error that names itself and points at its range. Rejected
 * parts fall back to the defaults; an ignore entry with any error is dropped whole, because a
 * half-understood exemption could silence more than its author meant.
 */
export function parseConfig(text: string, fileName: string, options: ParseConfigOptions = {}): ParsedConfig {
  const parsed = parseText(text);
  const reader = new ConfigReader(parsed, fileName, options);
  const config = reader.read();
  const errors = reader.errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { config, errors };
}

/**
 * Where to look for a config file for `filePath`, nearest first: `.jobsentinel.yaml` then
 * `.jobsentinel.yml` in its folder, then in each folder above it up to the root. Pure, so that every
 * host (Node, browser, editor) finds the same file: the host tries the candidates in order. Keeps the
 * path's own separator and root (POSIX `/`, a Windows drive `C:\`, a UNC share `\\server\share\`).
 * A relative path climbs only as far as it names folders (`../x.yaml` stops at `..`).
 */
export function configSearchPaths(filePath: string): string[] {
  const windows = filePath.includes('\\') || /^[A-Za-z]:/.test(filePath);
  const separator = filePath.includes('\\') ? '\\' : '/';
  let root = (windows ? /^(?:\\\\[^\\/]+[\\/][^\\/]+[\\/]?|[A-Za-z]:[\\/]?|[\\/])?/ : /^\/?/).exec(filePath)![0];
  if (root.startsWith('\\\\') && !/[\\/]$/.test(root)) root += separator;
  const segments = filePath.slice(root.length).split(windows ? /[\\/]+/ : /\/+/);
  // A trailing separator names a folder; otherwise the last segment is the file.
  if (!/[\\/]$/.test(filePath)) segments.pop();
  const folders = segments.filter((segment) => segment !== '' && segment !== '.');
  const candidates: string[] = [];
  for (let depth = folders.length; depth >= 0; depth--) {
    const folder = root + folders.slice(0, depth).map((segment) => segment + separator).join('');
    for (const name of CONFIG_FILE_NAMES) candidates.push(folder + name);
    if (depth > 0 && folders[depth - 1] === '..') break;
  }
  return candidates;
}

type Scalar = string | number | boolean | null;

class ConfigReader {
  readonly errors: AnalysisError[] = [];
  private readonly knownIds = new Set(INDICATORS.map((indicator) => indicator.id));
  /** Custom ids from elsewhere: nameable, but not taken (this file may define the same id). */
  private readonly externalIds: ReadonlySet<string>;
  private root: SourceNode = { span: { start: 0, end: 0 } };

  constructor(
    private readonly parsed: ParsedText,
    private readonly fileName: string,
    private readonly options: ParseConfigOptions,
  ) {
    this.externalIds = new Set(options.customIds ?? []);
  }

  /** The file's own name for messages; hosts put the path in front of each error already. */
  private get name(): string {
    return this.fileName.split(/[\\/]/).pop() || this.fileName;
  }

  read(): JobSentinelConfig {
    for (const problem of this.parsed.problems) this.errors.push({ message: problem.message, range: this.parsed.lines.range(problem.span) });
    const [document, ...extra] = this.parsed.documents;
    for (const other of extra) this.errorAt(other.root.span, `${this.name} holds one document; document ${other.index + 1} is ignored`);
    const config: JobSentinelConfig = { ...DEFAULT_CONFIG, severity: {}, ignore: [], custom: { images: [], patterns: [] } };
    if (!document) return config;
    this.root = document.root;
    const top = document.value;
    if (!isRecord(top)) {
      this.errorAt(document.root.span, `${this.name} must be a mapping with the keys ${TOP_LEVEL_KEYS.join(', ')}`);
      return config;
    }
    this.unknownKeys(top, '', TOP_LEVEL_KEYS, this.name);
    // Custom pattern ids are indicator ids too: read them first so `severity` and `ignore` may name them.
    if (top.custom !== undefined && top.custom !== null) config.custom = this.custom(top.custom);
    if (top.profile !== undefined) config.profile = this.profile(top.profile) ?? config.profile;
    if (top.severity !== undefined && top.severity !== null) config.severity = this.severity(top.severity);
    if (top.ignore !== undefined && top.ignore !== null) config.ignore = this.ignore(top.ignore);
    return config;
  }

  private profile(value: unknown): JobSentinelConfig['profile'] | undefined {
    if (typeof value === 'string' && PROFILES.includes(value)) return value as JobSentinelConfig['profile'];
    const hint = typeof value === 'string' ? closest(value, PROFILES) : '';
    this.valueError('/profile', `profile must be ${PROFILES.join(' or ')}, not ${describe(value)}${hint}`);
    return undefined;
  }

  private severity(value: unknown): Record<string, SeveritySetting> {
    const result: Record<string, SeveritySetting> = {};
    if (!this.expectMapping(value, '/severity', 'severity')) return result;
    for (const [id, setting] of Object.entries(value)) {
      const pointer = joinPointer('/severity', id);
      if (!this.nameable(id)) {
        this.keyError(pointer, `unknown indicator "${id}" in severity${this.suggestion(id)}`);
      } else if (typeof setting !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(setting)) {
        this.valueError(pointer, `severity of "${id}" must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${describe(setting)}`);
      } else {
        result[id] = setting as SeveritySetting;
      }
    }
    return result;
  }

  private ignore(value: unknown): IgnoreEntry[] {
    if (!Array.isArray(value)) {
      this.valueError('/ignore', `ignore must be a list of entries, not ${describe(value)}`);
      return [];
    }
    const entries: IgnoreEntry[] = [];
    value.forEach((item, index) => {
      const entry = this.ignoreEntry(item, joinPointer('/ignore', index));
      if (entry) entries.push(entry);
    });
    return entries;
  }

  private ignoreEntry(item: unknown, pointer: string): IgnoreEntry | undefined {
    const label = `ignore entry ${Number(pointer.split('/').pop()) + 1}`;
    if (!isRecord(item)) {
      this.valueError(pointer, `${label} must be a mapping (indicators, images, namespaces, users), not ${describe(item)}`);
      return undefined;
    }
    const before = this.errors.length;
    this.unknownKeys(item, pointer, IGNORE_KEYS, label);
    const entry: IgnoreEntry = {};
    for (const key of IGNORE_KEYS) {
      if (item[key] === undefined) continue;
      const list = this.stringList(item[key], joinPointer(pointer, key), `${key} of ${label}`);
      if (list) entry[key] = list;
    }
    entry.indicators?.forEach((id, index) => {
      if (!this.nameable(id)) this.valueError(joinPointer(pointer, 'indicators', index), `unknown indicator "${id}" in ${label}${this.suggestion(id)}`);
    });
    if (this.errors.length === before && Object.keys(entry).length === 0) {
      this.valueError(pointer, `${label} has no conditions and would ignore every finding; name indicators, images, namespaces or users`);
    }
    return this.errors.length === before ? entry : undefined;
  }

  private custom(value: unknown): JobSentinelConfig['custom'] {
    const custom: JobSentinelConfig['custom'] = { images: [], patterns: [] };
    if (!this.expectMapping(value, '/custom', 'custom')) return custom;
    this.unknownKeys(value, '/custom', CUSTOM_KEYS, 'custom');
    if (value.images !== undefined && value.images !== null) {
      const images = this.stringList(value.images, '/custom/images', 'custom.images') ?? [];
      images.forEach((glob, index) => {
        if (/^\**$/.test(glob.trim())) this.valueError(joinPointer('/custom/images', index), `custom.images glob "${glob}" would match every image`);
        else custom.images.push(glob);
      });
    }
    if (value.patterns !== undefined && value.patterns !== null) {
      if (!Array.isArray(value.patterns)) this.valueError('/custom/patterns', `custom.patterns must be a list, not ${describe(value.patterns)}`);
      else {
        value.patterns.forEach((item, index) => {
          const pattern = this.customPattern(item, joinPointer('/custom/patterns', index));
          if (pattern) custom.patterns.push(pattern);
        });
      }
    }
    return custom;
  }

  private customPattern(item: unknown, pointer: string): CustomPattern | undefined {
    const label = `custom pattern ${Number(pointer.split('/').pop()) + 1}`;
    if (!isRecord(item)) {
      this.valueError(pointer, `${label} must be a mapping with id, pattern and severity, not ${describe(item)}`);
      return undefined;
    }
    const before = this.errors.length;
    this.unknownKeys(item, pointer, PATTERN_KEYS, label);
    const { id, pattern, severity, description, env } = item;
    if (typeof id !== 'string') {
      const given = id === undefined ? '' : `, not ${describe(id)}`;
      this.fieldError(item, pointer, 'id', `${label} needs an id: a kebab-case name such as crypto-miner${given}`);
    } else if (!KEBAB_CASE.test(id)) {
      this.valueError(joinPointer(pointer, 'id'), `custom pattern id "${id}" must be kebab-case (lower-case words joined by hyphens)`);
    } else if (INDICATORS.some((indicator) => indicator.id === id)) {
      this.valueError(joinPointer(pointer, 'id'), `custom pattern id "${id}" is a built-in indicator; choose another id`);
    } else if (this.knownIds.has(id)) {
      this.valueError(joinPointer(pointer, 'id'), `custom pattern id "${id}" is used twice`);
    }
    const name = typeof id === 'string' ? `"${id}"` : label;
    if (typeof pattern !== 'string' || pattern === '') {
      const given = pattern === undefined ? '' : `, not ${describe(pattern)}`;
      this.fieldError(item, pointer, 'pattern', `${name} needs a pattern: a non-empty string in RE2 syntax${given}`);
    } else {
      this.checkPattern(pattern, joinPointer(pointer, 'pattern'), name);
    }
    if (severity !== undefined && (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity))) {
      this.valueError(joinPointer(pointer, 'severity'), `severity of ${name} must be one of ${SEVERITIES.join(', ')}, not ${describe(severity)}`);
    }
    if (description !== undefined && typeof description !== 'string') {
      this.valueError(joinPointer(pointer, 'description'), `description of ${name} must be a string, not ${describe(description)}`);
    }
    if (env !== undefined && typeof env !== 'boolean') {
      this.valueError(joinPointer(pointer, 'env'), `env of ${name} must be true or false, not ${describe(env)}`);
    }
    if (this.errors.length !== before) return undefined;
    this.knownIds.add(id as string);
    return {
      id: id as string,
      pattern: pattern as string,
      severity: (severity as Severity | undefined) ?? 'warning',
      ...(description !== undefined ? { description: description as string } : {}),
      ...(env !== undefined ? { env: env as boolean } : {}),
    };
  }

  /** A pattern the engines cannot run is an error at the character where the problem starts, when that can be told. */
  private checkPattern(pattern: string, pointer: string, name: string): void {
    if (this.options.validatePattern) {
      const problem = this.options.validatePattern(pattern);
      if (problem !== undefined) this.valueError(pointer, `pattern of ${name}: ${problem}`);
      return;
    }
    try {
      validatePattern(pattern);
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      const span = locate(this.root, pointer).span;
      this.errorAt(characterSpan(this.parsed.text, span, pattern, error.position) ?? span, `pattern of ${name}: ${error.message}`);
      return;
    }
    // Like a custom.images glob of `*`: a pattern that matches the empty string matches every text.
    if (linearPatternEngine.compile(pattern).test('')) {
      this.valueError(pointer, `pattern of ${name} matches the empty string, so it would flag every image, command and script; require some text (e.g. use + instead of *)`);
    }
  }

  private stringList(value: unknown, pointer: string, label: string): string[] | undefined {
    if (!Array.isArray(value)) {
      this.valueError(pointer, `${label} must be a list of strings, not ${describe(value)}`);
      return undefined;
    }
    let valid = true;
    value.forEach((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') {
        this.valueError(joinPointer(pointer, index), `${label} must hold non-empty strings, not ${describe(item)}`);
        valid = false;
      }
    });
    return valid ? (value as string[]) : undefined;
  }

  private expectMapping(value: unknown, pointer: string, label: string): value is Record<string, unknown> {
    if (isRecord(value)) return true;
    this.valueError(pointer, `${label} must be a mapping, not ${describe(value)}`);
    return false;
  }

  private unknownKeys(value: Record<string, unknown>, pointer: string, known: readonly string[], where: string): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.keyError(joinPointer(pointer, key), `unknown key "${key}" in ${where}${closest(key, known)}; known keys: ${known.join(', ')}`);
      }
    }
  }

  /** A required field is missing (point at the entry) or has the wrong type (point at it). */
  private fieldError(item: Record<string, unknown>, pointer: string, key: string, message: string): void {
    if (item[key] === undefined) this.valueError(pointer, message);
    else this.valueError(joinPointer(pointer, key), message);
  }

  /** Whether `severity` and `ignore` may name the id: built-in, defined in this file, or given by the host. */
  private nameable(id: string): boolean {
    return this.knownIds.has(id) || this.externalIds.has(id);
  }

  private suggestion(id: string): string {
    return closest(id, [...this.knownIds, ...this.externalIds]);
  }

  private keyError(pointer: string, message: string): void {
    const node = locate(this.root, pointer);
    this.errorAt(node.keySpan ?? node.span, message);
  }

  private valueError(pointer: string, message: string): void {
    const node = locate(this.root, pointer);
    this.errorAt(node.children ? findingSpan(node) : node.span, message);
  }

  private errorAt(span: Span, message: string): void {
    this.errors.push({ message, range: this.parsed.lines.range(span) });
  }
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return String(value as Scalar);
}

/** ` (did you mean "x"?)` for a near miss (a typo), or ''. */
function closest(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
