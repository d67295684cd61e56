import { isRecord } from '../util/record.js';
import { passesSeedFilter } from './elastic.js';
import type { AuditMode } from './model.js';
import { nonEmpty } from './normalise.js';
import { topLevelMembers } from './shallow-json.js';
import { isJobWrite, type RequestProbe } from './structural.js';

/** What a kube-apiserver event's first members say, before the rest of it is parsed. */
export interface KubeProbe {
  request: RequestProbe;
  auditID: string | null;
}

/** The members that tell whether a kube-apiserver event is a job write, and which request it is. */
const HEAD_MEMBERS = ['auditID', 'verb', 'objectRef'];

/**
 * Reads `verb`, `objectRef` and `auditID` of a kube-apiserver event (they come before the bodies),
 * or undefined when the record is not one this can read so (another format, broken JSON): the
 * caller then parses it whole.
 */
export function probeKubeRecord(text: string): KubeProbe | undefined {
  const members = topLevelMembers(text, HEAD_MEMBERS);
  const verbText = members?.get('verb');
  const refText = members?.get('objectRef');
  if (verbText === undefined || refText === undefined) return undefined;
  try {
    const verb: unknown = JSON.parse(verbText);
    const ref: unknown = JSON.parse(refText);
    const auditID: unknown = members!.has('auditID') ? JSON.parse(members!.get('auditID')!) : null;
    if (typeof verb !== 'string' || !isRecord(ref)) return undefined;
    return {
      request: { verb, resource: nonEmpty(ref.resource) ?? '', subresource: nonEmpty(ref.subresource), apiGroup: nonEmpty(ref.apiGroup) },
      auditID: typeof auditID === 'string' ? auditID : null,
    };
  } catch {
    return undefined;
  }
}

/** Whether a request can matter in a mode: a job write (structural), or what the seed rule filters in (elastic). */
export function matters(mode: AuditMode, request: RequestProbe): boolean {
  return mode === 'elastic' ? passesSeedFilter(request) : isJobWrite(request);
}
