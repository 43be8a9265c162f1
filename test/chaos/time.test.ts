// Scenario 7: items at 23:59:59.999 and 00:00:00.000 UTC, ingested and tagged by processes running
// with TZ=UTC and with TZ=America/Sao_Paulo: the aggregates are identical, and each edge item counts
// on its own UTC day.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Scenario } from './harness.js';
import { usePrivateServices } from './services.js';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const services = usePrivateServices();

/** Edge instants around midnight UTC, with and without a stated zone (no zone reads as UTC). */
function writeEdgeFile(): string {
  const rows = ['id,date,text,rating'];
  const instants = [
    '2026-03-01T23:59:59.999Z',
    '2026-03-02T00:00:00.000Z',
    '2026-03-01 23:59:59.999',
    '2026-03-02 00:00:00',
    '2026-03-01T20:59:59.999-03:00',
    '2026-03-01T21:00:00-03:00',
  ];
  for (let i = 0; i < 600; i++) {
    const texts = ['The courier was late again.', 'Checkout was smooth.', 'Billing charged me twice.'];
    rows.push(`e${i},${instants[i % instants.length]},${texts[i % texts.length]},${1 + (i % 5)}`);
  }
  const path = join(tmpdir(), `painmap-chaos-${process.pid}-edges.csv`);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

async function aggregatesUnder(tz: string, file: string) {
  const s = await Scenario.open(`time-${tz.toLowerCase().replace(/[^a-z]/g, '')}`, services, { TZ: tz });
  try {
    await s.pool.start(2);
    // The CLI ingest runs in the same zone as the workers, so parsing is covered too.
    await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', file, '--wait', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...s.env, LOG_LEVEL: 'silent' },
      timeout: 120_000,
    });
    const runIds = (await s.rt.db.selectFrom('ingest_runs').select('id').execute()).map((r) => r.id);
    expect(await s.settle(runIds)).toBe('done');
    const ids = Array.from({ length: 600 }, (_, i) => `e${i}`);
    const report = await s.report(ids, 'survey');
    expect(report).toMatchObject({ lost: 0, duplicated: 0, agg_diff_rows: 0, failed_jobs: 0 });
    const daily = await sql`
      select day::text as day, stage, touchpoint, source, segment::text as segment, mentions, negative,
             neutral, positive, items, round(sentiment_sum::numeric, 6)::text as sentiment
      from pain_point_daily order by 1, 2, 3, 4, 5`.execute(s.rt.db);
    const days = await sql<{ day: string; n: number }>`
      select received_day::text as day, count(*)::int as n from feedback_items group by 1 order by 1`.execute(
      s.rt.db,
    );
    return { daily: daily.rows, days: days.rows };
  } finally {
    await s.close();
  }
}

describe('time zones', () => {
  it('give identical aggregates under TZ=UTC and TZ=America/Sao_Paulo, edge items on their UTC day', async () => {
    const file = writeEdgeFile();
    const utc = await aggregatesUnder('UTC', file);
    const saoPaulo = await aggregatesUnder('America/Sao_Paulo', file);
    expect(utc.days).toEqual([
      { day: '2026-03-01', n: 300 },
      { day: '2026-03-02', n: 300 },
    ]);
    expect(saoPaulo.daily).toEqual(utc.daily);
    expect(saoPaulo.days).toEqual(utc.days);
    expect(utc.daily.length).toBeGreaterThan(0);
  });
});
