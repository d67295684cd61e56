import type { JobSentinelConfig } from '@jobsentinel/core';

/** The `jobsentinel.*` settings as an editor sends them; anything may be missing or mistyped. */
export interface ClientSettings {
  profile?: unknown;
  severity?: unknown;
  ignore?: unknown;
  configPath?: unknown;
  scope?: unknown;
  exclude?: unknown;
  maxFileSizeKB?: unknown;
}

/** Which files get diagnostics: the open ones, or every manifest of the workspace (the default). */
export type Scope = 'openFiles' | 'workspace';

export interface WorkspaceScanSettings {
  scope: Scope;
  /** Globs over workspace-relative paths; these files and folders are not scanned. */
  exclude: string[];
  /** Larger files are not scanned (and are named in the server's log). */
  maxFileBytes: number;
}

export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];
export const DEFAULT_MAX_FILE_KB = 1024;

/** The workspace-scan settings, defaults for anything missing or mistyped. */
export function workspaceScanSettings(settings: ClientSettings | null | undefined): WorkspaceScanSettings {
  const scope: Scope = settings?.scope === 'openFiles' ? 'openFiles' : 'workspace';
  const exclude = Array.isArray(settings?.exclude) ? settings.exclude.filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '') : DEFAULT_EXCLUDE;
  const kb = settings?.maxFileSizeKB;
  const maxFileBytes = (typeof kb === 'number' && Number.isFinite(kb) && kb > 0 ? kb : DEFAULT_MAX_FILE_KB) * 1024;
  return { scope, exclude, maxFileBytes };
}

/**
 * Turns the raw settings into a config fragment in the `.jobsentinel.yaml` shape, so that the core's
 * config parser validates both the same way (unknown ids, bad levels, bad globs are named once, there).
 */
export function settingsAsConfigFragment(settings: ClientSettings | null | undefined): Record<string, unknown> {
  const fragment: Record<string, unknown> = {};
  if (!settings || typeof settings !== 'object') return fragment;
  if (settings.profile !== undefined && settings.profile !== null && settings.profile !== '') fragment.profile = settings.profile;
  if (isNonEmptyObject(settings.severity)) fragment.severity = settings.severity;
  if (Array.isArray(settings.ignore) && settings.ignore.length > 0) fragment.ignore = settings.ignore;
  return fragment;
}

export function configPathOf(settings: ClientSettings | null | undefined): string | undefined {
  const path = settings?.configPath;
  return typeof path === 'string' && path.trim() !== '' ? path.trim() : undefined;
}

/** Settings win over the file: a profile replaces, severities override per id, ignore entries add up. */
export function mergeConfig(file: JobSentinelConfig, settings: JobSentinelConfig, fragment: Record<string, unknown>): JobSentinelConfig {
  return {
    profile: 'profile' in fragment ? settings.profile : file.profile,
    severity: { ...file.severity, ...settings.severity },
    ignore: [...file.ignore, ...settings.ignore],
    custom: file.custom,
  };
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
}
