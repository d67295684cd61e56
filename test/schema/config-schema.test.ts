// The JSON Schema of .jobsentinel.yaml is generated from the definition parseConfig validates with: the
// committed file is up to date, the extension contributes it, and the schema and the validator agree on
// what is valid wherever the schema can tell (it cannot know which indicator ids exist or whether a
// pattern compiles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parseConfig, parseText } from '@jobsentinel/core';
import { configJsonSchema, SCHEMA_PATH } from '../../scripts/config-schema.mjs';
import { ROOT } from '../lsp/session.ts';

const schema = configJsonSchema();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const schemaAccepts = (yaml: string) => validate(parseText(yaml).documents[0]?.value ?? {});
const validatorAccepts = (yaml: string) => parseConfig(yaml, '.jobsentinel.yaml').errors.length === 0;

test('the committed schema is the generated one (node scripts/config-schema.mjs --write)', () => {
  assert.deepEqual(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')), schema);
});

test('the extension contributes the schema for .jobsentinel.yaml and .jobsentinel.yml', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'extension/package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.yamlValidation, [{ fileMatch: ['.jobsentinel.yaml', '.jobsentinel.yml'], url: './schemas/jobsentinel.schema.json' }]);
  assert.match(readFileSync(join(ROOT, 'extension/.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m, 'the schema ships in the .vsix');
});

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const readmeConfig = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1];

const VALID = {
  "the README's example": readmeConfig,
  'an empty file': '',
  'the samples config': readFileSync(join(ROOT, 'samples/.jobsentinel.yaml'), 'utf8'),
  'emptied sections': 'severity:\nignore:\ncustom:\n  images:\n  patterns:\n',
  'a custom id tuned by severity': 'severity: {crypto-miner: hint}\ncustom:\n  patterns: [{id: crypto-miner, pattern: xmrig}]\n',
};

const INVALID = {
  'an unknown profile': 'profile: full\n',
  'a null profile': 'profile:\n',
  'an unknown top-level key': 'profiles: seed\n',
  'an unknown severity level': 'severity: {attacker-tooling: loud}\n',
  'a severity id that is not kebab-case': 'severity: {Attacker_Tooling: hint}\n',
  'an unknown key in an ignore entry': 'ignore:\n  - imagez: ["alpine:*"]\n',
  'a blank glob': 'ignore:\n  - images: ["  "]\n',
  'ignore as a mapping': 'ignore: {images: ["alpine:*"]}\n',
  'a custom pattern without an id': 'custom:\n  patterns: [{pattern: xmrig}]\n',
  'a custom pattern without a pattern': 'custom:\n  patterns: [{id: miner}]\n',
  'a custom id that is not kebab-case': 'custom:\n  patterns: [{id: Miner_1, pattern: xmrig}]\n',
  'a custom pattern env that is not a boolean': 'custom:\n  patterns: [{id: miner, pattern: xmrig, env: "yes"}]\n',
  'an unknown key in custom': 'custom: {image: ["x*"]}\n',
};

for (const [name, yaml] of Object.entries(VALID)) {
  test(`valid for both the schema and the validator: ${name}`, () => {
    assert.ok(validatorAccepts(yaml), JSON.stringify(parseConfig(yaml, '.jobsentinel.yaml').errors));
    assert.ok(schemaAccepts(yaml), JSON.stringify(validate.errors));
  });
}

for (const [name, yaml] of Object.entries(INVALID)) {
  test(`invalid for both the schema and the validator: ${name}`, () => {
    assert.equal(validatorAccepts(yaml), false, 'parseConfig reports it');
    assert.equal(schemaAccepts(yaml), false, 'the schema rejects it');
  });
}

test('the schema offers the built-in indicator ids for completion, with their titles', () => {
  const severity = (schema.properties as Record<string, { properties: Record<string, { description: string }> }>).severity;
  assert.equal(severity.properties['privileged-container'].description, 'Privileged container');
});
