// A module Web Worker that streams an audit log through the core: progress, then each match as it is
// found, then the summary. The file is read in the browser; nothing is uploaded.
import { scanAuditLog } from './jobsentinel-core.js';

self.onmessage = async ({ data: file }) => {
  const scan = scanAuditLog(file.stream(), { source: file.name, onProgress: (bytesRead) => self.postMessage({ bytesRead }) });
  for await (const match of scan) self.postMessage({ match });
  self.postMessage({ summary: scan.summary, problems: scan.problems, formats: [...scan.formats] });
};
