import type { JobSentinelConfig } from '../config/config.js';
import { configSuppressionOf } from '../suppression.js';
import type { AuditIndicatorHit, SuppressedAuditHit } from './model.js';

/** The hits of an inspectable write: those reported, and those the config's ignore entries suppressed. */
export interface JudgedHits {
  hits: AuditIndicatorHit[];
  suppressed: SuppressedAuditHit[];
}

/** A hit goes to the report, or, when an ignore entry covers it, to the suppressed hits with that entry. */
export function addHit(judged: JudgedHits, config: JobSentinelConfig, hit: AuditIndicatorHit, where: { namespace: string | null; images: string[]; user: string | undefined }): void {
  const suppression = configSuppressionOf(config, { ...where, indicator: hit.indicator });
  if (suppression) judged.suppressed.push({ ...hit, suppression: { kind: 'config', location: { pointer: suppression.pointer } } });
  else judged.hits.push(hit);
}
