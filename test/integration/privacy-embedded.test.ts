// Erasure and retention in the embedded mode (PGlite, in-process queue): the same functions and SQL
// as on Postgres, through `painmap forget --embedded` and `painmap retention run --embedded` on the
// data folder of `painmap serve --embedded`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptItems } from '../../src/api/accept-items.js';
import { loadConfig } from '../../src/config.js';
import { handleJob } from '../../src/pipeline/handlers.js';
import { retentionCutoff } from '../../src/pipeline/retention.js';
import type { InProcessDispatcher } from '../../src/queue/dispatcher.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { countAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { everyRowAsText } from './helpers.js';
import { cliEnv, runCli } from './privacy-fixtures.js';

const DAY = 86_400_000;
const TEXTS = [
  'Pangolin the parcel arrived late and the box was crushed.',
  'Pangolin checkout failed and I was charged twice.',
  'The app crashes every time I open my basket.',
  'Nobody answers the phone at support.',
];
const cutoff = retentionCutoff(new Date(), 12);
const opened: Runtime[] = [];

afterAll(async () => {
  for (const rt of opened) await rt.close();
});

/** An embedded runtime holding 18 months of items; `cust-pangolin` wrote the "Pangolin" ones. */
async function embeddedWithData(dataDir?: string): Promise<Runtime> {
  const rt = await createRuntime(loadConfig({ LOG_LEVEL: 'silent' }), {
    role: 'worker',
    name: 'painmap-test',
    embedded: true,
    ...(dataDir ? { dataDir } : {}),
  });
  opened.push(rt);
  const items = Array.from({ length: 40 }, (_, i) => ({
    id: `e-${i}`,
    receivedAt: new Date(Date.now() - (540 - i * 13) * DAY).toISOString(),
    customerId: TEXTS[i % TEXTS.length]!.startsWith('Pangolin') ? 'cust-pangolin' : `cust-${i}`,
    text: TEXTS[i % TEXTS.length]!,
  }));
  const accepted = await acceptItems(rt, { source: 'embedded-shop', items });
  await rt.dispatcher.dispatch(accepted.jobs);
  await (rt.dispatcher as InProcessDispatcher).drain((request) => handleJob(rt, request));
  return rt;
}

const count = async (rt: Runtime, where: ReturnType<typeof sql>) =>
  (await sql<{ n: number }>`select count(*)::int as n from feedback_items where ${where}`.execute(rt.db))
    .rows[0]!.n;

describe('privacy in the embedded mode (PGlite)', () => {
  it('painmap forget --embedded and retention run --embedded erase and purge a data folder, keeping the aggregates true', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'painmap-privacy-')), 'data');
    const setup = await embeddedWithData(dataDir);
    expect(await count(setup, sql`customer_id = 'cust-pangolin'`)).toBe(20);
    const old = await count(setup, sql`received_day < ${cutoff}::date and customer_id <> 'cust-pangolin'`);
    await setup.close();
    opened.splice(opened.indexOf(setup), 1);
    const env = cliEnv({ PAINMAP_DATA_DIR: dataDir });

    const erased = await runCli(['forget', '--embedded', '--customer', 'cust-pangolin', '--json'], env);
    expect(erased.stderr).toBe('');
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ matched: true, counts: { items: 20 }, drift: 0 });
    const purged = await runCli(['retention', 'run', '--embedded', '--months', '12', '--json'], env);
    expect(purged.code).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ cutoffDay: cutoff, counts: { items: old }, drift: 0 });

    const reopened = await createRuntime(loadConfig({ LOG_LEVEL: 'silent' }), {
      role: 'worker',
      name: 'painmap-test',
      embedded: true,
      dataDir,
    });
    opened.push(reopened);
    expect(await count(reopened, sql`customer_id = 'cust-pangolin' or received_day < ${cutoff}::date`)).toBe(
      0,
    );
    expect(await count(reopened, sql`true`)).toBeGreaterThan(0);
    expect(await everyRowAsText(reopened.db)).not.toContain('Pangolin');
    expect(await countAggregateDrift(reopened.db)).toBe(0);
    const audits = await sql<{ action: string }>`select action from privacy_audit order by id`.execute(
      reopened.db,
    );
    expect(audits.rows.map((r) => r.action)).toEqual(['forget', 'retention']);
  }, 300_000);
});
