// Streams one file and prints its record count, peak RSS and time as JSON. Parse only by default;
// with DATABASE_URL and REDIS_URL set, the whole producer side of `painmap ingest` (parse, durable
// batches in Postgres, jobs enqueued): a child process, so the peak is its own.
import { getHeapStatistics } from 'node:v8';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { openExport } from '../../src/ingest/index.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { BullDispatcher } from '../../src/queue/dispatcher.js';
import { createDb } from '../../src/storage/db.js';

const path = process.argv[2]!;
const limits = { maxBytes: 8 * 1024 ** 3, maxRecords: 100_000_000 };
const t0 = performance.now();
let records = 0;
if (process.env.DATABASE_URL && process.env.REDIS_URL) {
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? 'benchingest',
    MAX_FILE_BYTES: String(limits.maxBytes),
    MAX_RECORDS: String(limits.maxRecords),
    LOG_LEVEL: 'silent',
  });
  const db = createDb(config.DATABASE_URL!, { poolSize: 2, applicationName: 'painmap-bench' });
  const connection = new Redis(config.REDIS_URL!, { maxRetriesPerRequest: null });
  const dispatcher = new BullDispatcher({ connection, prefix: config.QUEUE_PREFIX, debounceMs: 0 });
  const result = await ingestFile({ db, dispatcher, config }, { path });
  records = result.counts.records;
  await dispatcher.close();
  connection.disconnect();
  await db.destroy();
} else {
  const parsed = await openExport({ path }, limits);
  for await (const _event of parsed.events) records++;
}
const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024);
process.stdout.write(
  JSON.stringify({ records, maxRssMb, heapLimitMb, seconds: (performance.now() - t0) / 1000 }),
);
