import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `audit-2025-06-12T03-14-05.104.log.gz`: the kube-apiserver's own backups (lumberjack's time format). */
const BACKUP_TIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.(\d{1,9}))?/;
/** `audit.log.1`, `audit.log.2.gz`: logrotate's numbered rotations, higher is older. */
const ROTATION_NUMBER = /\.(\d+)(?:\.gz)?$/;

export interface RotatedLog {
  name: string;
  path: string;
}

/**
 * The logs of a folder, oldest first, so a scan reads the events in the order they happened: the API
 * server's dated backups by their date, then logrotate's numbered rotations from the highest number,
 * then the live log (anything else, by modification time). Hidden files and subfolders are left out.
 */
export function rotatedLogs(folder: string): RotatedLog[] {
  const logs: Array<RotatedLog & { rank: number; key: number }> = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const dated = BACKUP_TIME.exec(entry.name);
    const numbered = ROTATION_NUMBER.exec(entry.name);
    if (dated) {
      const [, year, month, day, hour, minute, second, fraction = '0'] = dated;
      const key = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, Math.floor(Number(`0.${fraction}`) * 1000));
      logs.push({ name: entry.name, path, rank: 0, key });
    } else if (numbered) logs.push({ name: entry.name, path, rank: 1, key: -Number(numbered[1]) });
    else logs.push({ name: entry.name, path, rank: 2, key: statSync(path).mtimeMs });
  }
  return logs.sort((a, b) => a.rank - b.rank || a.key - b.key || a.name.localeCompare(b.name)).map(({ name, path }) => ({ name, path }));
}
