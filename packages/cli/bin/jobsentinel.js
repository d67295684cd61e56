#!/usr/bin/env node
// A committed shim so pnpm can link the bin before the first build. It runs the single-file bundle
// that `pnpm build` makes (scripts/bundle.mjs), which starts ~0.1 s sooner than the separate modules;
// but when a plain `tsc -b` (which does not bundle) compiled the CLI or the core after it, the bundle
// is stale and the compiled modules run instead.
import { statSync } from 'node:fs';

const modified = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
const bundled = modified('../dist/jobsentinel.bundle.js');
const compiled = Math.max(modified('../tsconfig.tsbuildinfo') ?? 0, modified('../../core/tsconfig.tsbuildinfo') ?? 0);
await import(bundled !== undefined && bundled >= compiled ? '../dist/jobsentinel.bundle.js' : '../dist/main.js');
