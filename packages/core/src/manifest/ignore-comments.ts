import type { Span } from '../model.js';
import { parseIgnoreList } from '../config/tuning.js';
import type { LineIndex } from '../yaml/line-index.js';

export interface IgnoreComment {
  /** 1-based line the comment is on. */
  line: number;
  ids: string[];
  /** The id list's span, for errors about unknown ids. */
  span: Span;
}

/** A comment starts a line or follows a blank; `a#b` is part of a plain scalar. */
const COMMENT = /(^|[ \t])#[ \t]*jobsentinel-ignore:[ \t]*([^\r\n]*)/gm;
/** What separates the ids from an optional reason. */
const REASON = /(?:^|[ \t])--(?:[ \t]|$)/;

/**
 * `# jobsentinel-ignore: id, id` comments (those `within` a section of the text, when given). A `#` inside a string (a script, a quoted value) is not a
 * comment: otherwise an attacker could silence a finding from inside the very command it flags.
 */
export function findIgnoreComments(
  text: string,
  lines: LineIndex,
  scalarSpans: readonly Span[],
  within: Span = { start: 0, end: text.length },
): IgnoreComment[] {
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
    comments.push({
      line: lines.position(hash).line,
      ids: parseIgnoreList(list),
      span: { start: listStart, end: listStart + list.length },
    });
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
