/**
 * The shape of `.jobsentinel.yaml` as data. `parse-config.ts` validates with it (its keys, enums and
 * id pattern), and `scripts/config-schema.mjs` turns it into the JSON Schema that editors use for
 * completion and validation (`extension/schemas/jobsentinel.schema.json`), so the two cannot drift.
 * What the schema cannot say (indicator ids that exist, patterns the engine accepts, ignore entries
 * with no condition) only the validator checks. The prose for each node is in `descriptions.ts`.
 */
export type ConfigNode =
  | { kind: 'enum'; values: readonly string[]; default?: string }
  | { kind: 'string'; pattern?: RegExp }
  | { kind: 'boolean'; default?: boolean }
  /** Non-empty strings; `of: 'indicator'` when they name indicator ids. */
  | { kind: 'strings'; of?: 'indicator'; nullable?: true }
  | { kind: 'list'; items: ConfigNode; nullable?: true }
  /** A mapping from indicator ids (built-in or custom) to a value. */
  | { kind: 'byIndicator'; values: ConfigNode; nullable?: true }
  /** `nullable`: an explicit null reads as the key being absent (an emptied section in YAML). */
  | { kind: 'mapping'; keys: Readonly<Record<string, ConfigNode>>; required?: readonly string[]; nullable?: true };

export const PROFILES = ['seed', 'extended'] as const;
export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export const SEVERITY_SETTINGS = [...SEVERITIES, 'off'] as const;
/** Custom pattern ids: lower-case words joined by hyphens, like the built-in ids. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const IGNORE_ENTRY = {
  kind: 'mapping',
  keys: { indicators: { kind: 'strings', of: 'indicator' }, images: { kind: 'strings' }, namespaces: { kind: 'strings' }, users: { kind: 'strings' } },
} as const satisfies ConfigNode;

export const CUSTOM_PATTERN = {
  kind: 'mapping',
  keys: {
    id: { kind: 'string', pattern: KEBAB_CASE },
    pattern: { kind: 'string' },
    severity: { kind: 'enum', values: SEVERITIES, default: 'warning' },
    description: { kind: 'string' },
    env: { kind: 'boolean', default: false },
  },
  required: ['id', 'pattern'],
} as const satisfies ConfigNode;

export const CUSTOM = {
  kind: 'mapping',
  keys: { images: { kind: 'strings', nullable: true }, patterns: { kind: 'list', items: CUSTOM_PATTERN, nullable: true } },
  nullable: true,
} as const satisfies ConfigNode;

export const CONFIG_DEFINITION = {
  kind: 'mapping',
  keys: {
    profile: { kind: 'enum', values: PROFILES, default: 'extended' },
    severity: { kind: 'byIndicator', values: { kind: 'enum', values: SEVERITY_SETTINGS }, nullable: true },
    ignore: { kind: 'list', items: IGNORE_ENTRY, nullable: true },
    custom: CUSTOM,
  },
} as const satisfies ConfigNode;
