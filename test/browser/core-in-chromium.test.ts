// Issue 2's browser test, and issue 6's Chromium runtimes: the bundled core runs in a real browser,
// on the main thread and in a Web Worker, and finds exactly what Node finds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseManifest } from '@jobsentinel/core';
import { collectAuditLog } from '@jobsentinel/core/audit';
import { ATOMIC_RED_TEAM_CRONJOB, AUDIT_CASES, MANIFEST_CASES, REVERSE_SHELL_CRONJOB, auditResult, comparable } from '../runtimes/cases.mjs';
import { exampleSite } from '../runtimes/example-site.mjs';
import { serveDirectory } from '../../playground/serve.mjs';
import { launchChromium } from './chromium.mjs';

type Launched = Awaited<ReturnType<typeof launchChromium>>;
type Site = Awaited<ReturnType<typeof exampleSite>>;
type Server = Awaited<ReturnType<typeof serveDirectory>>;

// A hung browser fails the run instead of stalling it.
describe('the core in headless Chromium', { timeout: 300_000 }, () => {
  let site: Site;
  let server: Server;
  let browser: Launched;

  before(async () => {
    site = await exampleSite();
    server = await serveDirectory(site.dir);
    browser = await launchChromium();
    await browser.page.goto(server.url + 'browser.html');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await site?.remove();
  });

  /** The browser example: the user picks a file, the page analyses it and prints the result. */
  async function analyseInPage(fileName: string, text: string): Promise<unknown> {
    const { page } = browser;
    await page.locator('#result').evaluate((element) => {
      element.textContent = '';
      delete (element as HTMLElement).dataset.file;
    });
    await page.setInputFiles('#manifest', { name: fileName, mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await page.waitForSelector(`#result[data-file="${fileName}"]`);
    return JSON.parse((await page.textContent('#result')) ?? 'null');
  }

  /** The Web Worker example: the page posts a File to a module worker and awaits its answer. */
  async function analyseInWorker(fileName: string, text: string): Promise<unknown> {
    return browser.page.evaluate(
      ({ fileName, text }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker('./worker.js', { type: 'module' });
          worker.onmessage = ({ data }) => {
            worker.terminate();
            resolve(data);
          };
          worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
          worker.postMessage(new File([text], fileName));
        }),
      { fileName, text },
    );
  }

  test('issue 2: the core bundle loads in headless Chromium and analyses a manifest there', async () => {
    const result = (await analyseInPage('log-rotate.yaml', REVERSE_SHELL_CRONJOB)) as ReturnType<typeof analyseManifest>;
    const found = result.findings.map((finding) => `${finding.range?.start.line} ${finding.indicator}`).sort();
    assert.ok(found.includes('22 privileged-container'), `privileged: true on line 22 is flagged; got ${found}`);
    assert.ok(found.includes('29 sensitive-mount'), `the hostPath / on line 29 is flagged; got ${found}`);
    assert.ok(found.includes('12 host-network'), `hostNetwork on line 12 is flagged; got ${found}`);
    assert.equal(result.errors.length, 0);
    assert.deepEqual(browser.pageErrors, []);
  });

  test('the Atomic Red Team CronJob: the busybox image on line 13, in the page and in a worker', async () => {
    const inPage = (await analyseInPage('art.yaml', ATOMIC_RED_TEAM_CRONJOB)) as ReturnType<typeof analyseManifest>;
    assert.deepEqual(
      inPage.findings.map((finding) => [finding.indicator, finding.range?.start.line, finding.evidence]),
      [['attacker-tooling', 13, 'busybox:stable']],
    );
    assert.deepEqual(await analyseInWorker('art.yaml', ATOMIC_RED_TEAM_CRONJOB), inPage);
  });

  for (const testCase of MANIFEST_CASES) {
    test(`main thread gives Node's result: ${testCase.name}`, async () => {
      const expected = comparable(analyseManifest(testCase.text, testCase.fileName));
      assert.deepEqual(await analyseInPage(testCase.fileName, testCase.text), expected);
    });
    test(`Web Worker gives Node's result: ${testCase.name}`, async () => {
      const expected = comparable(analyseManifest(testCase.text, testCase.fileName));
      assert.deepEqual(await analyseInWorker(testCase.fileName, testCase.text), expected);
    });
  }

  /** The audit-log page example: the user picks a log (plain or gzip), the page streams it through the core. */
  async function scanInPage(fileName: string, bytes: Uint8Array): Promise<unknown> {
    const { page } = browser;
    if (!page.url().endsWith('/browser-audit.html')) await page.goto(server.url + 'browser-audit.html');
    await page.locator('#result').evaluate((element) => {
      element.textContent = '';
      delete (element as HTMLElement).dataset.file;
    });
    await page.setInputFiles('#audit-log', { name: fileName, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await page.waitForSelector(`#result[data-file="${fileName}"]`);
    assert.equal(await page.$eval('#progress', (bar) => (bar as HTMLProgressElement).value), 1, 'the progress bar reached the end');
    return JSON.parse((await page.textContent('#result')) ?? 'null');
  }

  /** The audit-log worker example: progress and matches arrive as messages while the log streams. */
  async function scanInWorker(fileName: string, bytes: Uint8Array): Promise<{ result: unknown; progress: number[] }> {
    return browser.page.evaluate(
      ({ fileName, bytes }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker('./audit-worker.js', { type: 'module' });
          const matches: unknown[] = [];
          const progress: number[] = [];
          worker.onmessage = ({ data }) => {
            if ('bytesRead' in data) progress.push(data.bytesRead);
            else if ('match' in data) matches.push(data.match);
            else {
              worker.terminate();
              resolve({ result: { matches, ...data }, progress });
            }
          };
          worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
          worker.postMessage(new File([new Uint8Array(bytes)], fileName));
        }),
      { fileName, bytes: [...bytes] },
    ) as Promise<{ result: unknown; progress: number[] }>;
  }

  for (const testCase of AUDIT_CASES) {
    test(`audit log, main thread gives Node's result: ${testCase.name}`, async () => {
      const expected = auditResult(await collectAuditLog(new Blob([testCase.bytes]).stream(), { source: testCase.fileName }));
      assert.deepEqual(await scanInPage(testCase.fileName, testCase.bytes), expected);
    });
    test(`audit log, Web Worker gives Node's result: ${testCase.name}`, async () => {
      const expected = auditResult(await collectAuditLog(new Blob([testCase.bytes]).stream(), { source: testCase.fileName }));
      const { result, progress } = await scanInWorker(testCase.fileName, testCase.bytes);
      assert.deepEqual(result, expected);
      if (testCase.bytes.length > 0) assert.equal(progress.at(-1), testCase.bytes.length, 'progress ends at the file size');
    });
  }

  test('a gzip audit log in the browser: the reverse-shell CronJob and the privileged patch are found, the denied one marked', async () => {
    const gzip = AUDIT_CASES.find((testCase) => testCase.fileName.endsWith('.gz'))!;
    const { result } = await scanInWorker(gzip.fileName, gzip.bytes);
    const { matches } = result as { matches: { name: string; user: string; outcome: string }[] };
    assert.deepEqual(
      matches.map((match) => `${match.name} ${match.user} ${match.outcome}`),
      ['log-rotate mallory allowed', 'nightly-report mallory allowed', 'sock eve denied'],
    );
  });

  test('no page or worker error along the way', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});
