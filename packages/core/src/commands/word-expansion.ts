import type { Invocation } from './invocations.js';
import type { ShellWord } from './shell-lexer.js';
import type { ShellState } from './shell-state.js';

/** A word after parameter expansion, command substitution and field splitting, as far as the model knows. */
export interface ExpansionResult {
  fields: string[];
  /** Invocations whose output the whole word is (`"$(curl …)"`, `<(…)`, `"$X"` after `X=$(curl …)`). */
  from?: Invocation[];
  /** A parameter nobody set: the first such reference as written. */
  unresolved?: string;
  /** It holds the output of a command the model could not run. */
  generated?: boolean;
  /** It holds decoded text: the encoding. */
  decoded?: string;
  /** An expansion that hides a command line in one word: `an IFS split`, `a brace expansion`. */
  trick?: string;
  /** The word is one variable whose value is a scalar of the manifest (`"$SCRIPT"`): that scalar. */
  source?: { path: string; exact: boolean };
}

/** What a substitution of the word ran and printed. */
export interface SubstitutionResult {
  invocations: Invocation[];
  output?: string;
  decoded?: string;
}

/** Parameters the shell sets itself: their values are unknown here but reading them hides nothing. */
const SPECIAL = /^([0-9]+|[@*#?$!-])$/;
const BRACE_LIST = /^\{([^{},\s]*,)+[^{},\s]*\}$/;

interface Segment {
  text: string;
  split: boolean;
}

/**
 * Expands `word.value` from offset `skip` (after `NAME=` for an assignment): known variables and literal
 * substitution outputs are substituted, unknown ones stay as written; unquoted expansions are split on IFS
 * when `split` is set (never for assignments).
 */
export function expandWord(word: ShellWord, skip: number, results: readonly SubstitutionResult[], state: ShellState, split: boolean): ExpansionResult {
  const value = word.value;
  const result: ExpansionResult = { fields: [] };
  type Piece = { at: number; end: number; parameter?: string; splits: boolean; substitution?: number };
  const pieces: Piece[] = [];
  for (const parameter of word.parameters) if (parameter.at >= skip) pieces.push({ at: parameter.at, end: parameter.end, parameter: parameter.name, splits: parameter.split });
  word.substitutions.forEach((substitution, index) => {
    if (substitution.at >= skip) pieces.push({ at: substitution.at, end: substitution.at + substitution.raw.length, splits: substitution.split, substitution: index });
  });
  if (pieces.length === 0) {
    const text = value.slice(skip);
    if (split && !word.quoted && BRACE_LIST.test(text)) return { fields: text.slice(1, -1).split(','), trick: `a brace expansion (${text})` };
    return { fields: [text] };
  }
  pieces.sort((a, b) => a.at - b.at);
  const segments: Segment[] = [];
  const from: Invocation[] = [];
  let source: ExpansionResult['source'];
  let usedIfs = false;
  let cursor = skip;
  for (const piece of pieces) {
    if (piece.at < cursor) continue;
    segments.push({ text: value.slice(cursor, piece.at), split: false });
    cursor = piece.end;
    const raw = value.slice(piece.at, piece.end);
    if (piece.parameter !== undefined) {
      const variable = SPECIAL.test(piece.parameter) ? undefined : state.variable(piece.parameter);
      if (piece.parameter === 'IFS') usedIfs = true;
      if (variable?.known) {
        segments.push({ text: variable.value, split: piece.splits });
      } else {
        segments.push({ text: raw, split: false });
        if (variable) result.generated = true;
        else if (!SPECIAL.test(piece.parameter)) result.unresolved ??= raw;
      }
      if (variable?.from) for (const invocation of variable.from) from.push(invocation);
      if (variable?.decoded) result.decoded ??= variable.decoded;
      source = variable?.source;
      continue;
    }
    const substitution = word.substitutions[piece.substitution!];
    const ran = results[piece.substitution!];
    if (ran) for (const invocation of ran.invocations) from.push(invocation);
    if (ran?.decoded) result.decoded ??= ran.decoded;
    if (ran?.output !== undefined && !substitution.process) {
      segments.push({ text: ran.output.replace(/\n+$/, ''), split: substitution.split });
    } else {
      segments.push({ text: raw, split: false });
      result.generated = true;
    }
  }
  segments.push({ text: value.slice(cursor), split: false });

  const whole = pieces.length === 1 && segments.every((segment, index) => index === 1 || segment.text === '');
  if (whole && from.length > 0) result.from = from;
  if (whole && source && pieces[0].parameter !== undefined) result.source = source;
  result.fields = split ? splitFields(segments, state.variable('IFS')?.value ?? ' \t\n', word.quoted) : [segments.map((segment) => segment.text).join('')];
  if (usedIfs && split && result.fields.length > 1) result.trick = `an IFS split (${value})`;
  return result;
}

/** Field splitting: unquoted expansion results break on IFS characters; quoted text never does. */
function splitFields(segments: Segment[], ifs: string, quoted: boolean): string[] {
  const fields: string[] = [''];
  let splitAny = false;
  for (const segment of segments) {
    if (!segment.split || ifs === '') {
      fields[fields.length - 1] += segment.text;
      continue;
    }
    splitAny = true;
    let current = fields.length - 1;
    for (const char of segment.text) {
      if (ifs.includes(char)) {
        if (fields[current] !== '') current = fields.push('') - 1;
      } else {
        fields[current] += char;
      }
    }
  }
  if (!splitAny || quoted) return fields.length === 1 ? fields : fields.filter((field, index) => field !== '' || index < fields.length - 1);
  return fields.filter((field) => field !== '');
}
