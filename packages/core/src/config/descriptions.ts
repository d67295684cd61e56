/**
 * What each setting of `.jobsentinel.yaml` means, by JSON pointer into the config (`*` for any list
 * item): the descriptions of the generated JSON Schema (scripts/config-schema.mjs). Apart from the
 * definition so that the validator, which every host bundles, does not carry the prose.
 */
export const CONFIG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '': 'jobsentinel configuration: tuning for the CronJob/Job indicators (MITRE ATT&CK T1053.007). The CLI, the language server and the editor read the nearest .jobsentinel.yaml above each file.',
  '/profile': 'Which indicators run: "extended" (every indicator, the default) or "seed" (only the six clauses of the original Elastic rule).',
  '/severity': 'Severity per indicator id (built-in or custom): error, warning, information or hint; off switches the indicator off.',
  '/ignore': 'Known false positives. An entry applies when all of its conditions hold; an entry needs at least one condition.',
  '/ignore/*/indicators': 'Indicator ids this entry silences (all indicators when absent).',
  '/ignore/*/images': 'Globs (* and ?) over the full image reference, e.g. "alpine:*".',
  '/ignore/*/namespaces': 'Globs over the namespace, e.g. "ci" or "build-*".',
  '/ignore/*/users': 'Audit logs only: globs over the requesting user.',
  '/custom': 'Your own indicators.',
  '/custom/images': 'More attacker-tooling images: globs over the image reference.',
  '/custom/patterns': 'More indicators: RE2 patterns over images, commands, arguments, scripts, hooks and probes, matched in linear time.',
  '/custom/patterns/*/id': 'The indicator id findings carry: kebab-case, not a built-in id.',
  '/custom/patterns/*/pattern': 'RE2 syntax; no backreferences or lookaround, and it must not match the empty string.',
  '/custom/patterns/*/severity': 'Severity of its findings (warning when absent).',
  '/custom/patterns/*/description': 'Shown with its findings.',
  '/custom/patterns/*/env': 'Also match env values (off by default: env values are data, not commands).',
};
