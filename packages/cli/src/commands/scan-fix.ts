import { readFileSync, writeFileSync } from 'node:fs';
import { analyseManifest, applySafeFixes, printable, type AnalyseOptions, type AnalysisResult } from '@jobsentinel/core';
import type { Io } from '../io.js';
import { systemMessage } from '../inputs/collect.js';
import type { OptionSpec } from './arguments.js';

export const FIX_OPTION: OptionSpec = {
  name: 'fix',
  help: [
    'apply the safe fixes (privileged: false, allowPrivilegeEscalation: false, remove',
    'hostNetwork/hostPID/hostIPC: true) to the files in place, then report what',
    'remains; each fixed finding is listed on stderr. Not with - (docs/fixes.md)',
  ],
};

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface FixOutcome {
  /** The analysis of the file as it is now: fixed and written, or as it was. */
  result: AnalysisResult;
  fixed: number;
  /** Why the fixes could not be written; the run is then incomplete. */
  problem?: string;
}

/**
 * Applies the safe fixes to one file and writes it back in place. Only a file whose bytes are exactly
 * the text that was analysed (UTF-8, with or without a byte order mark) is written: a UTF-16 file or
 * one with invalid bytes would otherwise come back changed beyond the fixes, and so would a file
 * changed on disk since it was read.
 */
export function fixFile(path: string, displayName: string, text: string, options: AnalyseOptions, io: Io): FixOutcome {
  const outcome = applySafeFixes(text, displayName, options);
  if (outcome.fixed.length === 0) return { result: outcome.result, fixed: 0 };
  let bom: Buffer;
  try {
    const bytes = readFileSync(path);
    bom = bytes.subarray(0, 3).equals(UTF8_BOM) ? UTF8_BOM : Buffer.alloc(0);
    if (!Buffer.from(text, 'utf8').equals(bytes.subarray(bom.length))) {
      return notWritten(text, displayName, options, 'not fixed: the file is not plain UTF-8, or changed while it was read');
    }
    writeFileSync(path, Buffer.concat([bom, Buffer.from(outcome.text, 'utf8')]));
  } catch (error) {
    return notWritten(text, displayName, options, `not fixed: cannot write: ${systemMessage(error)}`);
  }
  for (const { finding, title } of [...outcome.fixed].sort((a, b) => (a.finding.span?.start ?? 0) - (b.finding.span?.start ?? 0))) {
    const at = finding.range ? `:${finding.range.start.line}:${finding.range.start.column}` : '';
    io.stderr.write(`fixed ${printable(displayName)}${at} ${finding.indicator}: ${title}\n`);
  }
  return { result: outcome.result, fixed: outcome.fixed.length };
}

/** The file stays as it was, and so does its report. */
function notWritten(text: string, displayName: string, options: AnalyseOptions, problem: string): FixOutcome {
  return { result: analyseManifest(text, displayName, options), fixed: 0, problem };
}
