#!/usr/bin/env node
// Committed shim so pnpm can link the bin before the first build; the server itself is in dist/.
import '../dist/node.js';
