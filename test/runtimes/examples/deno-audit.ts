// Deno: stream each audit log named on the command line through the core; one JSON object per file.
// deno run --allow-read deno-audit.ts audit.log.gz
import { collectAuditLog } from './jobsentinel-core.js';

for (const file of Deno.args) {
  const { readable } = await Deno.open(file);
  const { matches, summary, problems, formats } = await collectAuditLog(readable, { source: file });
  console.log(JSON.stringify({ file, matches, summary, problems, formats: [...formats] }));
}
