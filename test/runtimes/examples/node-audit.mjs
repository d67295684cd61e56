// Node: stream an exported audit log (plain or gzip) through the core; one line per malicious job write.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { scanAuditLog } from '@jobsentinel/core/audit';

const file = process.argv[2];
const scan = scanAuditLog(Readable.toWeb(createReadStream(file)), { source: file });
for await (const { line, timestamp, user, verb, resource, namespace, name, outcome, indicators } of scan) {
  const ids = [...new Set(indicators.map((hit) => hit.indicator))].join(', ');
  console.log(`${file}:${line} ${timestamp} ${user} ${verb} ${resource} ${namespace}/${name} (${outcome}): ${ids}`);
}
for (const { line, message } of scan.problems) console.error(`${file}:${line ?? '-'} ${message}`);
console.log(JSON.stringify(scan.summary));
process.exitCode = scan.summary.matches > 0 ? 1 : 0;
