// Streams an audit log through the core off the main thread, so a multi-gigabyte export keeps the page
// responsive. The file is read here, in the browser; nothing is sent anywhere.
import { scanAuditLog, type AuditMode } from '@jobsentinel/core/audit';
import type { FromWorker, ToWorker } from './audit-messages.js';

/** Progress is posted at most this often: enough for a smooth bar, few enough not to flood the page. */
const PROGRESS_INTERVAL_MS = 80;

const post = (message: FromWorker): void => self.postMessage(message);

self.onmessage = async ({ data }: MessageEvent<ToWorker>) => {
  const { file, mode }: { file: File; mode: AuditMode } = data;
  let lastPost = 0;
  let bytesRead = 0;
  const scan = scanAuditLog(file.stream(), {
    source: file.name,
    mode,
    onUninspectable: (write) => post({ type: 'uninspectable', write }),
    onProgress: (read) => {
      bytesRead = read;
      const now = Date.now();
      if (now - lastPost >= PROGRESS_INTERVAL_MS) {
        lastPost = now;
        post({ type: 'progress', bytesRead, summary: { ...scan.summary } });
      }
    },
  });
  try {
    for await (const match of scan) post({ type: 'match', match, summary: { ...scan.summary } });
    post({ type: 'done', bytesRead, summary: { ...scan.summary }, problems: [...scan.problems], formats: [...scan.formats] });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
