// The CLI offers exactly the core's FORMATTERS: --format accepts each name, the help lists each with
// its description, and anything else is bad usage naming the valid ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditFormatters, FORMATTERS } from '@jobsentinel/core/formats';
import { PRIVILEGED_CRONJOB, run, workspace } from './helpers.ts';

/** The text of --format in a command's help, on one line: `text (…), json (…), sarif (…); default: text`. */
function formatHelp(command: string): string {
  const lines = run([command, '--help']).stdout.split('\n');
  const first = lines.findIndex((line) => line.includes('--format FORMAT'));
  const next = lines.findIndex((line, index) => index > first && /^\s+-/.test(line));
  return lines.slice(first, next).join(' ').replace(/^.*--format FORMAT/, '').replace(/\s+/g, ' ').trim();
}

/** The format names listed in it. */
function helpFormats(command: string): string[] {
  return [...formatHelp(command).matchAll(/(?:^|, )([a-z][a-z0-9-]*) \(/g)].map((match) => match[1]);
}

test('scan --help lists every format of the table with its description, and audit --help those with an audit report', () => {
  assert.deepEqual(helpFormats('scan'), FORMATTERS.map((format) => format.name));
  assert.deepEqual(helpFormats('audit'), auditFormatters().map((format) => format.name));
  const help = formatHelp('scan');
  for (const format of FORMATTERS) assert.ok(help.includes(`${format.name} (${format.description})`), format.name);
  assert.match(help, /; default: text\. See docs\/cli\.md$/);
});

test('scan --format accepts every format of the table and nothing else', () => {
  const dir = workspace({ 'backup.yaml': PRIVILEGED_CRONJOB });
  for (const format of FORMATTERS) {
    const result = run(['scan', '--format', format.name, 'backup.yaml'], { cwd: dir });
    assert.equal(result.status, 1, `${format.name}: ${result.stderr}`);
    assert.ok(result.stdout.length > 0);
  }
  const bad = run(['scan', '--format', 'toString', 'backup.yaml'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, new RegExp(`unknown format "toString".*${FORMATTERS.map((format) => format.name).join(', ')}`));
});
