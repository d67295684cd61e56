import type { JobSentinelConfig, PatternEngine } from '@jobsentinel/core';

let re2: Promise<PatternEngine> | undefined;

/**
 * The engine for a config's `custom.patterns`: RE2 (re2-wasm, linear time), as README.md ("Configuration") promises in Node.
 * Loading re2-wasm costs about 0.1 s, so it is loaded once, and only for a config that has patterns.
 */
export async function patternEngineFor(config: JobSentinelConfig): Promise<PatternEngine | undefined> {
  if (config.custom.patterns.length === 0) return undefined;
  re2 ??= import('@jobsentinel/re2-engine').then((module) => module.re2PatternEngine);
  return re2;
}
