#!/usr/bin/env node
// The JSON Schema of .jobsentinel.yaml, generated from the definition the core validates with
// (packages/core/src/config/definition.ts) and its descriptions: editors get completion and validation
// for the file (VS Code through the extension's yamlValidation, any yaml-language-server client through
// a modeline or its settings). `node scripts/config-schema.mjs --write` writes
// extension/schemas/jobsentinel.schema.json; without --write it prints the schema. Needs `pnpm build`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_DEFINITION, KEBAB_CASE } from '../packages/core/dist/config/definition.js';
import { CONFIG_DESCRIPTIONS } from '../packages/core/dist/config/descriptions.js';
import { INDICATORS } from '../packages/core/dist/index.js';

export const SCHEMA_PATH = fileURLToPath(new URL('../extension/schemas/jobsentinel.schema.json', import.meta.url));
export const SCHEMA_URL = 'https://github.com/jobsentinel/jobsentinel/blob/main/extension/schemas/jobsentinel.schema.json';

const described = (pointer, schema) => (CONFIG_DESCRIPTIONS[pointer] ? { description: CONFIG_DESCRIPTIONS[pointer], ...schema } : schema);
const orNull = (node, schema) => (node.nullable ? { ...schema, type: [schema.type, 'null'] } : schema);
const indicatorIds = INDICATORS.map((indicator) => indicator.id);

function toSchema(node, pointer) {
  switch (node.kind) {
    case 'enum':
      return described(pointer, { enum: [...node.values], ...(node.default !== undefined && { default: node.default }) });
    case 'string':
      return described(pointer, { type: 'string', minLength: 1, ...(node.pattern && { pattern: node.pattern.source }) });
    case 'boolean':
      return described(pointer, { type: 'boolean', ...(node.default !== undefined && { default: node.default }) });
    case 'strings':
      return described(pointer, orNull(node, { type: 'array', items: { type: 'string', minLength: 1, pattern: '\\S', ...(node.of === 'indicator' && { examples: indicatorIds }) } }));
    case 'list':
      return described(pointer, orNull(node, { type: 'array', items: toSchema(node.items, `${pointer}/*`) }));
    case 'byIndicator': {
      // Built-in ids are listed for completion, each with its title; custom ids only have to be kebab-case.
      const values = toSchema(node.values, `${pointer}/*`);
      const properties = Object.fromEntries(INDICATORS.map((indicator) => [indicator.id, { ...values, description: indicator.title }]));
      return described(pointer, orNull(node, { type: 'object', properties, propertyNames: { pattern: KEBAB_CASE.source }, additionalProperties: values }));
    }
    case 'mapping': {
      const properties = Object.fromEntries(Object.entries(node.keys).map(([key, child]) => [key, toSchema(child, `${pointer}/${key}`)]));
      return described(pointer, orNull(node, { type: 'object', properties, ...(node.required && { required: [...node.required] }), additionalProperties: false }));
    }
    default:
      throw new Error(`no JSON Schema for a config node of kind ${node.kind}`);
  }
}

export function configJsonSchema() {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: SCHEMA_URL, title: '.jobsentinel.yaml', ...toSchema(CONFIG_DEFINITION, '') };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = JSON.stringify(configJsonSchema(), null, 2) + '\n';
  if (process.argv.includes('--write')) {
    mkdirSync(fileURLToPath(new URL('.', `file://${SCHEMA_PATH}`)), { recursive: true });
    writeFileSync(SCHEMA_PATH, text);
    console.log(`wrote ${SCHEMA_PATH}`);
  } else process.stdout.write(text);
}
