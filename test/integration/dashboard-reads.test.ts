// The dashboard's reads at scale (issues 15 and 16), on generated items in a real Postgres: a cell's
// quotes walk feedback_mentions_cell_score_idx (migration 0021, on every month's partition) and the
// journey's clause pools walk feedback_mentions_strongest_idx per cell, with no sort of a cell's
// mentions (EXPLAIN); quotes, clause pools and reach equal what main's SQL returned (kept here as the
// reference), for periods, filters and pool sizes; reach and search's ranking run with JIT off, in
// their own transactions.
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFilter } from '../../src/aggregate/cell-days.query.js';
import { queryClauses, queryNegativeClauses } from '../../src/aggregate/clauses.query.js';
import { queryPeriodNegativeClauses } from '../../src/aggregate/period-clauses.query.js';
import type { Period } from '../../src/aggregate/periods.js';
import { queryReach, type ReachRow } from '../../src/aggregate/reach.query.js';
import { queryCellQuotes } from '../../src/api/cell-quotes.query.js';
import { searchItems } from '../../src/search/search-items.js';
import { createEmbeddedDb, type Db, type ReadDb, type ReadQueries } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ensureMonthPartitionsBetween, recordItemKeys } from '../../src/storage/partitions.repository.js';
import { createScratchDb, type ScratchDb } from './helpers.js';

const STAGES = ['awareness', 'purchase', 'fulfilment', 'support'];
const TOUCHPOINTS = ['website', 'checkout', 'delivery', 'live_chat', 'email'];
const ITEMS = 24_000;

/**
 * A year of items, each with three clauses: one in the item's cell, one elsewhere, and (every third
 * item) a second one in its own cell, so a cell holds several clauses of one item. Scores come in 41
 * values (many ties), customers repeat, a fifth of the items name none.
 */
async function seed(db: Db): Promise<void> {
  await ensureMonthPartitionsBetween(db, '2025-01-01', '2025-12-31');
  const stages = sql`${STAGES}::text[]`;
  const touchpoints = sql`${TOUCHPOINTS}::text[]`;
  await sql`
    insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text, segment,
      sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version, customer_id)
    select (array['survey','app-review','support-ticket'])[1 + i % 3], 'csv', 'g-' || i, 'h',
           ts, (ts at time zone 'UTC')::date, 'clause ' || i || ' first. clause ' || i || ' second. third ' || i,
           jsonb_build_object('plan', (array['free','plus','pro'])[1 + abs(hashint4(i)) % 3]),
           'neutral', 0, (${stages})[1 + i % 4], (${touchpoints})[1 + (i / 4) % 5], 't', 'g',
           case when i % 5 = 0 then null else 'c-' || (i % 3000) end
    from (select i, timestamptz '2025-01-01 00:00Z' + (i::double precision / ${ITEMS} * 364 * interval '1 day') as ts
          from generate_series(0, ${ITEMS - 1}) as i) g`.execute(db);
  await recordItemKeys(db);
  const score = (n: RawBuilder<unknown>) =>
    sql`round(((abs(hashint4((${n})::int)) % 41) - 20) / 20.0, 2)::real`;
  await sql`
    insert into feedback_mentions (item_id, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label,
      sentiment_score, received_day, evidence)
    select id, ordinal, start_offset, end_offset, stage, touchpoint,
           case when s < -0.2 then 'negative' when s > 0.2 then 'positive' else 'neutral' end, s, received_day,
           json_build_array(json_build_object('kind', 'stage', 'rule', 'r', 'match', 'w' || (id % 7), 'start', start_offset, 'end', end_offset))
    from (
      select id, 0 as ordinal, 0 as start_offset, 10 as end_offset, stage, touchpoint, ${score(sql`id`)} as s, received_day
      from feedback_items
      union all
      select id, 1, 12, 22, (${stages})[1 + (id + 1) % 4], (${touchpoints})[1 + (id / 3) % 5], ${score(sql`id + 7`)}, received_day
      from feedback_items
      union all
      select id, 2, 24, 30, stage, touchpoint, ${score(sql`id + 13`)}, received_day from feedback_items where id % 3 = 0
    ) m`.execute(db);
  await sql`analyze`.execute(db);
}

/** GET /v1/quotes' SQL before migration 0021: every mention of the cell, one per item by row_number, sorted. */
async function cellQuotesBefore(
  db: Db,
  cell: { stage: string; touchpoint: string },
  filter: CellFilter & { from?: string; to?: string },
  limit: number,
) {
  const result = await sql<Record<string, unknown>>`
    select source, external_id, day, label, score, start_offset, end_offset, text, evidence from (
      select i.source, i.external_id, i.received_day::text as day, m.sentiment_label as label,
             m.sentiment_score::float8 as score, m.start_offset, m.end_offset, i.text, m.evidence, i.id,
             row_number() over (partition by i.id order by m.sentiment_score, m.ordinal) as n
      from feedback_mentions m join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
      where m.stage = ${cell.stage} and m.touchpoint = ${cell.touchpoint}
        ${filter.from ? sql`and i.received_day >= ${filter.from}::date and m.received_day >= ${filter.from}::date` : sql``}
        ${filter.to ? sql`and i.received_day <= ${filter.to}::date and m.received_day <= ${filter.to}::date` : sql``}
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment && Object.keys(filter.segment).length > 0 ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    ) per_item
    where n = 1
    order by score, day desc, id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({
    source: r.source,
    externalId: r.external_id,
    day: r.day,
    sentiment: { label: r.label, score: r.score },
    quote: String(r.text).slice(Number(r.start_offset), Number(r.end_offset)),
  }));
}

/** The clause pools' SQL before: the cell's mentions joined to their items, then ordered and cut. */
async function clausesBefore(
  db: Db,
  cells: ReadonlyArray<{ stage: string; touchpoint: string }>,
  period: Period,
  filter: CellFilter,
  options: { label: 'negative' | 'positive'; perCell: number },
) {
  const strength = sql`(case when m.sentiment_label = 'positive' then -m.sentiment_score else m.sentiment_score end)`;
  const result = await sql<Record<string, unknown>>`
    select c.stage, c.touchpoint, m.source, m.external_id, m.day, m.text, m.start_offset, m.end_offset,
           m.score, m.evidence
    from unnest(${cells.map((c) => c.stage)}::text[], ${cells.map((c) => c.touchpoint)}::text[])
      as c(stage, touchpoint)
    cross join lateral (
      select i.source, i.external_id, m.received_day::text as day, i.text, m.start_offset, m.end_offset,
             m.sentiment_score::float8 as score, m.evidence, ${strength} as strength, m.received_day,
             m.item_id, m.ordinal
      from feedback_mentions m join feedback_items i on i.id = m.item_id and i.received_day = m.received_day
      where m.stage = c.stage and m.touchpoint = c.touchpoint and m.sentiment_label = ${sql.lit(options.label)}
        and m.received_day between ${period.from}::date and ${period.to}::date
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
      order by ${strength}, m.received_day desc, m.item_id, m.ordinal
      limit ${options.perCell}
    ) m
    order by c.stage, c.touchpoint, m.strength, m.received_day desc, m.item_id, m.ordinal`.execute(db);
  return result.rows.map(({ text, start_offset, end_offset, ...row }) => ({
    ...row,
    clause: String(text).slice(Number(start_offset), Number(end_offset)),
  }));
}

/** Reach's SQL before: the period's items, each one's negative mentions looked up by its own day only. */
async function reachBefore(db: Db, period: Period, filter: CellFilter): Promise<ReachRow[]> {
  const result = await sql<ReachRow>`
    with scoped as (
      select i.id, i.received_day, i.customer_id from feedback_items i
      where i.received_day between ${period.from}::date and ${period.to}::date
        ${filter.source ? sql`and i.source = ${filter.source}` : sql``}
        ${filter.segment ? sql`and i.segment @> ${JSON.stringify(filter.segment)}::jsonb` : sql``}
    )
    select m.stage, m.touchpoint, count(distinct s.customer_id)::int as customers,
           count(distinct s.id) filter (where s.customer_id is null)::int as anonymous_items,
           (select count(distinct customer_id) from scoped)::int as period_customers
    from scoped s cross join lateral (
      select m.stage, m.touchpoint from feedback_mentions m
      where m.item_id = s.id and m.received_day = s.received_day and m.sentiment_label = 'negative'
      offset 0
    ) m
    group by m.stage, m.touchpoint`.execute(db);
  return result.rows;
}

/** A read handle that EXPLAINs each query (but `set`) instead of running it (its rows come back empty), keeping the plans. */
function explaining(db: Db, plans: string[]): ReadQueries {
  const executor = db.getExecutor();
  const wrapped = {
    compileQuery: executor.compileQuery.bind(executor),
    transformQuery: executor.transformQuery.bind(executor),
    withPlugins: () => wrapped,
    async executeQuery(query: CompiledQuery) {
      if (/^\s*set /.test(query.sql)) return executor.executeQuery(query); // reach's `set local jit`
      const explained = await executor.executeQuery<{ 'QUERY PLAN': string }>({
        ...query,
        sql: `explain (costs off) ${query.sql}`,
      });
      plans.push(explained.rows.map((r) => r['QUERY PLAN']).join('\n'));
      return { rows: [] };
    },
  };
  return { getExecutor: () => wrapped } as unknown as ReadQueries;
}

/** The plan's Sort nodes (not Merge Append's sort keys). */
const sortNodes = (plan: string) =>
  plan.split('\n').filter((line) => /^\s*(->\s+)?(Incremental )?Sort(\s\s|$)/.test(line));

const CELL = { stage: 'fulfilment', touchpoint: 'delivery' };
const PERIODS: Array<[string, Period]> = [
  ['a week', { from: '2025-12-22', to: '2025-12-28' }],
  ['thirteen weeks', { from: '2025-09-29', to: '2025-12-28' }],
  ['days across months', { from: '2025-04-20', to: '2025-05-09' }],
];
const FILTERS: Array<[string, CellFilter]> = [
  ['no filter', {}],
  ['a segment', { segment: { plan: 'pro' } }],
  ['a source and a segment', { source: 'survey', segment: { plan: 'free' } }],
];

let scratch: ScratchDb;
let db: Db;
beforeAll(async () => {
  scratch = await createScratchDb(2);
  db = scratch.db;
  await migrateToLatest(db);
  await seed(db);
}, 120_000);
afterAll(async () => scratch?.drop());

describe('migration 0021', () => {
  it('gives every month’s partition the cell-score index, and its down drops it', async () => {
    const indexed = async () =>
      (
        await sql<{ partitions: number; indexed: number }>`
          select count(*)::int as partitions,
                 count(*) filter (where exists (
                   select 1 from pg_index x join pg_class ic on ic.oid = x.indexrelid
                   where x.indrelid = c.oid
                     and pg_get_indexdef(ic.oid) like '%(stage, touchpoint, sentiment_score, received_day DESC, item_id, ordinal)'
                 ))::int as indexed
          from pg_inherits h join pg_class c on c.oid = h.inhrelid
          where h.inhparent = 'feedback_mentions'::regclass`.execute(db)
      ).rows[0]!;
    expect(await indexed()).toEqual({ partitions: 12, indexed: 12 });
    expect((await scratch.migrator.migrateTo('0020_views_join_on_day')).error).toBeUndefined();
    expect((await indexed()).indexed).toBe(0);
    await migrateToLatest(db);
    expect(await indexed()).toEqual({ partitions: 12, indexed: 12 });
  });
});

describe('a cell’s quotes', () => {
  it('are the cell-score index’s first rows, with no sort of the cell’s mentions', async () => {
    const plans: string[] = [];
    await queryCellQuotes(explaining(db, plans), CELL, { to: '2025-12-28' }, 5);
    await queryCellQuotes(
      explaining(db, plans),
      CELL,
      { from: '2025-09-29', to: '2025-12-28', source: 'survey' },
      5,
    );
    for (const plan of plans) {
      expect(plan).toMatch(/Index Scan using feedback_mentions_p\d{6}_stage_touchpoint_sentiment_score_+idx/);
      expect(plan).toContain('Merge Append');
      expect(sortNodes(plan)).toEqual([]);
    }
  });

  it('equal what the sorted query returned, for periods, filters and limits', async () => {
    let compared = 0;
    for (const [, period] of [...PERIODS, ['all time', {}] as const]) {
      for (const [, filter] of FILTERS) {
        for (const limit of [1, 5, 50]) {
          for (const cell of [CELL, { stage: 'support', touchpoint: 'email' }]) {
            const stored = await queryCellQuotes(db, cell, { ...period, ...filter }, limit);
            const before = await cellQuotesBefore(db, cell, { ...period, ...filter }, limit);
            expect(stored.map(({ highlights: _, ...q }) => q)).toEqual(before);
            compared += before.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('the journey’s clause pools', () => {
  const cells = STAGES.flatMap((stage) => TOUCHPOINTS.map((touchpoint) => ({ stage, touchpoint })));

  it('walk each cell’s strongest clauses in index order and stop at the pool size', async () => {
    for (const label of ['negative', 'positive'] as const) {
      const plans: string[] = [];
      await queryClauses(explaining(db, plans), cells, PERIODS[1]![1], {}, { label, perCell: 50 });
      const [plan] = plans;
      expect(plan).toMatch(/Limit\n\s+->\s+Nested Loop/);
      expect(plan).toMatch(/Index Scan using feedback_mentions_p\d{6}_stage_touchpoint_sentiment_label_+idx/);
      // The one sort left orders the output by cell; none sorts a cell's mentions.
      expect(sortNodes(plan!)).toEqual([expect.stringMatching(/^Sort/)]);
    }
  });

  it('equal what the joined query returned, for both labels, periods, filters and pool sizes', async () => {
    let compared = 0;
    for (const [, period] of PERIODS) {
      for (const [, filter] of FILTERS) {
        for (const options of [
          { label: 'negative', perCell: 50 },
          { label: 'positive', perCell: 50 },
          { label: 'negative', perCell: 2 },
        ] as const) {
          const stored = await queryClauses(db, cells, period, filter, options);
          expect(stored).toEqual(await clausesBefore(db, cells, period, filter, options));
          compared += stored.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it('leave out the evidence of cells asked for without it', async () => {
    const [withEvidence, without] = [true, false].map((evidence) => ({ ...CELL, evidence }));
    const rows = await queryClauses(
      db,
      [withEvidence!, { ...without!, stage: 'support' }],
      PERIODS[0]![1],
      {},
      {
        label: 'negative',
        perCell: 5,
      },
    );
    expect(
      rows
        .filter((r) => r.stage === 'fulfilment')
        .every((r) => Array.isArray(r.evidence) && r.evidence.length === 1),
    ).toBe(true);
    expect(rows.filter((r) => r.stage === 'support').map((r) => r.evidence)).toEqual(Array(5).fill([]));
  });
});

describe('the pain points’ clause pools, in one pass', () => {
  const cells = STAGES.flatMap((stage, s) =>
    TOUCHPOINTS.map((touchpoint, t) => ({ stage, touchpoint, evidence: (s + t) % 3 !== 0 })),
  );

  it('read the period’s negative mentions once and cut them per cell, with no walk per cell', async () => {
    const plans: string[] = [];
    await queryPeriodNegativeClauses(explaining(db, plans), cells, PERIODS[0]![1], {}, 50);
    expect(plans[0]).toContain('WindowAgg');
    expect(plans[0]).not.toMatch(/Limit/);
  });

  it('equal the per-cell walks and the joined query, for periods, filters, pool sizes and evidence', async () => {
    let compared = 0;
    let capped = 0;
    for (const [, period] of PERIODS) {
      for (const [, filter] of FILTERS) {
        for (const perCell of [200, 50, 2]) {
          const rows = await queryPeriodNegativeClauses(db, cells, period, filter, perCell);
          expect(rows).toEqual(await queryNegativeClauses(db, cells, period, filter, perCell));
          const everyEvidence = cells.map((c) => ({ ...c, evidence: true }));
          expect(await queryPeriodNegativeClauses(db, everyEvidence, period, filter, perCell)).toEqual(
            await clausesBefore(db, cells, period, filter, { label: 'negative', perCell }),
          );
          compared += rows.length;
          const counts = new Map<string, number>();
          for (const r of rows)
            counts.set(`${r.stage}/${r.touchpoint}`, (counts.get(`${r.stage}/${r.touchpoint}`) ?? 0) + 1);
          capped += [...counts.values()].filter((n) => n === perCell).length;
        }
      }
    }
    expect(compared).toBeGreaterThan(3000);
    expect(capped).toBeGreaterThan(20);
  });

  it('return nothing for no cells', async () => {
    expect(await queryPeriodNegativeClauses(db, [], PERIODS[0]![1])).toEqual([]);
  });
});

describe('reach', () => {
  const sorted = (rows: ReachRow[]) =>
    [...rows].sort((a, b) => `${a.stage}/${a.touchpoint}`.localeCompare(`${b.stage}/${b.touchpoint}`));

  it('equals what the query without the period’s days returned', async () => {
    for (const [, period] of PERIODS) {
      for (const [, filter] of FILTERS) {
        const rows = sorted(await queryReach(db, period, filter));
        expect(rows).toEqual(sorted(await reachBefore(db, period, filter)));
        expect(rows.length).toBeGreaterThan(5);
      }
    }
  });

  it('reads the period’s negative mentions by day from their index once, with no probe per item', async () => {
    const plans: string[] = [];
    const explainingDb = {
      transaction: () => ({
        execute: <T>(callback: (trx: ReadQueries) => Promise<T>) =>
          db.transaction().execute((trx) => callback(explaining(trx, plans))),
      }),
    } as unknown as ReadDb;
    await queryReach(explainingDb, PERIODS[1]![1], {});
    const plan = plans.find((p) => p.includes('feedback_mentions'));
    expect(plan).toMatch(/Scan (using|on) feedback_mentions_p\d{6}_received_day_item_id_stage_touchp_idx/);
    expect(plan).not.toMatch(/Index Cond: .*item_id = /);
  });

  it('runs with JIT off inside its own transaction, and leaves the session’s setting alone', async () => {
    const seen: string[] = [];
    const watching = {
      transaction: () => ({
        setIsolationLevel: () => watching.transaction(),
        execute: <T>(callback: (trx: ReadQueries) => Promise<T>) =>
          db.transaction().execute(async (trx) => {
            const result = await callback(trx);
            seen.push((await sql<{ jit: string }>`show jit`.execute(trx)).rows[0]!.jit);
            return result;
          }),
      }),
    } as unknown as ReadDb;
    await queryReach(watching, PERIODS[0]![1], {});
    expect(seen).toEqual(['off']);
    expect((await sql<{ jit: string }>`show jit`.execute(db)).rows[0]!.jit).toBe('on');
  });
});

/**
 * A read handle that records, for every statement it runs (in or out of a transaction), the `jit`
 * setting of the connection that runs it, read there just before.
 */
function watchingJit(db: Db, seen: Array<{ sql: string; jit: string }>): ReadDb {
  const watch = (queries: ReadQueries): ReadQueries => {
    const executor = queries.getExecutor();
    const wrapped = {
      compileQuery: executor.compileQuery.bind(executor),
      transformQuery: executor.transformQuery.bind(executor),
      withPlugins: () => wrapped,
      async executeQuery(query: CompiledQuery) {
        const setting = await executor.executeQuery<{ jit: string }>(
          CompiledQuery.raw(`select current_setting('jit') as jit`),
        );
        seen.push({ sql: query.sql, jit: setting.rows[0]!.jit });
        return executor.executeQuery(query);
      },
    };
    return { getExecutor: () => wrapped } as unknown as ReadQueries;
  };
  const transaction = () => ({
    setIsolationLevel: () => transaction(),
    execute: <T>(callback: (trx: ReadQueries) => Promise<T>) =>
      db.transaction().execute((trx) => callback(watch(trx))),
  });
  return { ...watch(db), transaction } as unknown as ReadDb;
}

describe('search', () => {
  it('ranks with JIT off inside its own transaction, and leaves the session’s setting alone', async () => {
    const seen: Array<{ sql: string; jit: string }> = [];
    const report = await searchItems(watchingJit(db, seen), { q: 'clause first', pageSize: 5 });
    expect(report.results).toHaveLength(5);
    const ranking = seen.filter((s) => s.sql.includes('ts_rank_cd'));
    expect(ranking.map((s) => s.jit)).toEqual(['off']);
    // The statements before it (parsing the words, the planner's estimate) keep the session's JIT.
    expect(
      seen.filter((s) => !s.sql.includes('ts_rank_cd') && !/^\s*set /.test(s.sql)).map((s) => s.jit),
    ).toContain('on');
    expect((await sql<{ jit: string }>`show jit`.execute(db)).rows[0]!.jit).toBe('on');
  });

  it('ranks on the embedded database too (PGlite, built without LLVM, accepts `set local jit = off`)', async () => {
    const embedded = await createEmbeddedDb();
    try {
      await migrateToLatest(embedded);
      await ensureMonthPartitionsBetween(embedded, '2025-06-01', '2025-06-30');
      await sql`
        insert into feedback_items (source, format, external_id, content_hash, received_at, received_day, text,
          sentiment_label, sentiment_score, stage, touchpoint, taxonomy_version, tagger_version)
        select 'survey', 'csv', 'e-' || i, 'h', timestamptz '2025-06-01 00:00Z' + i * interval '1 day',
               date '2025-06-01' + i, (array['late delivery again', 'login failed', 'delivery was late, very late'])[i],
               'neutral', 0, 'fulfilment', 'delivery', 't', 'g'
        from generate_series(1, 3) as i`.execute(embedded);
      const seen: Array<{ sql: string; jit: string }> = [];
      const report = await searchItems(watchingJit(embedded, seen), { q: 'late delivery' });
      expect(report.results.map((r) => r.externalId)).toEqual(['e-1', 'e-3']);
      expect(seen.filter((s) => s.sql.includes('ts_rank_cd')).map((s) => s.jit)).toEqual(['off']);
    } finally {
      await embedded.destroy();
    }
  });
});
