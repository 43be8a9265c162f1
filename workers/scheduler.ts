// Thin entry point: `node --import tsx workers/scheduler.ts` (or `painmap scheduler`) ticks the
// nightly schedule and enqueues pulls until SIGINT/SIGTERM. Run exactly one.

import { runScheduler } from '../src/cli/scheduler.command.js';
import { loadConfig } from '../src/config.js';

await runScheduler(loadConfig());
