/**
 * The objects `kubectl apply -f FILE` would send for a manifest's text, in order, with the problems
 * kubectl would report. The analysis walks the same sections itself; this gathers them for hosts and
 * tests that want the objects as such.
 */
import type { Span } from '../model.js';
import { parseSections } from '../yaml/parse.js';
import { locate, type SourceNode } from '../yaml/source-node.js';
import { isReported, kubernetesObjects, type ObjectProblem } from './objects.js';
import type { ParsedDocument } from '../yaml/parse.js';

export interface DecodedObject {
  value: Record<string, unknown>;
  /** 0-based index of the document it came from. */
  document: number;
  /** JSON pointer of the object in its document (`''`, or `/items/3` in a list). */
  path: string;
  /** Positions of the document's nodes. */
  root: SourceNode;
}

export interface DecodeProblem {
  message: string;
  span: Span;
  /** A note (kubectl accepts this but sends something other than what is written), not a refusal. */
  skipped?: boolean;
}

export function decodeManifest(text: string): { objects: DecodedObject[]; problems: DecodeProblem[] } {
  const objects: DecodedObject[] = [];
  const problems: DecodeProblem[] = [];
  const objectProblems: Array<{ problem: DecodeProblem & ObjectProblem; document: unknown }> = [];
  for (const section of parseSections(text, { kubernetesScalars: true })) {
    for (const problem of section.problems) problems.push(problem);
    for (const document of section.documents) {
      const found = kubernetesObjects(document.value);
      for (const object of found.objects) objects.push({ ...object, document: document.index, root: document.root });
      for (const problem of found.problems) objectProblems.push({ problem: objectProblem(problem, document), document: document.value });
    }
  }
  for (const { problem, document } of objectProblems) if (isReported(problem, document, objects.length > 0)) problems.push(problem);
  return { objects, problems };
}

/** An object-level problem placed at the node it concerns (its first character: a whole document is no range to show). */
export function objectProblem(problem: ObjectProblem, document: ParsedDocument): DecodeProblem & ObjectProblem {
  const at = locate(document.root, problem.pointer).span.start;
  return { ...problem, message: `document ${document.index + 1}: ${problem.message}`, span: { start: at, end: at + 1 } };
}
