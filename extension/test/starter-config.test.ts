// The starter .jobsentinel.yaml of "JobSentinel: Create Config File": as written it changes nothing,
// and every commented-out setting in it is valid once uncommented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig } from '@jobsentinel/core';
import { STARTER_CONFIG } from '../src/common/starter-config.ts';

test('the starter config, as written, is valid and leaves every default in place', () => {
  const { config, errors } = parseConfig(STARTER_CONFIG, '.jobsentinel.yaml');
  assert.deepEqual(errors, []);
  assert.deepEqual(config, DEFAULT_CONFIG);
});

test('every example in the starter config is valid once uncommented', () => {
  // Commented-out YAML starts with a lower-case key or a list item; the prose comments do not.
  const uncommented = STARTER_CONFIG.split('\n')
    .map((line) => line.replace(/^# (?=\s*(?:[a-z][a-z-]*:|- ))/, ''))
    .join('\n');
  const { config, errors } = parseConfig(uncommented, '.jobsentinel.yaml');
  assert.deepEqual(errors, []);
  assert.equal(config.ignore.length, 2);
  assert.equal(config.severity['host-network'], 'off');
  assert.deepEqual(config.custom.patterns.map((pattern) => pattern.id), ['crypto-miner']);
});
