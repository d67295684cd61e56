// The playground as a visitor uses it, in Debian's Chromium: paste a manifest, see the offending lines
// highlighted and each finding explained; drop a file; nothing leaves the page. Screenshots go to artifacts/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { analyseManifest, indicatorById, ATTACK_T1053_007 } from '@jobsentinel/core';
import { collectAuditLog } from '@jobsentinel/core/audit';
import { auditFormatters, FORMATTERS } from '@jobsentinel/core/formats';
import { ATOMIC_RED_TEAM_CRONJOB, AUDIT_CASES, REVERSE_SHELL_CRONJOB } from '../runtimes/cases.mjs';
import { serveDirectory } from '../../playground/serve.mjs';
import { launchChromium } from '../browser/chromium.mjs';

const dist = fileURLToPath(new URL('../../playground/dist/', import.meta.url));
const artifacts = fileURLToPath(new URL('../../artifacts/playground/', import.meta.url));

describe('the playground', { timeout: 300_000 }, () => {
  let server: Awaited<ReturnType<typeof serveDirectory>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const requests: string[] = [];

  before(async () => {
    assert.ok(existsSync(dist + 'index.html'), 'playground/dist is built (pnpm build)');
    await mkdir(artifacts, { recursive: true });
    server = await serveDirectory(dist);
    browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
    browser.page.on('request', (request) => requests.push(request.url()));
    await browser.page.goto(server.url);
    await browser.page.waitForSelector('.welcome');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function paste(text: string): Promise<void> {
    const { page } = browser;
    await page.click('#clear');
    await page.focus('#source');
    await page.keyboard.insertText(text);
    await page.waitForSelector('.report-pane .summary');
  }

  /** Clicks an export button and returns the saved file's name and parsed content. */
  async function saved(selector: string): Promise<{ name: string; content: any }> {
    const [download] = await Promise.all([browser.page.waitForEvent('download'), browser.page.click(selector)]);
    return { name: download.suggestedFilename(), content: JSON.parse(await readFile((await download.path())!, 'utf8')) };
  }

  /** The formats the page offers to save, by their buttons. */
  const offered = (scope: string) => browser.page.$$eval(`${scope} button.export`, (buttons) => buttons.map((button) => button.className.replace(/^export export-/, '')));

  const flaggedLines = () => browser.page.$$eval('#highlight .line.flagged', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.line)));
  const gutterFlags = () => browser.page.$$eval('#gutter .number.flagged', (rows) => rows.map((row) => Number((row as HTMLElement).dataset.line)));

  test('opens on a welcome that says what to do and that nothing is uploaded', async () => {
    const text = await browser.page.textContent('.welcome');
    assert.match(text ?? '', /Paste a Kubernetes manifest/);
    assert.match(text ?? '', /Nothing leaves this page/);
    await browser.page.screenshot({ path: artifacts + 'welcome.png' });
  });

  test('pasting the Atomic Red Team CronJob highlights line 13 (busybox) and explains the finding', async () => {
    await paste(ATOMIC_RED_TEAM_CRONJOB);
    const { page } = browser;
    assert.deepEqual(await flaggedLines(), [13]);
    assert.deepEqual(await gutterFlags(), [13]);
    assert.equal(await page.textContent('#highlight .line[data-line="13"] mark'), 'busybox:stable');
    assert.equal(await page.getAttribute('#highlight .line[data-line="13"]', 'class'), 'line flagged sev-information');

    const cards = page.locator('.indicator-card');
    assert.equal(await cards.count(), 1);
    const card = cards.first();
    const indicator = indicatorById('attacker-tooling')!;
    assert.equal(await card.getAttribute('data-indicator'), 'attacker-tooling');
    assert.equal(await card.locator('header .badge').textContent(), 'information');
    assert.equal(await card.locator('h3').textContent(), indicator.title);
    assert.equal(await card.locator('.finding').count(), 1);
    assert.equal(await card.locator('.finding .message').textContent(), 'Container "hello" uses the busybox image (busybox:stable).');
    assert.equal(await card.locator('.finding .evidence').textContent(), 'busybox:stable');
    assert.equal(await card.locator('.finding .where').textContent(), 'line 13:20');
    assert.equal(await card.locator('.explanation').textContent(), indicator.description);
    assert.equal(await card.locator('.remediation').textContent(), indicator.remediation);
    assert.equal(await card.locator('.false-positives').textContent(), indicator.falsePositives);
    assert.equal(await card.locator('a.attack').getAttribute('href'), ATTACK_T1053_007.url);
    assert.equal(await page.textContent('.summary .file-name'), 'pasted.yaml');
    await page.screenshot({ path: artifacts + 'atomic-red-team.png' });
  });

  test('the findings can be saved as SARIF 2.1.0 and as the CLI\'s JSON, with their lines', async () => {
    assert.deepEqual(await offered('.summary'), FORMATTERS.map((format) => format.name), 'every format of the table, no other');
    const sarif = await saved('.export-sarif');
    assert.equal(sarif.name, 'pasted.jobsentinel.sarif');
    assert.equal(sarif.content.version, '2.1.0');
    const [result] = sarif.content.runs[0].results;
    assert.equal(result.ruleId, 'attacker-tooling');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 13);
    const json = await saved('.export-json');
    assert.equal(json.name, 'pasted.jobsentinel.json');
    assert.deepEqual(
      json.content.findings.map((finding: { indicator: string; range: { start: { line: number } } }) => [finding.indicator, finding.range.start.line]),
      [['attacker-tooling', 13]],
    );
  });

  test('pasting a reverse-shell CronJob highlights every offending line, each finding with its message', async () => {
    await paste(REVERSE_SHELL_CRONJOB);
    const { page } = browser;
    const expected = analyseManifest(REVERSE_SHELL_CRONJOB, 'pasted.yaml').findings;
    const expectedLines = [...new Set(expected.map((finding) => finding.range!.start.line))].sort((a, b) => a - b);
    assert.deepEqual(await flaggedLines(), expectedLines);
    assert.ok(expectedLines.includes(22) && expectedLines.includes(12) && expectedLines.includes(29));
    assert.equal(await page.getAttribute('#highlight .line[data-line="22"]', 'class'), 'line flagged sev-error');
    assert.equal(await page.textContent('#highlight .line[data-line="22"] mark'), 'true');

    const shown = await page.$$eval('.finding', (cards) =>
      cards.map((card) => `${card.getAttribute('data-indicator')}|${card.getAttribute('data-severity')}|${card.querySelector('.message')?.textContent}`),
    );
    assert.deepEqual(shown.sort(), expected.map((finding) => `${finding.indicator}|${finding.severity}|${finding.message}`).sort());
    assert.match((await page.textContent('.summary .counts')) ?? '', new RegExp(`${expected.length} findings`));
    const explained = await page.$$eval('.indicator-card', (cards) => cards.map((card) => [card.getAttribute('data-indicator'), card.querySelector('.explanation')?.textContent]));
    assert.deepEqual(
      explained.sort(),
      [...new Set(expected.map((finding) => finding.indicator))].map((id) => [id, indicatorById(id)!.description]).sort(),
      'one card per indicator, each with its explanation',
    );
    await page.screenshot({ path: artifacts + 'reverse-shell.png' });
  });

  test('a finding\'s line button selects the offending text in the editor', async () => {
    const { page } = browser;
    const privileged = analyseManifest(REVERSE_SHELL_CRONJOB, 'pasted.yaml').findings.find((finding) => finding.indicator === 'privileged-container')!;
    await page.click('.finding[data-indicator="privileged-container"] .where');
    const selection = await page.$eval('#source', (area) => {
      const textarea = area as HTMLTextAreaElement;
      return textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    });
    assert.equal(selection, REVERSE_SHELL_CRONJOB.slice(privileged.span!.start, privileged.span!.end));
    assert.equal(selection, 'true');
  });

  test('the highlight stays under the text and the line numbers when the editor scrolls', async () => {
    const { page } = browser;
    const text = [REVERSE_SHELL_CRONJOB, REVERSE_SHELL_CRONJOB, REVERSE_SHELL_CRONJOB].join('---\n');
    await paste(text);
    const last = analyseManifest(text, 'pasted.yaml').findings.filter((finding) => finding.indicator === 'privileged-container').at(-1)!;
    const line = last.range!.start.line;
    await page.click(`.finding[data-indicator="privileged-container"][data-line="${line}"] .where`);
    const geometry = await page.evaluate((line) => {
      const textarea = document.querySelector<HTMLTextAreaElement>('#source')!;
      const row = document.querySelector(`#highlight .line[data-line="${line}"]`)!.getBoundingClientRect();
      const number = document.querySelector(`#gutter .number[data-line="${line}"]`)!.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight);
      const textTop = textarea.getBoundingClientRect().top + parseFloat(getComputedStyle(textarea).paddingTop) + (line - 1) * lineHeight - textarea.scrollTop;
      return { scrolled: textarea.scrollTop, row: row.top, number: number.top, text: textTop };
    }, line);
    assert.ok(geometry.scrolled > 0, 'the editor scrolled to the finding');
    assert.equal(geometry.row, geometry.text);
    assert.equal(geometry.number, geometry.text);
  });

  test('dropping a manifest file analyses it under its own name', async () => {
    const { page } = browser;
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'art.yaml', { type: 'application/yaml' }));
      document.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, ATOMIC_RED_TEAM_CRONJOB);
    await page.waitForFunction(() => document.querySelector('.summary .file-name')?.textContent === 'art.yaml');
    assert.deepEqual(await flaggedLines(), [13]);
    assert.equal(await page.inputValue('#source'), ATOMIC_RED_TEAM_CRONJOB);
  });

  test('invalid YAML is reported with its line, and the page keeps working', async () => {
    await paste('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [unclosed\n');
    const problems = await browser.page.textContent('.problems');
    assert.match(problems ?? '', /line \d+/);
    assert.equal(await browser.page.locator('.finding').count(), 0);
  });

  async function drop(fileName: string, bytes: Uint8Array): Promise<void> {
    await browser.page.evaluate(
      ({ fileName, bytes }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], fileName));
        document.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { fileName, bytes: [...bytes] },
    );
  }

  test('dropping a gzip audit log streams it through the core: progress to 100%, each malicious job write shown', async () => {
    const { page } = browser;
    const gzip = AUDIT_CASES.find((testCase) => testCase.fileName.endsWith('.gz'))!;
    const expected = await collectAuditLog(new Blob([gzip.bytes]).stream(), { source: gzip.fileName });
    await drop(gzip.fileName, gzip.bytes);
    await page.waitForSelector('body[data-state="done"]');
    assert.equal(await page.getAttribute('body', 'data-mode'), 'audit');
    assert.equal(await page.$eval('#audit-progress', (bar) => (bar as HTMLProgressElement).value), 1);
    assert.match((await page.textContent('#audit-status')) ?? '', /^Done/);

    const matches = await page.$$eval('.match', (cards) =>
      cards.map((card) => ({
        line: Number(card.getAttribute('data-line')),
        name: card.getAttribute('data-name'),
        outcome: card.getAttribute('data-outcome'),
        indicators: [...card.querySelectorAll('.finding')].map((hit) => hit.getAttribute('data-indicator')).sort(),
        who: card.querySelector('.who')?.textContent,
      })),
    );
    assert.deepEqual(
      matches.map(({ line, name, outcome, indicators }) => ({ line, name, outcome, indicators })),
      expected.matches.map((match) => ({ line: match.line, name: match.name, outcome: match.outcome, indicators: match.indicators.map((hit) => hit.indicator).sort() })),
    );
    assert.deepEqual(matches.map((match) => `${match.name} ${match.outcome}`), ['log-rotate allowed', 'nightly-report allowed', 'sock denied']);
    assert.match(matches[0].who ?? '', /mallory/);
    assert.ok(matches[0].indicators.includes('shell-escape'));

    const summary = await page.$$eval('#audit-summary dd', (values) => Object.fromEntries(values.map((value) => [value.getAttribute('data-key'), value.textContent])));
    assert.equal(summary.matches, String(expected.summary.matches));
    assert.equal(summary.jobWrites, String(expected.summary.jobWrites));
    assert.equal(summary.uninspectable, '1');
    assert.equal(summary.malformed, '1');
    assert.equal(summary.formats, 'kube-apiserver');
    assert.equal(summary.incidents, '3');
    const incidents = await page.$$eval('.incident', (cards) => cards.map((card) => `${card.getAttribute('data-kind')} ${card.getAttribute('data-name')} ${card.getAttribute('data-matches')}`));
    assert.equal(incidents.length, 3, 'the incidents lead the report, one per object');
    assert.ok((await page.$$eval('.incident, .match', (cards) => cards.map((card) => card.className))).findIndex((name) => name.includes('match')) >= 3);
    const hidden = await page.$$eval('.uninspectable li', (items) => items.map((item) => [item.getAttribute('data-line'), item.getAttribute('data-reason')]));
    assert.equal(hidden.length, 1);
    assert.equal(hidden[0][1], 'Metadata level');
    const problems = (await page.textContent('#audit-problems')) ?? '';
    assert.match(problems, /could not be inspected/);
    assert.match(problems, /line 5/);
    await page.screenshot({ path: artifacts + 'audit-log.png' });

    assert.deepEqual(await offered('#match-count + .exports'), auditFormatters().map((format) => format.name), 'every format with an audit report');
    const json = await saved('.export-json');
    assert.equal(json.name, 'kube-apiserver-audit.jobsentinel.json');
    assert.deepEqual(
      json.content.matches.map((match: { line: number; name: string; outcome: string }) => [match.line, match.name, match.outcome]),
      expected.matches.map((match) => [match.line, match.name, match.outcome]),
    );
    assert.equal(json.content.summary.matches, 3);
  });

  test('switching to elastic mode rescans the log as the seed rule reads it', async () => {
    const { page } = browser;
    const gzip = AUDIT_CASES.find((testCase) => testCase.fileName.endsWith('.gz'))!;
    const expected = await collectAuditLog(new Blob([gzip.bytes]).stream(), { source: gzip.fileName, mode: 'elastic' });
    await page.selectOption('#audit-mode', 'elastic');
    await page.waitForSelector('body[data-state="done"]');
    await page.waitForFunction((count) => document.querySelectorAll('.match').length === count, expected.matches.length);
    const lines = await page.$$eval('.match', (cards) => cards.map((card) => Number(card.getAttribute('data-line'))));
    assert.deepEqual(lines, expected.matches.map((match) => match.line));
    assert.equal(await page.textContent('#audit-summary dd[data-key="matches"]'), String(expected.summary.matches));
    await page.selectOption('#audit-mode', 'structural');
    await page.waitForFunction(() => document.body.dataset.state === 'done' && document.querySelectorAll('.match').length === 3);
  });

  test('an audit log pasted into the editor is scanned as one, and the editor comes back', async () => {
    const { page } = browser;
    await page.click('#audit-back');
    await page.waitForSelector('.welcome');
    const log = AUDIT_CASES.find((testCase) => testCase.fileName === 'kube-apiserver-audit.log')!;
    await page.focus('#source');
    await page.keyboard.insertText(new TextDecoder().decode(log.bytes));
    await page.waitForSelector('body[data-state="done"]');
    assert.equal(await page.locator('.match').count(), 3);
    await page.click('#audit-back');
    assert.equal(await page.getAttribute('body', 'data-mode'), 'manifest');
    assert.equal(await page.inputValue('#source'), '');
  });

  test('works offline: every request the page made went to its own static server', () => {
    assert.ok(requests.length >= 3);
    assert.deepEqual(requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:')), []);
    assert.deepEqual(browser.pageErrors, []);
  });
});
