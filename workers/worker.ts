// Thin entry point (the same as `painmap worker [--once]`): every queue's workers and the reconciler.
import { loadConfig } from '../src/config.js';
import { runWorkers } from '../src/processes/run-workers.js';

await runWorkers(loadConfig(), { once: process.argv.includes('--once') });
