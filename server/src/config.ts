import { parseConfig, PatternSyntaxError, validatePattern, type ParsedConfig } from '@jobsentinel/core';

export type ConfigResult = ParsedConfig;

/** Validates a config text (`.jobsentinel.yaml`, or the editor settings in the same shape) as the CLI does. */
export function readConfig(text: string, fileName: string): ConfigResult {
  return parseConfig(text, fileName, { validatePattern: patternProblem });
}

/** Custom patterns are checked with the parser of the linear-time engine that will run them. */
function patternProblem(pattern: string): string | undefined {
  try {
    validatePattern(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof PatternSyntaxError) return `${error.message} (at character ${error.position + 1})`;
    throw error;
  }
}
