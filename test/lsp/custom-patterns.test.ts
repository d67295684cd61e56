// Custom indicators from the workspace's .jobsentinel.yaml in a real language-server session (the Node
// server over stdio, which runs them on re2-wasm): diagnostics with the custom id, their tuning, and
// invalid or hostile patterns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node.js';
import { LspSession } from './session.js';

const CONFIG = [
  'custom:',
  '  patterns:',
  '    - id: crypto-miner',
  '      pattern: "stratum\\\\+tcp://|xmrig"',
  '      severity: error',
  '      description: Crypto-miner pool or binary',
  '    - id: hostile',
  "      pattern: '(a+)+$'",
  '      severity: hint',
  '',
].join('\n');

function cronJob(args: string[]): string {
  return [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: miner',
    'spec:',
    '  schedule: "@hourly"',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          restartPolicy: Never',
    '          containers:',
    '            - name: main',
    '              image: registry.example.com/acme/worker:1.0',
    `              args: ${JSON.stringify(args)}`,
    '',
  ].join('\n');
}

async function withWorkspace(
  config: string,
  run: (session: LspSession, workspace: string) => Promise<void>,
  settings?: Record<string, unknown>,
): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-custom-'));
  await writeFile(join(workspace, '.jobsentinel.yaml'), config);
  await mkdir(join(workspace, 'jobs'));
  const session = await LspSession.start({ workspaceFolder: workspace, settings });
  try {
    await run(session, workspace);
  } finally {
    await session.stop();
    await rm(workspace, { recursive: true, force: true });
  }
}

/** The findings with this code (a suppressed one is a faded hint tagged Unnecessary, not a finding). */
const custom = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((diagnostic) => diagnostic.code === code && !diagnostic.tags?.includes(DiagnosticTag.Unnecessary));

describe('language server: custom patterns from .jobsentinel.yaml', () => {
  it('publishes a diagnostic with the custom id, its severity and the range of the matching scalar', async () => {
    await withWorkspace(CONFIG, async (session, workspace) => {
      const uri = pathToFileURL(join(workspace, 'jobs/miner.yaml')).href;
      await session.open(uri, cronJob(['-o', 'stratum+tcp://pool.example:3333']));
      const { diagnostics } = await session.diagnosticsFor(uri);
      const [diagnostic, ...more] = custom(diagnostics, 'crypto-miner');
      assert.ok(diagnostic, `no crypto-miner diagnostic in ${JSON.stringify(diagnostics)}`);
      assert.deepEqual(more, []);
      assert.equal(diagnostic.source, 'jobsentinel');
      assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
      assert.match(diagnostic.message, /Crypto-miner pool or binary/);
      // `args: ["-o","stratum+tcp://pool.example:3333"]` on line 15 (0-based 14): the second item, inside its quotes.
      const line = '              args: ["-o","stratum+tcp://pool.example:3333"]';
      const start = line.indexOf('stratum');
      assert.deepEqual(diagnostic.range, { start: { line: 14, character: start }, end: { line: 14, character: start + 'stratum+tcp://pool.example:3333'.length } });
      assert.equal(diagnostic.codeDescription, undefined, 'no page of ours documents a user pattern');

      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 14, character: start + 3 } });
      const { value } = hover!.contents as MarkupContent;
      assert.match(value, /Crypto-miner pool or binary.*`crypto-miner`, error/);
      assert.match(value, /\*\*False positives:\*\* The pattern \/stratum.*\/ matches anywhere/, 'the hover explains the pattern from the config');
      assert.match(value, /jobsentinel-ignore: crypto-miner/);
      assert.match(value, /README\.md#configuration/);
    });
  });

  it('answers a hostile pattern over a 100,000-character argument', async () => {
    await withWorkspace(CONFIG, async (session, workspace) => {
      const uri = pathToFileURL(join(workspace, 'jobs/long.yaml')).href;
      await session.open(uri, cronJob(['a'.repeat(100_000) + '!']));
      assert.deepEqual(custom((await session.diagnosticsFor(uri)).diagnostics, 'hostile'), []);
      const matching = pathToFileURL(join(workspace, 'jobs/long-match.yaml')).href;
      await session.open(matching, cronJob(['a'.repeat(100_000)]));
      assert.equal(custom((await session.diagnosticsFor(matching)).diagnostics, 'hostile')[0]?.severity, DiagnosticSeverity.Hint);
    });
  });

  it('tunes custom ids like built-in ones: severity in the file, an ignore comment in the manifest', async () => {
    await withWorkspace(`severity:\n  crypto-miner: information\n${CONFIG}`, async (session, workspace) => {
      const uri = pathToFileURL(join(workspace, 'jobs/tuned.yaml')).href;
      await session.open(uri, cronJob(['xmrig']));
      assert.equal(custom((await session.diagnosticsFor(uri)).diagnostics, 'crypto-miner')[0]?.severity, DiagnosticSeverity.Information);
      const ignored = pathToFileURL(join(workspace, 'jobs/ignored.yaml')).href;
      await session.open(ignored, cronJob(['xmrig']).replace('              args:', '              # jobsentinel-ignore: crypto-miner\n              args:'));
      assert.deepEqual(custom((await session.diagnosticsFor(ignored)).diagnostics, 'crypto-miner'), []);
    });
  });

  it('lets the editor settings tune a custom id the config file defines', async () => {
    await withWorkspace(
      CONFIG,
      async (session, workspace) => {
        const uri = pathToFileURL(join(workspace, 'jobs/settings.yaml')).href;
        await session.open(uri, cronJob(['xmrig']));
        assert.equal(custom((await session.diagnosticsFor(uri)).diagnostics, 'crypto-miner')[0]?.severity, DiagnosticSeverity.Warning);
        assert.deepEqual(session.messages, [], 'no "unknown indicator" complaint about the settings');
      },
      { severity: { 'crypto-miner': 'warning' } },
    );
  });

  it('reports an unsupported pattern on the config file at the offending character, and re-reads the fixed file', async () => {
    const broken = "custom:\n  patterns:\n    - id: crypto-miner\n      pattern: 'xmrig(?=\\s)'\n";
    await withWorkspace(broken, async (session, workspace) => {
      const uri = pathToFileURL(join(workspace, 'jobs/miner.yaml')).href;
      await session.open(uri, cronJob(['xmrig -o pool']));
      const configFile = join(workspace, '.jobsentinel.yaml');
      const configUri = pathToFileURL(configFile).href;
      const published = await session.waitFor('config diagnostics', () => session.published.find((params) => params.uri === configUri && params.diagnostics.length > 0));
      const [error] = published.diagnostics;
      assert.match(error.message, /pattern of "crypto-miner": lookahead \(\?= is not supported \(at position 5\)/);
      // `      pattern: 'xmrig(?=\s)'`: the value starts after the quote at character 16; position 5 is `(`.
      assert.deepEqual(error.range, { start: { line: 3, character: 21 }, end: { line: 3, character: 22 } });
      assert.deepEqual(custom((await session.diagnosticsFor(uri)).diagnostics, 'crypto-miner'), [], 'the broken pattern does not run');

      await writeFile(configFile, CONFIG);
      const seen = session.published.filter((params) => params.uri === uri).length;
      await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
      const next = await session.waitFor('re-check', () => session.published.filter((params) => params.uri === uri)[seen]);
      assert.equal(custom(next.diagnostics, 'crypto-miner').length, 1);
    });
  });
});
