// The evaluating half of a parallel audit scan (see audit-parallel.ts): records in, matches out.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditEvaluator, replayRecords, type AuditScanOptions } from '@jobsentinel/core';
import { patternEngineFor } from '../pattern-engine.js';
import type { FromWorker, ToWorker } from './audit-parallel.js';

const port = parentPort!;
const options = workerData as Pick<AuditScanOptions, 'mode' | 'config' | 'source'>;
// The custom-pattern engine cannot be sent over: it is loaded here. Messages wait for it, in order.
let ready = patternEngineFor(options.config!).then((patternEngine) => new AuditEvaluator({ ...options, patternEngine }));

port.on('message', (message: ToWorker) => {
  ready = ready.then((evaluator) => {
    handle(evaluator, message);
    return evaluator;
  });
});

function handle(evaluator: AuditEvaluator, message: ToWorker): void {
  if (message.type === 'records') {
    replayRecords(message.ops, evaluator);
    port.postMessage({ type: 'matches', matches: [...evaluator.takeReady()], stopped: evaluator.stopped } satisfies FromWorker);
    return;
  }
  if (message.inputError !== undefined) evaluator.inputFailed(message.inputError);
  evaluator.finish();
  port.postMessage({
    type: 'done',
    matches: [...evaluator.takeReady()],
    summary: evaluator.summary,
    problems: [...evaluator.problems],
    formats: [...evaluator.formats],
  } satisfies FromWorker);
}
