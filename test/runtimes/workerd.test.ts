// Cloudflare's workerd (through miniflare): the edge-function example answers with Node's findings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { analyseManifest } from '@jobsentinel/core';
import { collectAuditLog } from '@jobsentinel/core/audit';
import { AUDIT_CASES, MANIFEST_CASES, auditResult, comparable } from './cases.mjs';
import { exampleSite } from './example-site.mjs';

describe('the core in workerd (edge function)', { timeout: 300_000 }, () => {
  let site: Awaited<ReturnType<typeof exampleSite>>;
  let worker: Miniflare;

  before(async () => {
    site = await exampleSite();
    worker = new Miniflare({
      modules: true,
      scriptPath: join(site.dir, 'edge.mjs'),
      modulesRoot: site.dir,
      // The example imports the bundle as `.js`; workerd treats it as an ES module, as Wrangler would.
      modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }],
      compatibilityDate: '2025-04-01',
    });
    await worker.ready;
  });

  after(async () => {
    await worker?.dispose();
    await site?.remove();
  });

  async function analyseAtTheEdge(fileName: string, text: string): Promise<unknown> {
    const response = await worker.dispatchFetch(`http://edge.test/?file=${encodeURIComponent(fileName)}`, { method: 'POST', body: text });
    assert.equal(response.status, 200, await response.clone().text());
    return response.json();
  }

  test('the edge function answers a GET with how to use it', async () => {
    const response = await worker.dispatchFetch('http://edge.test/');
    assert.equal(response.status, 405);
    assert.match(await response.text(), /POST a manifest/);
  });

  for (const testCase of AUDIT_CASES) {
    test(`workerd gives Node's audit-log result: ${testCase.name}`, async () => {
      const expected = auditResult(await collectAuditLog(new Blob([testCase.bytes]).stream(), { source: testCase.fileName }));
      const response = await worker.dispatchFetch(`http://edge.test/audit?file=${encodeURIComponent(testCase.fileName)}`, { method: 'POST', body: testCase.bytes });
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(await response.json(), expected);
    });
  }

  for (const testCase of MANIFEST_CASES) {
    test(`workerd gives Node's result: ${testCase.name}`, async () => {
      const expected = comparable(analyseManifest(testCase.text, testCase.fileName));
      assert.deepEqual(await analyseAtTheEdge(testCase.fileName, testCase.text), expected);
    });
  }
});
