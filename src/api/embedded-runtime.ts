// The API runtime of the zero-setup mode: PGlite (in memory, or in a folder that survives restarts)
// and a queue that runs jobs in this process. One process, one machine: PGlite takes one client.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { ApiToken, Config } from '../config.js';
import type { Logger } from '../logger.js';
import { handleJob } from '../pipeline/handlers.js';
import { reconcile } from '../pipeline/reconcile.js';
import { loadTagger } from '../pipeline/tagger.js';
import { BackgroundDispatcher } from '../queue/dispatcher.js';
import { lockDataDir } from '../storage/data-dir-lock.js';
import { createEmbeddedDb, type Db } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import type { ApiRuntime } from './runtime.js';

export interface EmbeddedApiRuntime extends ApiRuntime {
  dispatcher: BackgroundDispatcher;
}

/**
 * Serves an existing embedded database (the demo's): jobs from uploads run in the background.
 * Anything a stopped process left unfinished is enqueued again first (the reconciler's sweep).
 */
export async function serveEmbeddedDb(
  config: Config,
  log: Logger,
  db: Db,
  closeDb: () => Promise<void>,
): Promise<EmbeddedApiRuntime> {
  const dispatcher = new BackgroundDispatcher((error) =>
    log.error(
      { err: { message: (error as Error).message } },
      'embedded job failed; it runs again at the next start',
    ),
  );
  const deps = { config, db, log, dispatcher, tag: loadTagger(config.PAINMAP_TAXONOMY) };
  dispatcher.start((request) => handleJob(deps, request));
  await reconcile(deps, { staleAfterMs: 0 });
  return {
    config,
    db,
    readDb: db,
    log,
    redis: null,
    dispatcher,
    close: async () => {
      await dispatcher.close();
      await closeDb();
    },
  };
}

/** `painmap serve --embedded`: the database in `dataDir` (created if missing, locked), migrated. */
export async function createEmbeddedApiRuntime(
  config: Config,
  log: Logger,
  dataDir: string,
): Promise<EmbeddedApiRuntime> {
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  try {
    const db = await createEmbeddedDb(dataDir);
    await migrateToLatest(db);
    return await serveEmbeddedDb(config, log, db, async () => {
      await db.destroy();
      unlock();
    });
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * A token made for this process only (never stored, never logged): the printed dashboard URL carries
 * it in its fragment, which browsers send to no server; the dashboard moves it to sessionStorage.
 */
export function createSessionToken(): ApiToken {
  return { name: 'local-session', kind: 'ingest', token: randomBytes(24).toString('hex') };
}
