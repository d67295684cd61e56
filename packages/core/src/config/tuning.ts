import { globMatch } from '../glob.js';
import type { Severity } from '../model.js';
import { ownValue } from '../own.js';
import type { IgnoreEntry, JobSentinelConfig } from './config.js';

/** Where a finding was made, as the `ignore:` entries see it. */
export interface FindingScope {
  indicator: string;
  namespace: string | null;
  /** Images the finding concerns: its container's, or every container's for pod-level findings. */
  images: string[];
  /** Audit logs only. */
  user?: string;
}

/** The severity a hit ends with after `profile` and `severity:`; null when switched off. */
export function effectiveSeverity(
  config: JobSentinelConfig,
  indicator: { id: string; profile: 'seed' | 'extended' | 'custom' },
  hitSeverity: Severity,
): Severity | null {
  // `seed` trims our extensions back to the original rule; the user's own patterns are not ours to trim.
  if (config.profile === 'seed' && indicator.profile === 'extended') return null;
  const setting = ownValue(config.severity, indicator.id);
  if (setting === 'off') return null;
  return setting ?? hitSeverity;
}

/** The index of the first `ignore:` entry that covers a finding, or undefined. */
export function ignoringEntry(config: JobSentinelConfig, scope: FindingScope): number | undefined {
  const index = config.ignore.findIndex((entry) => entryApplies(entry, scope));
  return index === -1 ? undefined : index;
}

function entryApplies(entry: IgnoreEntry, scope: FindingScope): boolean {
  if (entry.indicators && !entry.indicators.includes(scope.indicator)) return false;
  if (entry.namespaces && !entry.namespaces.some((glob) => globMatch(glob, scope.namespace ?? 'default'))) return false;
  if (entry.users && (scope.user === undefined || !entry.users.some((glob) => globMatch(glob, scope.user!)))) return false;
  // Every image must be covered: a look-alike sidecar must not buy a whole pod an exemption.
  if (entry.images && (scope.images.length === 0 || !scope.images.every((image) => entry.images!.some((glob) => globMatch(glob, image))))) {
    return false;
  }
  return true;
}
