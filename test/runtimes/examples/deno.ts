// Deno: analyse the files named on the command line; one JSON object per file on stdout.
// deno run --allow-read deno.ts jobs/*.yaml
import { analyseManifest } from './jobsentinel-core.js';

for (const file of Deno.args) {
  const result = analyseManifest(await Deno.readTextFile(file), file);
  console.log(JSON.stringify({ file, ...result }));
}
