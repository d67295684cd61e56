/**
 * Honest operational jobs (packages/core/test/fixtures/operational/): database backups, a kube-bench node check, a log
 * forwarder, certificate renewal and a schema migration. Each stays quiet, or reports exactly what it
 * really does that an attacker's job would do too (host PID namespace, host paths), and nothing about
 * what it runs — scripts followed into their ConfigMaps included.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyseManifest } from '../src/index.js';

const FIXTURES = new URL('./fixtures/operational/', import.meta.url);

/** `line indicator severity`, sorted. */
function findings(name: string): string[] {
  const result = analyseManifest(readFileSync(new URL(name, FIXTURES), 'utf8'), name);
  assert.deepEqual(result.errors, [], name);
  return result.findings.map((finding) => `${finding.range!.start.line} ${finding.indicator} ${finding.severity}`).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

const EXPECTED: Record<string, string[]> = {
  // pg_dump | gzip | aws s3 cp, run from a ConfigMap script with a Secret's env: nothing.
  'postgres-backup-cronjob.yaml': [],
  'mysql-backup-cronjob.yaml': [],
  // kube-bench needs the host's PID namespace and the node's Kubernetes configuration: reported, deliberately
  // (an attacker's job asks for the same); the indicators' false-positive notes name node checks.
  'kube-bench-job.yaml': [
    '15 host-pid warning',
    '33 host-path-mount warning',
    '34 sensitive-mount error',
    '36 host-path-mount warning',
    '37 sensitive-mount error',
    '39 host-path-mount warning',
    '40 sensitive-mount error',
  ],
  // Any hostPath is the seed rule's clause 3; /var/log read-only and the forwarder's own folder are not sensitive,
  // and its config file, handed over with -c, is not a script.
  'fluent-bit-forwarder-job.yaml': ['51 host-path-mount warning', '54 host-path-mount warning'],
  'certificate-renewal-cronjob.yaml': [],
  'db-migration-job.yaml': [],
};

describe('operational jobs stay quiet', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => assert.deepEqual(findings(name), expected));
  }
});
