import type { Finding } from '../model.js';
import type { ScanReport } from './report.js';

/**
 * A baseline: the findings of an earlier `scan --format json` report, which a later scan treats as
 * known. A finding is matched by what it is about, not by where it is printed: its file, its object
 * (kind, namespace, name), its indicator and the JSON pointer of the flagged node. Line numbers are
 * left out on purpose, so editing the lines above a known finding does not turn it into a new one.
 */
export interface Baseline {
  /** The baseline file, as shown to users. */
  file: string;
  /** How many findings of the baseline have each identity (two findings can share one). */
  counts: Map<string, number>;
}

interface FindingIdentity {
  file: string;
  kind: string;
  namespace: string | null;
  name: string | null;
  indicator: string;
  path: string;
}

/** The identity a finding is matched by (a JSON array, so no value can run into the next). */
export function baselineKey(finding: FindingIdentity): string {
  return JSON.stringify([finding.file, finding.kind, finding.namespace, finding.name, finding.indicator, finding.path]);
}

/**
 * Reads a baseline from the text of a JSON scan report: its `findings`, and the findings its own
 * baseline held (`baseline.findings`), so a report made with a baseline still works as the next one.
 * Anything else is an error message (the caller names the file): a baseline that cannot be read must
 * not quietly turn into an empty one, which would make every known finding fail the run again.
 */
export function parseBaseline(text: string, file: string): Baseline | { error: string } {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(report) || report.version !== 1 || !Array.isArray(report.findings)) {
    return { error: 'not a jobsentinel scan report: expected the output of `jobsentinel scan --format json` (version 1, with findings)' };
  }
  const earlier = report.baseline;
  if (earlier !== undefined && earlier !== null && !(isRecord(earlier) && Array.isArray(earlier.findings))) {
    return { error: 'its baseline field is neither null nor an object with findings' };
  }
  const entries: Array<[string, unknown[]]> = [['findings', report.findings]];
  if (isRecord(earlier)) entries.push(['baseline.findings', earlier.findings as unknown[]]);
  const counts = new Map<string, number>();
  for (const [where, list] of entries) {
    for (const [index, entry] of list.entries()) {
      const identity = identityOf(entry);
      if (identity === undefined) return { error: `${where}[${index}] is not a finding (it needs file, kind, namespace, name, indicator and path)` };
      const key = baselineKey(identity);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { file, counts };
}

/**
 * The report with every finding the baseline holds moved from `result.findings` to `known`: only new
 * findings count and fail the run. Each baseline finding matches once, so a second copy of a known
 * finding (the same tool added twice to one command) is new.
 */
export function applyBaseline(report: ScanReport, baseline: Baseline): ScanReport {
  const remaining = new Map(baseline.counts);
  const files = report.files.map((scanned) => {
    const fresh: Finding[] = [];
    const known: Finding[] = [...(scanned.known ?? [])];
    for (const finding of scanned.result.findings) {
      const key = baselineKey({ ...finding, file: scanned.file });
      const left = remaining.get(key) ?? 0;
      if (left > 0) {
        remaining.set(key, left - 1);
        known.push(finding);
      } else fresh.push(finding);
    }
    return { ...scanned, result: { ...scanned.result, findings: fresh }, known };
  });
  return { ...report, files, baseline: baseline.file };
}

function identityOf(entry: unknown): FindingIdentity | undefined {
  if (!isRecord(entry)) return undefined;
  const { file, kind, namespace, name, indicator, path } = entry;
  const text = (value: unknown) => typeof value === 'string';
  const optional = (value: unknown) => value === null || typeof value === 'string';
  if (!text(file) || !text(kind) || !optional(namespace) || !optional(name) || !text(indicator) || !text(path)) return undefined;
  return { file, kind, namespace, name, indicator, path } as FindingIdentity;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
