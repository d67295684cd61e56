// A throw-away folder holding the README's examples next to the bundled core, as a user would deploy them.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCore } from './bundle.mjs';

const examples = fileURLToPath(new URL('./examples/', import.meta.url));

export async function exampleSite() {
  const dir = await mkdtemp(join(tmpdir(), 'jobsentinel-site-'));
  // As the README's esbuild command makes it: one minified ES module, platform neutral.
  await bundleCore(join(dir, 'jobsentinel-core.js'), { minify: true });
  for (const name of await readdir(examples)) await copyFile(join(examples, name), join(dir, name));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
