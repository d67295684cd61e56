/** What the page and the audit worker say to each other. */
import type { AuditMatch, AuditMode, AuditProblem, AuditSummary, UninspectableWrite } from '@jobsentinel/core/audit';

export interface ToWorker {
  file: File;
  mode: AuditMode;
}

export type FromWorker =
  | { type: 'progress'; bytesRead: number; summary: AuditSummary }
  | { type: 'match'; match: AuditMatch; summary: AuditSummary }
  | { type: 'uninspectable'; write: UninspectableWrite }
  | { type: 'done'; bytesRead: number; summary: AuditSummary; problems: AuditProblem[]; formats: string[] }
  | { type: 'failed'; message: string };
