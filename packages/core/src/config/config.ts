import type { Severity, SeveritySetting } from '../model.js';

/** One `ignore:` entry: every condition given must hold for the entry to apply. */
export interface IgnoreEntry {
  indicators?: string[];
  /** Globs over the full image reference of the offending container (any container, for pod-level findings). */
  images?: string[];
  namespaces?: string[];
  /** Audit logs only: globs over the requesting user name. */
  users?: string[];
}

export interface CustomPattern {
  id: string;
  pattern: string;
  severity: Severity;
  description?: string;
  /** Also match env values (off by default: env values are data, not commands). */
  env?: boolean;
}

/** `.jobsentinel.yaml`, validated. */
export interface JobSentinelConfig {
  profile: 'seed' | 'extended';
  /** By indicator id. Read it with own-property lookups: a custom pattern's id may be `constructor`. */
  severity: Record<string, SeveritySetting>;
  ignore: IgnoreEntry[];
  custom: { images: string[]; patterns: CustomPattern[] };
}

export const DEFAULT_CONFIG: JobSentinelConfig = {
  profile: 'extended',
  severity: {},
  ignore: [],
  custom: { images: [], patterns: [] },
};
