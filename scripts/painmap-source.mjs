// `npm run painmap` and `npm run demo`: the CLI from its TypeScript source (never a dist/ left by an
// older build), with the bin's default heap limit (bin/heap-limit.mjs) unless NODE_OPTIONS sets one.
import { runWithHeapLimit } from '../bin/heap-limit.mjs';

await runWithHeapLimit(async () => {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
});
