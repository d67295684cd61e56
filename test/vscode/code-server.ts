// Runs code-server (a full VS Code: web workbench + Node extension host) on 127.0.0.1 with a fresh
// profile, and opens it in headless Chromium. Installed by install-code-server.sh.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER = process.env.CODE_SERVER_BIN ?? join(homedir(), `.cache/code-server-${CODE_SERVER_VERSION}/node_modules/.bin/code-server`);

export interface CodeServer {
  url: string;
  userDataDir: string;
  log: string[];
  stop(): Promise<void>;
}

/** Fails with the way out when code-server is not installed, rather than skipping. */
export function requireCodeServer(): void {
  if (!existsSync(CODE_SERVER)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is required for this test and was not found at ${CODE_SERVER}: run test/vscode/install-code-server.sh`);
  }
}

export async function installExtension(vsix: string, userDataDir: string, extensionsDir: string): Promise<void> {
  const result = spawnSync(CODE_SERVER, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, XDG_CONFIG_HOME: userDataDir },
  });
  if (result.status !== 0 || !/was successfully installed/.test(result.stdout)) {
    throw new Error(`installing ${vsix} failed (${result.status}): ${result.stdout}${result.stderr}`);
  }
}

/** Starts code-server with a fresh profile (settings given) and waits until it answers. */
export async function startCodeServer(options: { workspace: string; settings: Record<string, unknown>; installVsix: string }): Promise<CodeServer> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'jobsentinel-code-server-'));
  const extensionsDir = join(userDataDir, 'extensions');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await writeFile(join(userDataDir, 'User/settings.json'), JSON.stringify(options.settings, null, 2));
  await installExtension(options.installVsix, userDataDir, extensionsDir);
  const port = await freePort();
  const log: string[] = [];
  const child: ChildProcess = spawn(
    CODE_SERVER,
    [
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, options.workspace,
    ],
    { env: { ...process.env, XDG_CONFIG_HOME: userDataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk) => log.push(String(chunk)));
  child.stderr!.on('data', (chunk) => log.push(String(chunk)));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}): ${log.join('')}`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not start within 60 s: ${log.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    userDataDir,
    log,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
