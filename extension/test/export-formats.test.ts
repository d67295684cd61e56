import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMATTERS } from '@jobsentinel/core/formats';
import { exportFormats } from '../src/common/export-formats.ts';

test('"Export Findings" offers every format of the core table for manifests, and each with an audit report for a log', () => {
  assert.deepEqual(exportFormats('manifests').map((format) => format.name), FORMATTERS.map((format) => format.name));
  assert.deepEqual(exportFormats('audit').map((format) => format.name), FORMATTERS.filter((format) => format.audit).map((format) => format.name));
  assert.ok(exportFormats('audit').length > 0);
});
