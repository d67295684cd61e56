import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH, launchChromium } from '../browser/chromium.mjs';
import { serveDirectory } from '../browser/static-server.mjs';
import { ROOT } from '../lsp/session.js';

const BUNDLE = join(ROOT, 'server/dist/browser.js');
const cronJob = await readFile(join(ROOT, 'test/fixtures/editor/reverse-shell-cronjob.yaml'), 'utf8');

interface Message {
  id?: number | string;
  method?: string;
  params?: { uri?: string; version?: number; diagnostics?: Array<{ code: string; range: unknown; source: string }> };
  result?: unknown;
}

let browser: Awaited<ReturnType<typeof launchChromium>>;
let site: Awaited<ReturnType<typeof serveDirectory>>;
let root: string;

before(async () => {
  assert.ok(existsSync(CHROMIUM_PATH), `Chromium is required for this test and was not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: run pnpm build first`);
  root = await mkdtemp(join(tmpdir(), 'jobsentinel-worker-'));
  await copyFile(fileURLToPath(new URL('page.html', import.meta.url)), join(root, 'index.html'));
  await copyFile(BUNDLE, join(root, 'server.js'));
  site = await serveDirectory(root);
  browser = await launchChromium();
  await browser.page.goto(site.url);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await rm(root, { recursive: true, force: true });
});

async function waitForMessage(predicate: string): Promise<Message> {
  const handle = await browser.page.waitForFunction(`window.received.find(${predicate}) ?? (window.workerErrors.length ? { workerErrors: window.workerErrors } : undefined)`, undefined, { timeout: 15_000 });
  const message = (await handle.jsonValue()) as Message & { workerErrors?: string[] };
  assert.equal(message.workerErrors, undefined, `the worker failed: ${message.workerErrors?.join('; ')}`);
  return message;
}

it('runs the language server in a Chromium web worker: diagnostics and hover over postMessage', async () => {
  const { page } = browser;
  await page.evaluate(() => {
    const send = (window as unknown as { send(message: object): void }).send;
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, workspaceFolders: [{ uri: 'inmemory://model/', name: 'model' }], capabilities: { workspace: { configuration: true } } } });
  });
  const initialized = await waitForMessage('(m) => m.id === 1 && !m.method');
  assert.ok((initialized.result as { capabilities: { hoverProvider: boolean } }).capabilities.hoverProvider);

  await page.evaluate((text) => {
    const send = (window as unknown as { send(message: object): void }).send;
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'inmemory://model/cronjob.yaml', languageId: 'yaml', version: 1, text } } });
  }, cronJob);
  const published = await waitForMessage("(m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === 'inmemory://model/cronjob.yaml'");
  const diagnostics = published.params!.diagnostics!;
  const privileged = diagnostics.find((diagnostic) => diagnostic.code === 'privileged-container');
  assert.ok(privileged, `diagnostics: ${JSON.stringify(diagnostics)}`);
  assert.deepEqual(privileged.range, { start: { line: 20, character: 28 }, end: { line: 20, character: 32 } });
  assert.equal(privileged.source, 'jobsentinel');
  assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'shell-escape'));

  await page.evaluate(() => {
    const send = (window as unknown as { send(message: object): void }).send;
    send({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'inmemory://model/cronjob.yaml' }, position: { line: 20, character: 30 } } });
  });
  const hover = await waitForMessage('(m) => m.id === 2 && !m.method');
  assert.match((hover.result as { contents: { value: string } }).contents.value, /Privileged container[\s\S]*T1053\.007/);
  assert.deepEqual(browser.pageErrors, []);
});

it('reads .jobsentinel.yaml through the client, from the document folder up to the workspace folder', async () => {
  const { page } = browser;
  await page.evaluate((text) => {
    const scope = window as unknown as { files: Record<string, string>; send(message: object): void };
    scope.files['inmemory://model/team/.jobsentinel.yaml'] = 'severity:\n  privileged-container: off\n';
    scope.send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'inmemory://model/team/jobs/cronjob.yaml', languageId: 'yaml', version: 1, text } } });
  }, cronJob);
  const published = await waitForMessage("(m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === 'inmemory://model/team/jobs/cronjob.yaml'");
  const codes = published.params!.diagnostics!.map((diagnostic) => diagnostic.code);
  assert.ok(codes.includes('shell-escape'), `codes: ${codes.join(', ')}`);
  assert.ok(!codes.includes('privileged-container'), 'the config file found upwards switched it off');
  const asked = await page.evaluate(() =>
    (window as unknown as { received: Message[] }).received
      .filter((m) => m.method === 'jobsentinel/readFile' && (m.params as { uri: string }).uri.startsWith('inmemory://model/team/'))
      .map((m) => (m.params as { uri: string }).uri),
  );
  assert.deepEqual(asked, ['inmemory://model/team/jobs/.jobsentinel.yaml', 'inmemory://model/team/jobs/.jobsentinel.yml', 'inmemory://model/team/.jobsentinel.yaml']);
});
