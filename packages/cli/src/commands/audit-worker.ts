// The evaluating half of a parallel audit scan (see audit-parallel.ts): records in, matches out.
import { parentPort, workerData } from 'node:worker_threads';
import { AuditEvaluator, replayRecords, type AuditScanOptions } from '@jobsentinel/core';
import type { FromWorker, ToWorker } from './audit-parallel.js';

const port = parentPort!;
const evaluator = new AuditEvaluator(workerData as Pick<AuditScanOptions, 'mode' | 'config' | 'source'>);

port.on('message', (message: ToWorker) => {
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
});
