// Bundles @jobsentinel/core (as a consumer sees it: through its package exports) into one ES module
// with js-yaml inside, the way a page, a worker or an edge function would ship it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Writes the bundle to `outfile` and returns the paths of the modules that went into it. */
export async function bundleCore(outfile, { entry = "export * from '@jobsentinel/core';", minify = false } = {}) {
  const result = await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'entry.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify,
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}
