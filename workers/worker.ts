// Thin entry point: `node --import tsx workers/worker.ts` (or `painmap worker`) runs every queue's
// workers and the reconciler in this process until SIGINT/SIGTERM.

import { runWorker } from '../src/cli/worker.command.js';
import { loadConfig } from '../src/config.js';

await runWorker(loadConfig(), { once: process.argv.includes('--once') });
