/**
 * Suppression, in one place: the `# jobsentinel-ignore:` comment and the `jobsentinel.io/ignore`
 * annotation a manifest's author writes, and the `ignore:` entries of the config file. It reads them
 * for the analysis, writes them for the editor's quick fixes, and says of each suppressed finding how
 * and where it was suppressed: a suppression is reported, never silent, because whoever writes a
 * manifest can write a suppression into it (see docs/suppression.md).
 */
import type { JobSentinelConfig } from './config/config.js';
import { ignoringEntry, type FindingScope } from './config/tuning.js';
import { findPodTemplates, IGNORE_ANNOTATION } from './manifest/pod-templates.js';
import type { Span } from './model.js';
import { lineEndOf, lineStartOf, indentationAt, newlineOf, type TextEdit } from './text/text-edits.js';
import type { LineIndex } from './yaml/line-index.js';
import type { PointerEdit } from './yaml/pointer-edits.js';
import { joinPointer, pointerSegments } from './util/json-pointer.js';
import { isRecord } from './util/record.js';

export { IGNORE_ANNOTATION };
/** `all` in an annotation or comment stands for every indicator. */
export const IGNORE_ALL = 'all';

export type SuppressionKind = 'annotation' | 'comment' | 'config';

/** Where a suppression sits: a span of the manifest (comment, annotation), or a JSON pointer into the config file. */
export type SuppressionSite = { kind: 'annotation' | 'comment'; span: Span } | { kind: 'config'; pointer: string };

/** An annotation or comment, with the ids it lists. */
export interface InlineIgnore {
  ids: string[];
  /** The id list's span: where unknown ids are reported and the suppression is located. */
  span: Span;
}

export interface IgnoreComment extends InlineIgnore {
  /** 1-based line the comment is on. */
  line: number;
}

/** The ids listed in an annotation or comment value: `host-path-mount, host-network`. */
export function parseIgnoreList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function listCovers(ids: readonly string[], indicator: string): boolean {
  return ids.includes(indicator) || ids.includes(IGNORE_ALL);
}

/** A comment starts a line or follows a blank; `a#b` is part of a plain scalar. */
const COMMENT = /(^|[ \t])#[ \t]*jobsentinel-ignore:[ \t]*([^\r\n]*)/gm;
/** What separates the ids from an optional reason. */
const REASON = /(?:^|[ \t])--(?:[ \t]|$)/;

/**
 * `# jobsentinel-ignore: id, id` comments (those `within` a section of the text, when given). A `#`
 * inside a string (a script, a quoted value) is not a comment: otherwise an attacker could silence a
 * finding from inside the very command it flags.
 */
export function findIgnoreComments(text: string, lines: LineIndex, scalarSpans: readonly Span[], within: Span = { start: 0, end: text.length }): IgnoreComment[] {
  const comments: IgnoreComment[] = [];
  // Search the section alone: a search over the whole text from each section would be quadratic.
  const chunk = text.slice(within.start, within.end);
  COMMENT.lastIndex = 0;
  for (let match = COMMENT.exec(chunk); match; match = COMMENT.exec(chunk)) {
    const at = within.start + match.index;
    const hash = at + match[1].length;
    if (insideScalar(scalarSpans, hash)) continue;
    const listStart = at + match[0].length - match[2].length;
    // `# jobsentinel-ignore: host-path-mount -- reads /var/log by design`: the reason is for people.
    const list = match[2].split(REASON)[0].trimEnd();
    comments.push({ line: lines.position(hash).line, ids: parseIgnoreList(list), span: { start: listStart, end: listStart + list.length } });
  }
  return comments;
}

/** Scalar spans are in source order and never overlap, so a binary search finds the candidate. */
function insideScalar(spans: readonly Span[], offset: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid].end <= offset) low = mid + 1;
    else if (spans[mid].start > offset) high = mid - 1;
    else return true;
  }
  return false;
}

/** What may suppress the findings of one pod template. */
export interface TemplateSuppressions {
  config: JobSentinelConfig;
  /** The annotations on the object and on its pod template (both apply). */
  annotations: readonly InlineIgnore[];
  /** Ignore comments by the line they are on. */
  comments: ReadonlyMap<number, readonly IgnoreComment[]>;
  /** False under `--no-inline-ignores`: only the config file suppresses. */
  inline: boolean;
}

/**
 * How a finding at `line` is suppressed, or undefined when it is not. The config file is asked first
 * (it is the reviewed, trusted place), then the annotation, then a comment on the line or the line above.
 */
export function suppressionOf(where: TemplateSuppressions, scope: FindingScope, line: number): SuppressionSite | undefined {
  const byConfig = configSuppressionOf(where.config, scope);
  if (byConfig || !where.inline) return byConfig;
  const annotation = where.annotations.find((candidate) => listCovers(candidate.ids, scope.indicator));
  if (annotation) return { kind: 'annotation', span: annotation.span };
  for (const at of [line, line - 1]) {
    const comment = where.comments.get(at)?.find((candidate) => listCovers(candidate.ids, scope.indicator));
    if (comment) return { kind: 'comment', span: comment.span };
  }
  return undefined;
}

/** A suppression by an `ignore:` entry of the config file. */
export type ConfigSuppression = Extract<SuppressionSite, { kind: 'config' }>;

/**
 * How the config file suppresses a finding, or undefined. The only suppression an audit log has: an
 * annotation or comment in a logged object was written by the requester, so it would let an attacker
 * switch detection off for their own job.
 */
export function configSuppressionOf(config: JobSentinelConfig, scope: FindingScope): ConfigSuppression | undefined {
  const entry = ignoringEntry(config, scope);
  return entry === undefined ? undefined : { kind: 'config', pointer: `/ignore/${entry}` };
}

/** Matches a line that is an ignore comment: group 1 up to the list, group 2 the list and any reason. */
const IGNORE_COMMENT_LINE = /^([ \t]*#[ \t]*jobsentinel-ignore:[ \t]*)(.*?)[ \t]*$/;

/** The comment that suppresses `id` on the next line (or, at the end of a line, on that line). */
function ignoreComment(id: string): string {
  return `# jobsentinel-ignore: ${id}`;
}

/** An annotation or comment list with `id` added: `host-network` + `host-pid` → `host-network, host-pid`. */
function withIgnoredId(list: string, id: string): string {
  const current = list.trim().replace(/[\s,]+$/, '');
  return current === '' ? id : `${current}, ${id}`;
}

/**
 * Where an ignore comment for `id` can go to silence a finding that starts at `offset`, best first:
 * a line of its own above (or the id added to an ignore comment already there), else the end of the
 * line above, for a value that starts on a line of its own (`path: |-` then the block scalar).
 * The caller must check the data is unchanged: in a multi-line string, the "comment" is text.
 */
export function ignoreCommentEdits(text: string, offset: number, id: string): TextEdit[] {
  const lineStart = lineStartOf(text, offset);
  if (lineStart === 0) return [{ start: 0, end: 0, newText: `${indentationAt(text, 0)}${ignoreComment(id)}${newlineOf(text)}` }];
  const aboveStart = lineStartOf(text, lineStart - 1);
  const aboveEnd = lineEndOf(text, aboveStart);
  const above = IGNORE_COMMENT_LINE.exec(text.slice(aboveStart, aboveEnd));
  if (above) {
    const listEnd = aboveStart + above[1].length + above[2].length;
    return [{ start: listEnd, end: aboveStart + above[0].length, newText: `${above[2] === '' ? '' : ', '}${id}` }];
  }
  const edits: TextEdit[] = [{ start: lineStart, end: lineStart, newText: `${indentationAt(text, lineStart)}${ignoreComment(id)}${newlineOf(text)}` }];
  if (!text.slice(aboveStart, aboveEnd).includes('#')) edits.push({ start: aboveEnd, end: aboveEnd, newText: ` ${ignoreComment(id)}` });
  return edits;
}

/** The annotation edit that silences `id` for the pod template holding `path`, and what it applies to. */
export interface IgnoreAnnotationEdit {
  /** `CronJob "backup"`. */
  target: string;
  edits: PointerEdit[];
}

/**
 * Adds `id` to the pod template's ignore annotation, or to the object's; else creates the object's
 * annotation (and its `annotations:` when there is none). Undefined when `path` is in no pod template.
 */
export function ignoreAnnotationEdit(document: unknown, path: string, id: string): IgnoreAnnotationEdit | undefined {
  const template = findPodTemplates(document)
    .filter((candidate) => path.startsWith(candidate.specPath + '/') || path === candidate.specPath)
    .sort((a, b) => b.specPath.length - a.specPath.length)[0];
  if (!template) return undefined;
  const target = `${template.kind} "${template.name ?? '?'}"`;
  const templateMetadata = joinPointer(template.specPath.slice(0, -'/spec'.length), 'metadata');
  const existing = template.ignoreAnnotations.find((annotation) => annotation.pointer.startsWith(templateMetadata + '/')) ?? template.ignoreAnnotations[0];
  if (existing) return { target, edits: [{ op: 'replace', path: existing.pointer, value: withIgnoredId(existing.value, id) }] };
  const metadata = valueAt(document, joinPointer(template.objectPath, 'metadata'));
  if (!isRecord(metadata)) return undefined;
  if (Object.hasOwn(metadata, 'annotations')) {
    return { target, edits: [{ op: 'add', path: joinPointer(template.objectPath, 'metadata', 'annotations', IGNORE_ANNOTATION), value: id }] };
  }
  return { target, edits: [{ op: 'add', path: joinPointer(template.objectPath, 'metadata', 'annotations'), value: { [IGNORE_ANNOTATION]: id } }] };
}

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isRecord(value) && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}
