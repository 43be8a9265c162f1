// The analytics tests' shared fixture: an embedded (PGlite) worker runtime holding the demo data, ingested
// and tagged through the real pipeline, with no servers.
import { demoFiles } from '../../src/cli/demo.command.js';
import { loadConfig } from '../../src/config.js';
import { handleJob } from '../../src/pipeline/handlers.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import type { InProcessDispatcher } from '../../src/queue/dispatcher.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { silentLog } from './helpers.js';

/** A new embedded runtime with every demo file ingested and every job drained; the caller closes it. */
export async function demoRuntime(): Promise<Runtime> {
  const rt = await createRuntime(loadConfig({ LOG_LEVEL: 'silent' }), {
    role: 'worker',
    name: 'painmap-test',
    log: silentLog,
    embedded: true,
  });
  for (const path of demoFiles()) await ingestFile(rt, { path });
  await (rt.dispatcher as InProcessDispatcher).drain((request) => handleJob(rt, request));
  return rt;
}
