#!/usr/bin/env node
// A committed shim so pnpm can link the bin before the first build. It loads the single-file bundle
// that `pnpm build` makes (scripts/bundle.mjs): far quicker to start than the separate modules.
import '../dist/jobsentinel.bundle.js';
