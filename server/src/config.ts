import { parseConfig, type ParsedConfig } from '@jobsentinel/core';

export type ConfigResult = ParsedConfig;

/**
 * Validates a config text (`.jobsentinel.yaml`, or the editor settings in the same shape) as the CLI does;
 * custom patterns are checked by the core with the parser both pattern engines share, at the character.
 * `customIds`: the config file's custom pattern ids, which the settings may name in severity and ignore.
 */
export function readConfig(text: string, fileName: string, customIds?: readonly string[]): ConfigResult {
  return parseConfig(text, fileName, { customIds });
}
