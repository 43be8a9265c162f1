// `npm run bench:write`: the per-batch write (writeTaggedItems, 500 items a transaction) profiled
// statement by statement, beside the COPY floor for the same rows, in one run. Sizes and variants:
// BENCH_WRITE_ROWS (100,000); BENCH_WRITE_MENTIONS=copy writes mentions by COPY
// instead of the unnest statement (the default); BENCH_WRITE_EVIDENCE=empty writes every mention's evidence as [] (what the
// evidence costs); BENCH_WRITE_DROP_INDEXES=name1,name2 drops those indexes before the write (what an
// index costs the write: run with and without, interleaved); BENCH_WRITE_TABLES=plain writes into unpartitioned
// copies of the item tables (what the month partitions cost: bench/lib/plain-tables.ts);
// BENCH_WRITE_EXTRA_MONTHS=n creates n empty months before the data's year (a store that keeps years of
// history has that many partitions; the write's checks against them may grow with it). Results go to
// bench/results/write-profile-*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { FeedbackInput } from '../src/domain.js';
import { openExport } from '../src/ingest/index.js';
import { tagInputOf, toItemRow } from '../src/pipeline/item-rows.js';
import { findAggregateDrift } from '../src/storage/aggregates.repository.js';
import { type ItemRow, writeTaggedItems } from '../src/storage/items.repository.js';
import { ensureMonthPartitions } from '../src/storage/partitions.repository.js';
import { tagItem } from '../src/tagging/index.js';
import { type FloorTimes, measureCopyFloor } from './lib/copy-floor.js';
import { createBenchDb, findServices, writeSurveyCsv } from './lib/env.js';
import { movePlainRows, openPlainTables } from './lib/plain-tables.js';
import { CATEGORIES, timeStatements } from './lib/statement-timer.js';

const ROWS = Number(process.env.BENCH_WRITE_ROWS ?? 100_000);
const COPY = process.env.BENCH_WRITE_MENTIONS === 'copy';
const EMPTY_EVIDENCE = process.env.BENCH_WRITE_EVIDENCE === 'empty';
const DROP_INDEXES = (process.env.BENCH_WRITE_DROP_INDEXES ?? '').split(',').filter(Boolean);
const PLAIN = process.env.BENCH_WRITE_TABLES === 'plain';
const EXTRA_MONTHS = Number(process.env.BENCH_WRITE_EXTRA_MONTHS ?? 0);
const BATCH = 500;
const TARGET = 1.3;

async function taggedRows(runId: number): Promise<ItemRow[]> {
  const path = join(tmpdir(), `painmap-bench-write-${ROWS}.csv`);
  await writeSurveyCsv(path, ROWS);
  const items: FeedbackInput[] = [];
  const parsed = await openExport({ path }, {});
  for await (const event of parsed.events) if (event.kind === 'item') items.push(event.item);
  const rows = items.map((item) => toItemRow(item, tagItem(tagInputOf(item)), runId));
  if (EMPTY_EVIDENCE) for (const row of rows) for (const m of row.mentions) m.evidenceJson = '[]';
  return rows;
}

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const { adminUrl } = findServices();
const scratch = await createBenchDb(adminUrl);
// An index of a partitioned table drops with its partitions' indexes; a name that is none fails here.
for (const name of DROP_INDEXES) await sql`drop index ${sql.id(name)}`.execute(scratch.db);
const loadBefore = loadavg();
const run = await scratch.db
  .insertInto('ingest_runs')
  .values({ kind: 'file', source: 'bench', file_name: null, file_sha256: 'x' })
  .returning('id')
  .executeTakeFirstOrThrow();
const rows = await taggedRows(run.id);
const mentions = rows.reduce((n, r) => n + r.mentions.length, 0);
const evidenceBytes = rows.reduce((n, r) => n + r.mentions.reduce((k, m) => k + m.evidenceJson.length, 0), 0);
// The months exist before the write, as the pipeline ensures them before a batch's transaction (insertBatch):
// the write's own check is then a cache hit, as in production. Created through the public handle (a plain
// handle would create them in its own schema); the plain handle then finds them and caches them too.
const writeDb = PLAIN ? await openPlainTables(scratch.db, scratch.url) : scratch.db;
// The extra months end where the data's first month (2025-01) begins.
const extraDays = Array.from({ length: EXTRA_MONTHS }, (_, i) =>
  new Date(Date.UTC(2025, -1 - i, 1)).toISOString().slice(0, 10),
);
for (const db of new Set([scratch.db, writeDb]))
  await ensureMonthPartitions(db, [...extraDays, ...rows.map((r) => r.day)]);

const spent = timeStatements();
const t0 = performance.now();
for (let i = 0; i < rows.length; i += BATCH) {
  const batch = rows.slice(i, i + BATCH);
  await writeDb.transaction().execute((trx) => writeTaggedItems(trx, batch, { copy: COPY }));
}
const writeUs = (performance.now() - t0) * 1000;
// A snapshot: the checks and the floor below send statements too.
const byCategory = new Map([...spent].map(([c, v]) => [c, { ...v }]));
const statementsUs = CATEGORIES.reduce((s, c) => s + byCategory.get(c)!.us, 0);
if (PLAIN) {
  await writeDb.destroy();
  await movePlainRows(scratch.db);
}
const drift = await findAggregateDrift(scratch.db);
const floorLogged = await measureCopyFloor(scratch.url, rows, { unlogged: false });
const floorUnlogged = await measureCopyFloor(scratch.url, rows, { unlogged: true });
const loadAfter = loadavg();
await scratch.drop();

const per = (us: number) => us / rows.length;
const perOrNull = (us: number | null) => (us === null ? null : per(us));
const show = (us: number | null) => (us === null ? 'n/a' : fmt(us)).padStart(7);
const backendCpu = CATEGORIES.reduce<number | null>((s, c) => {
  const cpu = byCategory.get(c)!.backendCpuUs;
  return s === null || cpu === null ? null : s + cpu;
}, 0);
const floorOf = (f: FloorTimes) => per(f.itemsUs + f.mentionsUs);
const ratio = (a: number | null, b: number | null) =>
  a === null || b === null ? 'n/a' : `${fmt(a / b, 2)}×`;
console.log(
  `## Write profile: ${fmt(rows.length, 0)} items, ${fmt(mentions, 0)} mentions (evidence ${fmt(evidenceBytes / mentions, 0)} B a mention), batches of ${BATCH}; mentions by ${COPY ? 'COPY' : 'arrays (unnest)'}`,
);
console.log(
  `${PLAIN ? 'unpartitioned item tables; ' : ''}${EXTRA_MONTHS > 0 ? `${EXTRA_MONTHS} empty months before the data; ` : ''}${DROP_INDEXES.length > 0 ? `indexes dropped: ${DROP_INDEXES.join(', ')}; ` : ''}load average ${loadBefore.map((l) => fmt(l, 2)).join(' ')} → ${loadAfter.map((l) => fmt(l, 2)).join(' ')}`,
);
console.log('statement                  µs/item  Postgres CPU  statements');
for (const c of CATEGORIES) {
  const { us, backendCpuUs, statements } = byCategory.get(c)!;
  console.log(
    `${c.padEnd(26)} ${show(per(us))}  ${show(perOrNull(backendCpuUs)).padStart(12)}  ${statements}`,
  );
}
console.log(`${'client (JS, between)'.padEnd(26)} ${show(per(writeUs - statementsUs))}`);
console.log(
  `${'write, total'.padEnd(26)} ${show(per(writeUs))}  ${show(perOrNull(backendCpu)).padStart(12)}`,
);
for (const [name, f] of [
  ['COPY floor (logged)', floorLogged],
  ['COPY floor (unlogged)', floorUnlogged],
] as const) {
  console.log(
    `${name.padEnd(26)} ${show(floorOf(f))}  ${show(perOrNull(f.backendCpuUs)).padStart(12)}  (items ${fmt(per(f.itemsUs))}, mentions ${fmt(per(f.mentionsUs))} wall)`,
  );
  console.log(
    `  write/floor: ${fmt(per(writeUs) / floorOf(f), 2)}× wall, ${ratio(backendCpu, f.backendCpuUs)} Postgres CPU (target ≤ ${TARGET}×)`,
  );
}
console.log(`check: ${drift.length} aggregate rows differing from a recomputation`);

const result = {
  at: new Date().toISOString(),
  rows: rows.length,
  mentions,
  evidenceBytesPerMention: evidenceBytes / mentions,
  mentionsBy: COPY ? 'copy' : 'arrays',
  evidence: EMPTY_EVIDENCE ? 'empty' : 'full',
  droppedIndexes: DROP_INDEXES,
  tables: PLAIN ? 'plain' : 'partitioned',
  extraMonths: EXTRA_MONTHS,
  loadavg: { before: loadBefore, after: loadAfter },
  usPerItem: Object.fromEntries(CATEGORIES.map((c) => [c, per(byCategory.get(c)!.us)])),
  backendCpuUsPerItem: Object.fromEntries(
    CATEGORIES.map((c) => [c, perOrNull(byCategory.get(c)!.backendCpuUs)]),
  ),
  clientUsPerItem: per(writeUs - statementsUs),
  writeUsPerItem: per(writeUs),
  writeBackendCpuUsPerItem: perOrNull(backendCpu),
  floorLogged: { usPerItem: floorOf(floorLogged), backendCpuUsPerItem: perOrNull(floorLogged.backendCpuUs) },
  floorUnlogged: {
    usPerItem: floorOf(floorUnlogged),
    backendCpuUsPerItem: perOrNull(floorUnlogged.backendCpuUs),
  },
  aggDiffRows: drift.length,
};
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/write-profile-${result.at.replace(/[:.]/g, '-').slice(0, 19)}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`→ ${file}`);
process.exit(drift.length === 0 ? 0 : 1);
