/** docs/cli.md is the reference the help texts point at: it must know every command and option the CLI takes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMANDS } from '../src/commands/index.ts';

const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');

/** The text of the `## name` section, up to the next section of the same level. */
function section(name: string): string {
  const start = doc.indexOf(`\n## ${name}\n`);
  assert.ok(start >= 0, `docs/cli.md has a "## ${name}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

test('every command has a section that lists each option of its table, with its short form', () => {
  for (const command of COMMANDS) {
    const text = section(command.name);
    for (const option of command.options) {
      const written = `${option.short ? `-${option.short}, ` : ''}--${option.name}${option.value ? ` ${option.value}` : ''}`;
      assert.ok(text.includes(`\`${written}\``), `docs/cli.md, ${command.name}: \`${written}\``);
    }
  }
});

test('the exit statuses, --fail-on levels, config lookup and the three formats are described', () => {
  for (const status of ['| 0 |', '| 1 |', '| 2 |']) assert.ok(section('Exit status').includes(status), status);
  for (const level of ['error', 'warning', 'information', 'never']) assert.match(section('Exit status'), new RegExp(`\`${level}\``));
  assert.match(section('Config file lookup'), /\.jobsentinel\.yaml[\s\S]*--no-config[\s\S]*\.git/);
  for (const format of ['text', 'json', 'sarif']) assert.match(section('Output formats'), new RegExp(`\n### ${format}\n`));
  assert.match(doc, /jobsentinel scan --format json --output baseline\.json/, 'how to make a baseline');
});

test('the help texts that point at docs/cli.md have it to point at', () => {
  const pointing = COMMANDS.filter((command) => command.help.includes('docs/cli.md'));
  assert.ok(pointing.length >= 2);
});
