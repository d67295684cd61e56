// The findings panel for a manifest: a summary, problems with the input, then one card per finding
// with what a reviewer needs to decide: where, why it matters, how to fix it, when it is legitimate.
import { ATTACK_T1053_007, docsUrl, indicatorById, printable, type AnalysisResult, type Finding, type ScanReport, type Severity } from '@jobsentinel/core';
import { FORMATTERS } from '@jobsentinel/core/formats';
import { append, h, plural } from './dom.js';
import { TOOL_VERSION, exportButtons } from './export.js';
import { SEVERITY_RANK } from './editor.js';

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

export function renderManifestReport(
  panel: HTMLElement,
  fileName: string,
  result: AnalysisResult,
  onSelect: (finding: Finding) => void,
): void {
  // Most severe first, as a reviewer triages; within a severity, in the order of the file.
  const findings = [...result.findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
      (a.range?.start.column ?? 0) - (b.range?.start.column ?? 0),
  );
  panel.replaceChildren();
  append(panel, [
    summary(fileName, result),
    problems(result),
    findings.length > 0
      ? h('div', { class: 'findings' }, ...groupByIndicator(findings).map((group) => indicatorCard(group, onSelect)))
      : result.documents > 0 && result.errors.every((error) => error.skipped)
        ? h('p', { class: 'all-clear' }, '✓ No findings: none of the indicators matched this manifest.')
        : null,
  ]);
}

/** Groups keep the order of their first finding. */
function groupByIndicator(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) groups.set(finding.indicator, [...(groups.get(finding.indicator) ?? []), finding]);
  return [...groups.values()];
}

function summary(fileName: string, result: AnalysisResult): HTMLElement {
  const counts = SEVERITIES.map((severity) => [severity, result.findings.filter((finding) => finding.severity === severity).length] as const);
  return h(
    'div',
    { class: 'summary' },
    h('div', { class: 'summary-title' }, h('span', { class: 'file-name' }, fileName), h('span', { class: 'muted' }, ` · ${plural(result.documents, 'document')}`)),
    h(
      'div',
      { class: 'counts' },
      h('strong', { class: 'finding-count' }, plural(result.findings.length, 'finding')),
      ...counts.filter(([, count]) => count > 0).map(([severity, count]) => h('span', { class: `badge sev-${severity}` }, `${count} ${severity}`)),
    ),
    exportButtons(fileName.replace(/\.(ya?ml|json)$/i, '') + '.jobsentinel', FORMATTERS, (format) => {
      const report: ScanReport = { files: [{ file: fileName, result }], errors: [] };
      return format.scan(report, { toolVersion: TOOL_VERSION });
    }),
  );
}

function problems(result: AnalysisResult): HTMLElement | null {
  if (result.errors.length === 0) return null;
  return h(
    'section',
    { class: 'problems' },
    h('h2', {}, 'Problems with the input'),
    h(
      'ul',
      {},
      ...result.errors.map((error) =>
        h('li', { class: error.skipped ? 'note' : 'error' }, h('span', { class: 'where' }, `line ${error.range.start.line}`), ' ', printable(error.message)),
      ),
    ),
  );
}

/** One card per indicator: its occurrences, then the explanation, fix and guidance once. */
function indicatorCard(findings: Finding[], onSelect: (finding: Finding) => void): HTMLElement {
  const [first] = findings;
  const indicator = indicatorById(first.indicator);
  const attack = indicator?.attack ?? ATTACK_T1053_007;
  const severity = findings.reduce((best, finding) => (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[best] ? finding.severity : best), first.severity);
  return h(
    'article',
    { class: `indicator-card sev-${severity}`, 'data-indicator': first.indicator },
    h(
      'header',
      {},
      h('span', { class: `badge sev-${severity}` }, severity),
      h('h3', {}, indicator?.title ?? first.indicator),
      h('code', { class: 'indicator-id' }, first.indicator),
      findings.length > 1 ? h('span', { class: 'muted occurrences-count' }, `${findings.length}×`) : null,
    ),
    h('ul', { class: 'occurrences' }, ...findings.map((finding) => occurrence(finding, severity, onSelect))),
    indicator &&
      h(
        'dl',
        {},
        h('dt', {}, 'Why it matters'),
        h('dd', { class: 'explanation' }, indicator.description),
        h('dt', {}, 'Suggested fix'),
        h('dd', { class: 'remediation' }, indicator.remediation),
        h('dt', {}, 'False positives'),
        h('dd', { class: 'false-positives' }, indicator.falsePositives),
      ),
    h(
      'footer',
      {},
      h('a', { class: 'attack', href: attack.url, target: '_blank', rel: 'noopener noreferrer', title: attack.name }, `MITRE ATT&CK ${attack.technique}`),
      h('a', { href: docsUrl(first.indicator), target: '_blank', rel: 'noopener noreferrer' }, 'Indicator reference'),
    ),
  );
}

/** An occurrence shows its own severity only where it differs from its card's (e.g. an image vs an invocation). */
function occurrence(finding: Finding, cardSeverity: Severity, onSelect: (finding: Finding) => void): HTMLElement {
  const line = finding.range?.start.line;
  const where = h('button', { class: 'where', type: 'button', title: 'Show in the manifest' }, line ? `line ${line}:${finding.range?.start.column}` : 'show');
  where.addEventListener('click', () => onSelect(finding));
  return h(
    'li',
    { class: `finding sev-${finding.severity}`, 'data-indicator': finding.indicator, 'data-severity': finding.severity, 'data-line': line ? String(line) : undefined },
    h(
      'div',
      { class: 'occurrence-head' },
      where,
      finding.severity !== cardSeverity && h('span', { class: `badge sev-${finding.severity}` }, finding.severity),
      h('span', { class: 'message' }, printable(finding.message)),
    ),
    h(
      'div',
      { class: 'occurrence-detail' },
      h('code', { class: 'evidence', title: 'Evidence' }, printable(finding.evidence)),
      h(
        'span',
        { class: 'object muted', title: printable(finding.path) },
        printable(`${finding.kind} ${finding.name ?? '(unnamed)'}${finding.namespace ? ` in ${finding.namespace}` : ''}`),
        ' · ',
        h('code', {}, printable(finding.path)),
      ),
    ),
  );
}
