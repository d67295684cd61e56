// Bundles @jobsentinel/core (as a consumer sees it: through its package exports) into one ES module
// with js-yaml inside, the way a page, a worker or an edge function would ship it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The README's entry for one file holding the manifest analysis and the audit-log scan (packages/core/README.md). */
export const MANIFESTS_AND_AUDIT = "export * from '@jobsentinel/core'; export * from '@jobsentinel/core/audit';";

/** Writes the bundle to `outfile` and returns the paths of the modules that went into it. */
export async function bundleCore(outfile, { entry = MANIFESTS_AND_AUDIT, minify = false } = {}) {
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
