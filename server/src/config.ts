import { DEFAULT_CONFIG, indicatorById, parseText, type AnalysisError, type JobSentinelConfig, type SeveritySetting } from '@jobsentinel/core';

export interface ConfigResult {
  config: JobSentinelConfig;
  errors: AnalysisError[];
}

// INTERIM until the core's parseConfig lands (packages/core/src/config/parse-config.ts).
export function readConfig(text: string, fileName: string): ConfigResult {
  const parsed = parseText(text);
  const errors: AnalysisError[] = parsed.problems.map((problem) => ({ message: `${fileName}: ${problem.message}`, range: parsed.lines.range(problem.span) }));
  const value = (parsed.documents[0]?.value ?? {}) as Record<string, unknown>;
  const config: JobSentinelConfig = { ...DEFAULT_CONFIG, severity: {}, ignore: [] };
  if (value.profile === 'seed' || value.profile === 'extended') config.profile = value.profile;
  if (value.severity && typeof value.severity === 'object') {
    for (const [id, level] of Object.entries(value.severity)) {
      if (!indicatorById(id)) errors.push({ message: `${fileName}: unknown indicator "${id}"`, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } });
      else config.severity[id] = level as SeveritySetting;
    }
  }
  if (Array.isArray(value.ignore)) config.ignore = value.ignore;
  return { config, errors };
}
