import { ATTACK_T1053_007, CUSTOM_PATTERNS_DOCS, customIndicators, docsUrl, IGNORE_ANNOTATION, indicatorById, type Finding, type JobSentinelConfig } from '@jobsentinel/core';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { DocumentAnalysis } from './analysis.js';
import { toLspRange } from './diagnostics.js';

const MAX_EVIDENCE = 240;
const MAX_COMPACT_MESSAGE = 160;

/**
 * The findings whose range holds the position. One is explained in full: what, why (T1053.007), false
 * positives, how to suppress. Several (a line such as `command: [sh, -c, "curl … | sh"]` can carry
 * four) get one line each with a link to their documentation, so the hover stays readable.
 */
export function hoverAt(analysis: DocumentAnalysis, position: Position, markdown: boolean): Hover | null {
  const findings = analysis.result.findings.filter((finding) => finding.range && contains(toLspRange(finding.range), position));
  if (findings.length === 0) return null;
  const value = findings.length === 1 ? explain(findings[0], markdown, analysis.config) : compact(findings, markdown, analysis.config);
  return {
    contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value },
    range: toLspRange(findings[0].range!),
  };
}

function compact(findings: Finding[], markdown: boolean, config: JobSentinelConfig): string {
  const lines = findings.map((finding) => {
    const builtIn = indicatorById(finding.indicator);
    const title = builtIn?.title ?? customIndicators(config).find((custom) => custom.id === finding.indicator)?.title ?? `Custom pattern ${finding.indicator}`;
    const docs = builtIn ? docsUrl(finding.indicator) : CUSTOM_PATTERNS_DOCS;
    const message = shorten(finding.message, MAX_COMPACT_MESSAGE);
    return markdown
      ? `- **${escape(title)}** (\`${finding.indicator}\`, ${finding.severity}): ${escape(message)} [details](${docs})`
      : `- ${title} (${finding.indicator}, ${finding.severity}): ${message} — ${docs}`;
  });
  const heading = markdown ? `**JobSentinel: ${findings.length} findings here**` : `JobSentinel: ${findings.length} findings here`;
  return [heading, '', ...lines].join('\n');
}

function explain(finding: Finding, markdown: boolean, config: JobSentinelConfig): string {
  // A custom pattern is explained by its own entry in .jobsentinel.yaml (its description and pattern).
  const builtIn = indicatorById(finding.indicator);
  const indicator = builtIn ?? customIndicators(config).find((custom) => custom.id === finding.indicator);
  const docs = builtIn ? docsUrl(finding.indicator) : CUSTOM_PATTERNS_DOCS;
  const attack = indicator?.attack ?? ATTACK_T1053_007;
  const title = indicator?.title ?? `Custom pattern ${finding.indicator}`;
  const id = finding.indicator;
  const lines: string[] = [];
  if (markdown) {
    lines.push(`**JobSentinel: ${escape(title)}** (\`${id}\`, ${finding.severity})`, '');
    lines.push(`**Found:** ${escape(finding.message)}`, '', `Evidence: ${code(truncate(finding.evidence))}`, '');
    const why = indicator ? `${escape(indicator.description)} ` : '';
    lines.push(
      `**Why it matters:** ${why}Attackers schedule such workloads for execution and persistence: ` +
        `[MITRE ATT&CK ${attack.technique}, ${attack.name}](${attack.url}) (${attack.tactics.join(', ')}).`,
      '',
    );
    if (indicator) lines.push(`**Fix:** ${escape(indicator.remediation)}`, '', `**False positives:** ${escape(indicator.falsePositives)}`, '');
    lines.push(
      `**Suppress:** a comment \`# jobsentinel-ignore: ${id}\` on this line or the line above, ` +
        `the annotation \`${IGNORE_ANNOTATION}: "${id}"\` on the ${finding.kind}, ` +
        'or an `ignore:` entry in `.jobsentinel.yaml`.',
    );
    if (indicator) lines.push('', builtIn ? `[Documentation for ${id}](${docs})` : `[Custom patterns in .jobsentinel.yaml](${docs})`);
    return lines.join('\n');
  }
  lines.push(`JobSentinel: ${title} (${id}, ${finding.severity})`, '');
  lines.push(`Found: ${finding.message}`, `Evidence: ${truncate(finding.evidence)}`, '');
  const why = indicator ? `${indicator.description} ` : '';
  lines.push(`Why it matters: ${why}Attackers schedule such workloads for execution and persistence: MITRE ATT&CK ${attack.technique}, ${attack.name} (${attack.url}).`, '');
  if (indicator) lines.push(`Fix: ${indicator.remediation}`, '', `False positives: ${indicator.falsePositives}`, '');
  lines.push(
    `Suppress: a comment "# jobsentinel-ignore: ${id}" on this line or the line above, the annotation ` +
      `${IGNORE_ANNOTATION}: "${id}" on the ${finding.kind}, or an ignore: entry in .jobsentinel.yaml.`,
  );
  if (indicator) lines.push('', `Documentation: ${docs}`);
  return lines.join('\n');
}

function contains(range: { start: Position; end: Position }, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function truncate(text: string): string {
  return shorten(text, MAX_EVIDENCE);
}

/** One line (a line break shows as ⏎), at most `max` characters. */
function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ⏎ ');
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}

/** A code span that survives backticks inside the evidence (an attacker controls that text). */
function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (char) => '\\' + char);
}
