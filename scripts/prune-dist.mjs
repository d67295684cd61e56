// Removes compiled files from dist/ whose source in src/ is gone. `tsc -b` never deletes outputs, so a
// module deleted from src/ lives on in dist/: it would ship in the package (`files: dist/**/*.js`) and
// fail the package test in every working copy built before the deletion. Run in a package folder.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const OUTPUT = /\.(?:d\.ts|js)(?:\.map)?$/;

function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      prune(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (OUTPUT.test(entry.name)) {
      const source = join('src', relative('dist', path)).replace(OUTPUT, '.ts');
      if (!existsSync(source)) rmSync(path);
    }
  }
}

if (existsSync('dist')) prune('dist');
