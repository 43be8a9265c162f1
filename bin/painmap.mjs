#!/usr/bin/env node
// Runs the compiled CLI when built (npm run build), else the TypeScript source through tsx, with the
// default heap limit of heap-limit.mjs unless NODE_OPTIONS or node's command line sets one.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runWithHeapLimit } from './heap-limit.mjs';

await runWithHeapLimit(async () => {
  const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) {
    await import(compiled.href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../src/cli/main.ts', import.meta.url).href);
  }
});
