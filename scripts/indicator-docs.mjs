#!/usr/bin/env node
// Renders docs/indicators.md from the indicator modules, so the page that diagnostics link to never drifts.
// `node scripts/indicator-docs.mjs --write` rewrites it; a test checks it is current.
import { writeFileSync } from 'node:fs';

export function renderIndicatorDocs(indicators) {
  const lines = [
    '# Indicators',
    '',
    'Generated from `packages/core/src/indicators/` by `node scripts/indicator-docs.mjs --write`; do not edit by hand.',
    '',
    'The jobs these indicators judge are MITRE ATT&CK [T1053.007, Scheduled Task/Job: Container Orchestration Job]' +
      '(https://attack.mitre.org/techniques/T1053/007/); each indicator names the technique it detects. The six `seed` ' +
      'indicators are the clauses of the original Elastic rule ([the rule](seed-rule.md)), read structurally; `extended` ones are on by default ' +
      'and off with `profile: seed`.',
    '',
    '| id | profile | default severity | ATT&CK | title |',
    '|---|---|---|---|---|',
    ...indicators.map(
      (i) => `| [\`${i.id}\`](#${i.id}) | ${i.profile}${i.seedClause ? ` (clause ${i.seedClause})` : ''} | ${i.severity} | ${i.attack.technique} | ${i.title} |`,
    ),
    '',
  ];
  for (const i of indicators) {
    lines.push(
      `## ${i.id}`,
      '',
      `**${i.title}**, default severity \`${i.severity}\`, profile \`${i.profile}\`.`,
      '',
      i.description,
      '',
      `**MITRE ATT&CK:** [${i.attack.technique}, ${i.attack.name}](${i.attack.url}).`,
      '',
      `**Fix:** ${i.remediation}`,
      '',
      `**False positives:** ${i.falsePositives}`,
      '',
      `**Suppress:** \`# jobsentinel-ignore: ${i.id}\` on the flagged line or the line above, or the annotation ` +
        `\`jobsentinel.io/ignore: "${i.id}"\` on the CronJob/Job or its pod template, or an \`ignore:\` entry in \`.jobsentinel.yaml\`.`,
      '',
    );
  }
  return lines.join('\n');
}

if (process.argv.includes('--write')) {
  const { INDICATORS } = await import('../packages/core/dist/index.js');
  writeFileSync(new URL('../docs/indicators.md', import.meta.url), renderIndicatorDocs(INDICATORS));
}
