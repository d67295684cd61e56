import type { Span } from '../model.js';
import { parseIgnoreList } from '../config/tuning.js';
import type { ParsedText } from '../yaml/parse.js';

export interface IgnoreComment {
  /** 1-based line the comment is on. */
  line: number;
  ids: string[];
  /** The id list's span, for errors about unknown ids. */
  span: Span;
}

const COMMENT = /(^|[ \t])#[ \t]*jobsentinel-ignore:[ \t]*([^\r\n]*)/g;
/** What separates the ids from an optional reason. */
const REASON = /(?:^|[ \t])--(?:[ \t]|$)/;

/**
 * `# jobsentinel-ignore: id, id` comments. A `#` inside a string (a script, a quoted value) is not a
 * comment: otherwise an attacker could silence a finding from inside the very command it flags.
 */
export function findIgnoreComments(parsed: ParsedText): IgnoreComment[] {
  const comments: IgnoreComment[] = [];
  for (let match = COMMENT.exec(parsed.text); match; match = COMMENT.exec(parsed.text)) {
    const hash = match.index + match[1].length;
    if (insideScalar(parsed.scalarSpans, hash)) continue;
    const listStart = match.index + match[0].length - match[2].length;
    // `# jobsentinel-ignore: host-path-mount -- reads /var/log by design`: the reason is for people.
    const list = match[2].split(REASON)[0].trimEnd();
    comments.push({
      line: parsed.lines.position(hash).line,
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
