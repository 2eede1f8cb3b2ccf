#!/usr/bin/env node
// The published entry point: the CLI is compiled to dist/ by `npm run build` (run by `npm install` through `prepare`).
import '../dist/src/cli/main.js';
