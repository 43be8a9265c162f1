// Thin entry point (the same as `painmap scheduler`): the nightly ticks. Run exactly one.
import { loadConfig } from '../src/config.js';
import { runScheduler } from '../src/processes/run-scheduler.js';

await runScheduler(loadConfig());
