/**
 * A manifest file cut into documents the way kubectl cuts it (see docs/decoding.md):
 * - JSON or YAML is decided once: a file whose first 4096 bytes start, after white space, with `{`
 *   is a stream of JSON values; anything else is YAML;
 * - YAML is split before parsing on lines that begin with `---` (only spaces or a comment may follow);
 * - each part is read by go-yaml, which reads its first document only: after a `...` line, the text
 *   is never read up to the next `---` (a note says so, since nothing may vanish silently).
 * Each part becomes one ParsedSection; a broken part does not hide the others.
 */
import type { Span } from '../model.js';
import { jsonValues, JsonSyntaxError } from './json-stream.js';
import { buildKubernetesDocument } from './kubernetes-yaml.js';
import { documentCount, helmTemplateNote, syntaxProblem, type ParsedSection } from './parse.js';

/** How far kubectl looks for the `{` that makes a file JSON. */
const JSON_SNIFF_BYTES = 4096;

export function* kubernetesSections(text: string): Generator<ParsedSection> {
  if (isJsonStream(text)) yield* jsonSections(text);
  else yield* yamlSections(text);
}

/** Go's unicode.IsSpace. */
function isGoSpace(code: number): boolean {
  return (code >= 9 && code <= 13) || code === 32 || code === 0x85 || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

function isJsonStream(text: string): boolean {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes < JSON_SNIFF_BYTES; i++) {
    const code = text.charCodeAt(i);
    if (code === 123 /* { */) return true;
    if (!isGoSpace(code)) return false;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
  }
  return false;
}

function* jsonSections(text: string): Generator<ParsedSection> {
  let index = 0;
  try {
    for (const json of jsonValues(text)) {
      const section: ParsedSection = { span: json.span, documents: [], problems: [], scalarSpans: [] };
      if (json.value !== null) section.documents.push({ index: index++, value: json.value, root: json.node, span: json.span });
      yield section;
    }
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const at = Math.min(error.offset, Math.max(0, text.length - 1));
    yield {
      span: { start: at, end: text.length },
      documents: [],
      problems: [{ message: `JSON: ${error.message}; kubectl stops reading the file here`, span: { start: at, end: at + 1 } }],
      scalarSpans: [],
    };
  }
}

function* yamlSections(text: string): Generator<ParsedSection> {
  let documents = 0;
  let chunkStart = 0;
  const separatorProblems: ParsedSection['problems'] = [];
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    if (text.startsWith('---', lineStart)) {
      const rest = text.slice(lineStart + 3, lineEnd).trim();
      if (rest !== '' && !rest.startsWith('#')) {
        separatorProblems.push({
          message: `invalid document separator: only a comment may follow \`---\` on its line (kubectl refuses "${printable(rest)}")`,
          span: { start: lineStart, end: lineEnd - (newline === -1 ? 0 : 1) },
        });
      }
      if (hasText(text, chunkStart, lineStart)) {
        const section = yamlSection(text, { start: chunkStart, end: lineStart }, documents);
        documents += documentCount(section);
        yield withProblems(section, separatorProblems.splice(0));
      }
      chunkStart = lineEnd;
    }
    lineStart = lineEnd;
  }
  if (hasText(text, chunkStart, text.length) || separatorProblems.length > 0) {
    yield withProblems(yamlSection(text, { start: chunkStart, end: text.length }, documents), separatorProblems);
  }
}

function withProblems(section: ParsedSection, problems: ParsedSection['problems']): ParsedSection {
  if (problems.length > 0) section.problems.unshift(...problems);
  return section;
}

function hasText(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isGoSpace(text.charCodeAt(i))) return true;
  return false;
}

/** A line that begins a document marker go-yaml acts on: `---` or `...` then a blank or the end. */
const DOCUMENT_MARKER = /(^|[\n\r\u0085\u2028\u2029])(---|\.\.\.)(?=[ \t\n\r\u0085\u2028\u2029]|$)/g;

function yamlSection(text: string, span: Span, firstIndex: number): ParsedSection {
  const section: ParsedSection = { span, documents: [], problems: [], scalarSpans: [] };
  const chunk = text.slice(span.start, span.end);
  const content = firstContentLine(chunk);
  if (content === -1) return section;
  if (chunk[content] === '%') {
    section.problems.push({
      message: 'a %YAML or %TAG directive: kubectl splits it from the document after its `---` and refuses the file',
      span: { start: span.start + content, end: span.start + content + 1 },
    });
    return section;
  }
  const end = firstDocumentEnd(chunk, content);
  if (end < chunk.length && firstContentLine(chunk.slice(end).replace(/^(---|\.\.\.)/, '   ')) !== -1) {
    // A `---` here follows a CR or NEL, which kubectl's line splitter does not take as a line end.
    const marker = chunk.startsWith('...', end) ? '`...`' : 'a `---` that does not follow a line feed';
    section.problems.push({
      message: `text after ${marker} is never read by kubectl (it reads one document per \`---\` part); it is not analysed`,
      span: { start: span.start + end, end: span.end },
      skipped: true,
    });
  }
  try {
    buildKubernetesDocument(chunk.slice(0, end), span.start, section, firstIndex);
  } catch (error) {
    section.documents = [];
    section.problems.push(helmTemplateNote(chunk, span.start) ?? syntaxProblem(error, span.start, chunk.slice(0, end)));
  }
  return section;
}

/** Offset of the first character of the first line that is not blank, a comment or a stray `...`; -1 if none. */
function firstContentLine(chunk: string): number {
  const line = /[^\n\r]*/g;
  for (let at = 0; at <= chunk.length; ) {
    line.lastIndex = at;
    const text = line.exec(chunk)![0];
    const indent = text.length - text.replace(/^[ \t\ufeff]+/, '').length;
    const body = text.slice(indent);
    if (body !== '' && !body.startsWith('#') && !/^\.\.\.(?:[ \t]|$)/.test(body)) return at + indent;
    at += text.length + 1;
  }
  return -1;
}

/** Where go-yaml's first document of the chunk ends: the first document marker after its content. */
function firstDocumentEnd(chunk: string, content: number): number {
  DOCUMENT_MARKER.lastIndex = content;
  const match = DOCUMENT_MARKER.exec(chunk);
  return match ? match.index + match[1].length : chunk.length;
}

function printable(text: string): string {
  const short = text.length > 60 ? text.slice(0, 60) + '…' : text;
  return short.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
