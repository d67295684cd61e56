import { parseConfig, type ParsedConfig } from '@jobsentinel/core';

export type ConfigResult = ParsedConfig;

/**
 * Validates a config text (`.jobsentinel.yaml`, or the editor settings in the same shape) as the CLI does;
 * custom patterns are checked by the core with the parser both pattern engines share, at the character.
 */
export function readConfig(text: string, fileName: string): ConfigResult {
  return parseConfig(text, fileName);
}
