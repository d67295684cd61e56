// The manifest editor: a plain textarea for typing, laid over a read-only copy of the text that carries
// the highlights. Both use the same font and metrics, so the highlight sits exactly under the text.
import type { Finding, Severity } from '@jobsentinel/core';
import { h } from './dom.js';

export const SEVERITY_RANK: Record<Severity, number> = { hint: 1, information: 2, warning: 3, error: 4 };

interface Segment {
  from: number;
  to: number;
  severity: Severity;
}

export class ManifestEditor {
  private lineHeight = 20;

  constructor(
    readonly textarea: HTMLTextAreaElement,
    private readonly layer: HTMLElement,
    private readonly gutter: HTMLElement,
    private readonly onGutterClick: (line: number) => void,
  ) {
    textarea.addEventListener('scroll', () => this.syncScroll());
    gutter.addEventListener('click', (event) => {
      const line = (event.target as HTMLElement).closest<HTMLElement>('[data-line].flagged')?.dataset.line;
      if (line) this.onGutterClick(Number(line));
    });
  }

  get text(): string {
    return this.textarea.value;
  }

  set text(value: string) {
    this.textarea.value = value;
    this.textarea.scrollTop = 0;
    this.textarea.scrollLeft = 0;
  }

  /** Redraws the text with each finding's line tinted and its exact range underlined. */
  render(findings: readonly Finding[]): void {
    const lines = this.text.split('\n');
    const segments = segmentsByLine(findings, lines);
    this.layer.replaceChildren(...lines.map((text, index) => lineView(index + 1, text, segments.get(index + 1) ?? [])));
    this.gutter.replaceChildren(
      ...lines.map((_, index) => {
        const severity = strongest(segments.get(index + 1) ?? []);
        return h(
          'div',
          { class: severity ? `number flagged sev-${severity}` : 'number', 'data-line': String(index + 1), title: severity ? 'Show the finding' : undefined },
          String(index + 1),
        );
      }),
    );
    this.lineHeight = this.layer.firstElementChild?.getBoundingClientRect().height || this.lineHeight;
    this.syncScroll();
  }

  /** Scrolls to a finding, selects its range in the text and briefly flashes its line. */
  reveal(finding: Finding): void {
    const line = finding.range?.start.line ?? 1;
    this.textarea.focus({ preventScroll: true });
    if (finding.span) this.textarea.setSelectionRange(finding.span.start, finding.span.end);
    this.textarea.scrollTop = Math.max(0, (line - 1) * this.lineHeight - this.textarea.clientHeight / 3);
    this.syncScroll();
    const row = this.layer.querySelector<HTMLElement>(`[data-line="${line}"]`);
    row?.classList.remove('flash');
    void row?.offsetWidth;
    row?.classList.add('flash');
  }

  private syncScroll(): void {
    const { scrollTop, scrollLeft } = this.textarea;
    this.layer.style.transform = `translate(${-scrollLeft}px, ${-scrollTop}px)`;
    this.gutter.style.transform = `translateY(${-scrollTop}px)`;
  }
}

/** Splits each finding's range into per-line column segments (ranges may span lines). */
function segmentsByLine(findings: readonly Finding[], lines: string[]): Map<number, Segment[]> {
  const byLine = new Map<number, Segment[]>();
  for (const { range, severity } of findings) {
    if (!range) continue;
    for (let line = range.start.line; line <= range.end.line && line <= lines.length; line++) {
      // A range that continues onto a line starts at its text, not at its indentation.
      const from = line === range.start.line ? range.start.column - 1 : lines[line - 1].search(/\S|$/);
      const to = line === range.end.line ? range.end.column - 1 : lines[line - 1].length;
      const list = byLine.get(line) ?? [];
      list.push({ from, to: Math.max(to, from), severity });
      byLine.set(line, list);
    }
  }
  return byLine;
}

function strongest(segments: readonly Segment[]): Severity | undefined {
  let best: Severity | undefined;
  for (const { severity } of segments) if (!best || SEVERITY_RANK[severity] > SEVERITY_RANK[best]) best = severity;
  return best;
}

function lineView(number: number, text: string, segments: Segment[]): HTMLElement {
  const severity = strongest(segments);
  const row = h('div', { class: severity ? `line flagged sev-${severity}` : 'line', 'data-line': String(number) });
  // Each character takes the strongest severity of the ranges covering it; runs of equal severity become one mark.
  const cover: (Severity | undefined)[] = Array.from({ length: text.length });
  for (const segment of segments) {
    for (let column = segment.from; column < Math.min(segment.to, text.length); column++) {
      const current = cover[column];
      if (!current || SEVERITY_RANK[segment.severity] > SEVERITY_RANK[current]) cover[column] = segment.severity;
    }
  }
  let start = 0;
  for (let column = 1; column <= text.length; column++) {
    if (column < text.length && cover[column] === cover[start]) continue;
    const piece = text.slice(start, column);
    const pieceSeverity = cover[start];
    row.append(pieceSeverity ? h('mark', { class: `sev-${pieceSeverity}` }, piece) : piece);
    start = column;
  }
  return row;
}
