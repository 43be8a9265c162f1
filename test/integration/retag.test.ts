// Re-tagging stored items with a changed taxonomy: items ingested through the real queues, then
// `painmap taxonomy diff` and `painmap retag` (in-process and as the CLI) against real Postgres.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingScale } from '../../src/domain.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { contentHash } from '../../src/pipeline/item-rows.js';
import { retagItems } from '../../src/pipeline/retag.js';
import { toFeedbackInput } from '../../src/pipeline/stored-item.js';
import { loadVersionedTagger } from '../../src/pipeline/tagger.js';
import { diffTaxonomies } from '../../src/pipeline/taxonomy-diff.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { listItemIdsAfter, readStoredItems } from '../../src/storage/retag.repository.js';
import defaultTaxonomy from '../../src/tagging/taxonomy/default-taxonomy.json' with { type: 'json' };
import type { TagInput } from '../../src/tagging/types.js';
import {
  closeTestRuntime,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
} from './helpers.js';

const DEFAULT_VERSION = defaultTaxonomy.version;

const EXPORTS = readdirSync('fixtures/exports').map((f) => join('fixtures/exports', f));
const DEMO = ['fixtures/demo/support-tickets.csv', 'fixtures/demo/app-reviews.csv'];
const SINCE = '2026-05-01';

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let dir: string;
let movedFile: string;
let brokenFile: string;

/** The default taxonomy with "courier" and "parcel" moved from delivery to store, version bumped. */
function writeMovedTaxonomy(path: string): void {
  const taxonomy = JSON.parse(readFileSync('src/tagging/taxonomy/default-taxonomy.json', 'utf8'));
  taxonomy.version = 'test-moved-1';
  const rule = taxonomy.touchpoints.delivery.rules[0];
  rule.match = rule.match.filter((m: string) => m !== 'courier' && m !== 'parcel');
  taxonomy.touchpoints.store.rules.push({ id: 'parcel', match: ['courier', 'parcel'], weight: 3 });
  writeFileSync(path, JSON.stringify(taxonomy, null, 2));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'painmap-retag-'));
  movedFile = join(dir, 'moved.json');
  writeMovedTaxonomy(movedFile);
  brokenFile = join(dir, 'broken.json');
  writeFileSync(brokenFile, '{\n  "version": "x",\n  "stages": {},\n  "touchpoints": { "nowhere": {} }\n}\n');
  t = await createTestDb();
  rt = await createRuntime(testConfig({}, t.url), { role: 'worker', name: 'painmap-test', log: silentLog });
  workers = startTestWorkers(rt);
  const runs = [];
  for (const path of [...EXPORTS, ...DEMO]) runs.push(await ingestFile(rt, { path, options: {} }));
  runs.push(
    await ingestFile(rt, {
      path: 'fixtures/surveys/nps-march.csv',
      options: { columns: { ratingScale: 'nps' } },
    }),
  );
  // The trimmed SurveyMonkey export has no date column: rejected whole until --received-at is given.
  expect(runs.filter((r) => r.state !== 'queued').map((r) => r.error?.code)).toEqual(['missing_date']);
  await waitForRuns(
    rt,
    runs.map((r) => r.runId),
    { timeoutMs: 120_000 },
  );
}, 180_000);

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

interface ItemRowForTest {
  id: number;
  text: string;
  rating: number | null;
  rating_scale: string | null;
  channel: string | null;
  source: string;
  language: string | null;
  question: string | null;
  format: string | null;
  received_at: Date;
}
const allItems = async () =>
  (
    await sql<ItemRowForTest>`
    select id, text, rating, rating_scale, channel, source, format, language, question, received_at
    from feedback_items order by id`.execute(t.db)
  ).rows;
const inputOf = (r: ItemRowForTest): TagInput => ({
  text: r.text,
  rating: r.rating === null ? null : { value: r.rating, scale: r.rating_scale as RatingScale },
  channel: r.channel,
  source: r.format ?? r.source,
  language: r.language,
  question: r.question,
});

/**
 * Cells and moves computed without the cell-move module, from tagging each item twice. A move is a mention
 * whose cell the item lost to a cell it gained: per item, the cells on each side that the other side does
 * not also have (two mentions trading cells move nothing); mentions keep their spans.
 */
async function expectedChange(items: ItemRowForTest[]) {
  const oldTag = loadVersionedTagger('default').tag;
  const newTag = loadVersionedTagger(movedFile).tag;
  const cells = new Map<string, { before: number; after: number }>();
  let moved = 0;
  let positional = 0;
  const cell = (m: { stage: string; touchpoint: string }) => `${m.stage}/${m.touchpoint}`;
  for (const item of items) {
    const before = oldTag(inputOf(item)).mentions;
    const after = newTag(inputOf(item)).mentions;
    expect(after.map((m) => [m.start, m.end])).toEqual(before.map((m) => [m.start, m.end]));
    const net = new Map<string, number>();
    for (const [i, m] of before.entries()) {
      const to = after[i]!;
      for (const [key, side] of [
        [cell(m), 'before'],
        [cell(to), 'after'],
      ] as const) {
        const totals = cells.get(key) ?? { before: 0, after: 0 };
        totals[side]++;
        cells.set(key, totals);
        net.set(key, (net.get(key) ?? 0) + (side === 'after' ? 1 : -1));
      }
      if (cell(m) !== cell(to)) positional++;
    }
    moved += [...net.values()].filter((n) => n > 0).reduce((a, b) => a + b, 0);
  }
  return { cells, moved, positional };
}

const movesOf = (summary: { moves: Array<{ from: any; to: any; mentions: number }> }) =>
  new Map(
    summary.moves.map((m) => [
      `${m.from.stage}/${m.from.touchpoint} → ${m.to.stage}/${m.to.touchpoint}`,
      m.mentions,
    ]),
  );

/** The moves agree with the oracle: as many mentions moved, and every cell's net flow is its change. */
function expectMovesToMatch(
  moves: Map<string, number>,
  expected: Awaited<ReturnType<typeof expectedChange>>,
) {
  const total = [...moves.values()].reduce((a, b) => a + b, 0);
  expect(total).toBe(expected.moved);
  expect(total).toBeLessThanOrEqual(expected.positional);
  const flow = new Map<string, number>();
  for (const [key, n] of moves) {
    const [from, to] = key.split(' → ') as [string, string];
    flow.set(from, (flow.get(from) ?? 0) - n);
    flow.set(to, (flow.get(to) ?? 0) + n);
  }
  for (const [key, { before, after }] of expected.cells)
    expect([key, flow.get(key) ?? 0]).toEqual([key, after - before]);
}
const cellsOf = (summary: {
  cells: Array<{ stage: string; touchpoint: string; before: number; after: number }>;
}) => new Map(summary.cells.map((c) => [`${c.stage}/${c.touchpoint}`, { before: c.before, after: c.after }]));

async function mentionCellsInDb(): Promise<Map<string, number>> {
  const rows = await sql<{ cell: string; n: number }>`
    select stage || '/' || touchpoint as cell, count(*)::int as n from feedback_mentions group by 1`.execute(
    t.db,
  );
  return new Map(rows.rows.map((r) => [r.cell, r.n]));
}
const versionCounts = async () =>
  (
    await sql<{ v: string; n: number }>`
    select taxonomy_version as v, count(*)::int as n from feedback_items group by 1 order by 1`.execute(t.db)
  ).rows;

describe('stored items read back', () => {
  it('hash to their stored content hash, for every export format', async () => {
    const ids = await listItemIdsAfter(t.db, {}, 0, 100_000);
    const items = await readStoredItems(t.db, ids, {}, { lock: false });
    expect(items.length).toBeGreaterThan(2000);
    const sources = new Set(items.map((i) => i.source));
    expect(sources.size).toBeGreaterThanOrEqual(12);
    const mismatched = items.filter((i) => contentHash(toFeedbackInput(i)) !== i.content_hash);
    expect(mismatched.map((i) => `${i.source}/${i.external_id}`)).toEqual([]);
    expect(items.some((i) => i.rating !== null && i.rating_scale === 'nps')).toBe(true);
    expect(items.some((i) => Object.keys(i.segment).length > 1)).toBe(true);
    expect(items.some((i) => i.language === null)).toBe(true);
  });
});

describe('painmap taxonomy', () => {
  it('diff counts the mentions that would move, as tagging each item twice shows', async () => {
    const expected = await expectedChange(await allItems());
    expect(expected.moved).toBeGreaterThan(0);
    const summary = await diffTaxonomies(
      t.db,
      { old: loadVersionedTagger('default').tag, new: loadVersionedTagger(movedFile).tag },
      { batchSize: 97 },
    );
    expectMovesToMatch(movesOf(summary), expected);
    expect(cellsOf(summary)).toEqual(expected.cells);
    const cli = await runCli(['taxonomy', 'diff', 'default', movedFile, '--json']);
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json).toMatchObject({ old: { version: DEFAULT_VERSION }, new: { version: 'test-moved-1' } });
    expect(movesOf(json)).toEqual(movesOf(summary));
  });

  it('diff with --since and --limit looks at those items only', async () => {
    const items = (await allItems()).filter((i) => i.received_at >= new Date(`${SINCE}T00:00:00Z`));
    const summary = await diffTaxonomies(
      t.db,
      { old: loadVersionedTagger('default').tag, new: loadVersionedTagger(movedFile).tag },
      { since: SINCE, limit: 250, batchSize: 100 },
    );
    expect(items.length).toBeGreaterThan(250);
    expect(summary.items.examined).toBe(250);
    expectMovesToMatch(movesOf(summary), await expectedChange(items.slice(0, 250)));
  });

  it('validate names the line of a wrong entry, and show-default prints the built-in taxonomy', async () => {
    const good = await runCli(['taxonomy', 'validate', movedFile]);
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toMatch(/valid, version test-moved-1: 9 stages, 15 touchpoints, \d+ rules/);
    const bad = await runCli(['taxonomy', 'validate', brokenFile]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${brokenFile}:4: touchpoints: Unrecognized key: "nowhere"`);
    const shown = await runCli(['taxonomy', 'show-default']);
    expect(JSON.parse(shown.stdout)).toEqual(
      JSON.parse(readFileSync('src/tagging/taxonomy/default-taxonomy.json', 'utf8')),
    );
  });
});

describe('painmap retag', () => {
  it('--dry-run counts the moves and writes nothing', async () => {
    const cellsBefore = await mentionCellsInDb();
    const moved = loadVersionedTagger(movedFile);
    const summary = await retagItems({ db: t.db, tag: moved.tag }, moved.versions, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, retagged: 0, daysRebuilt: 0 });
    expect(summary.moves.length).toBeGreaterThan(0);
    expect(await versionCounts()).toEqual([{ v: DEFAULT_VERSION, n: summary.items.examined }]);
    expect(await mentionCellsInDb()).toEqual(cellsBefore);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('re-tags every item at other versions, moves the mentions and keeps the aggregates exact', async () => {
    const cellsBefore = await mentionCellsInDb();
    const total = (await allItems()).length;
    const cli = await runCli(['retag', '--json', '--batch-size', '300'], { PAINMAP_TAXONOMY: movedFile });
    expect(cli.code).toBe(0);
    const summary = JSON.parse(cli.stdout);
    expect(summary).toMatchObject({
      dryRun: false,
      retagged: total,
      failed: 0,
      drift: 0,
      items: { examined: total },
      versions: { taxonomy: 'test-moved-1' },
      previousVersions: [{ taxonomy: DEFAULT_VERSION, items: total }],
    });
    // The write path moved the aggregates page by page: no day was left to rebuild.
    expect(summary.daysRebuilt).toBe(0);
    expect(await versionCounts()).toEqual([{ v: 'test-moved-1', n: total }]);
    const cellsAfter = await mentionCellsInDb();
    for (const [cell, { before, after }] of cellsOf(summary)) {
      expect([cell, cellsBefore.get(cell) ?? 0, cellsAfter.get(cell) ?? 0]).toEqual([cell, before, after]);
    }
    const moves = movesOf(summary);
    expectMovesToMatch(moves, await expectedChange(await allItems()));
    const storeGain = (cellsAfter.get('fulfilment/store') ?? 0) - (cellsBefore.get('fulfilment/store') ?? 0);
    // The stored mentions moved as the summary says: the store cell gained its net inflow, most of it the
    // delivery words the moved taxonomy sends to stores.
    const inflow = (to: string) =>
      [...moves].reduce(
        (n, [key, m]) => n + (key.endsWith(` → ${to}`) ? m : key.startsWith(`${to} → `) ? -m : 0),
        0,
      );
    expect(storeGain).toBe(inflow('fulfilment/store'));
    expect(moves.get('fulfilment/delivery → fulfilment/store')!).toBeGreaterThan(storeGain * 0.9);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('a second run re-tags nothing', async () => {
    const cli = await runCli(['retag', '--json'], { PAINMAP_TAXONOMY: movedFile });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      retagged: 0,
      items: { examined: 0 },
      moves: [],
      drift: 0,
    });
  });

  it('--force with --since rewrites exactly the items received since that day', async () => {
    const since = (await allItems()).filter((i) => i.received_at >= new Date(`${SINCE}T00:00:00Z`)).length;
    const started = (await sql<{ now: Date }>`select now()`.execute(t.db)).rows[0]!.now;
    const moved = loadVersionedTagger(movedFile);
    const summary = await retagItems({ db: t.db, tag: moved.tag }, moved.versions, {
      force: true,
      since: SINCE,
      batchSize: 200,
    });
    expect(summary).toMatchObject({ retagged: since, moves: [], drift: 0 });
    const touched = await sql<{ n: number; early: number }>`
      select count(*)::int as n, count(*) filter (where received_at < ${`${SINCE}T00:00:00Z`}::timestamptz)::int as early
      from feedback_items where updated_at >= ${started}`.execute(t.db);
    expect(touched.rows[0]).toEqual({ n: since, early: 0 });
  });

  it('--force re-tags every item', async () => {
    const total = (await allItems()).length;
    const moved = loadVersionedTagger(movedFile);
    const summary = await retagItems({ db: t.db, tag: moved.tag }, moved.versions, { force: true });
    expect(summary).toMatchObject({ retagged: total, moves: [], drift: 0, items: { changed: 0 } });
  });

  it('a run stopped after a page keeps that page, and the next run re-tags only the rest', async () => {
    const total = (await allItems()).length;
    const again = join(dir, 'moved-again.json');
    writeFileSync(again, readFileSync(movedFile, 'utf8').replace('"test-moved-1"', '"test-moved-2"'));
    const next = loadVersionedTagger(again);
    const stop = new Error('stopped');
    const first = retagItems({ db: t.db, tag: next.tag }, next.versions, {
      batchSize: 300,
      onPage: () => {
        throw stop;
      },
    });
    await expect(first).rejects.toBe(stop);
    expect(await versionCounts()).toEqual([
      { v: 'test-moved-1', n: total - 300 },
      { v: 'test-moved-2', n: 300 },
    ]);
    // An item whose text no other item shares: the generated data repeats some texts.
    const items = await allItems();
    const textCount = new Map<string, number>();
    for (const i of items) textCount.set(i.text, (textCount.get(i.text) ?? 0) + 1);
    const unlucky = items.findLast((i) => textCount.get(i.text) === 1);
    expect(unlucky).toBeDefined();
    const flaky = (input: TagInput) => {
      if (input.text === unlucky!.text) throw new Error('tagger bug');
      return next.tag(input);
    };
    const rest = await retagItems({ db: t.db, tag: flaky }, next.versions, { batchSize: 300 });
    expect(rest).toMatchObject({ retagged: total - 301, failed: 1, moves: [], drift: 0 });
    expect(await versionCounts()).toEqual([
      { v: 'test-moved-1', n: 1 },
      { v: 'test-moved-2', n: total - 1 },
    ]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('refuses a day that does not exist, saying what it expects', async () => {
    const cli = await runCli(['retag', '--since', '2026-02-31']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('expected a real day as YYYY-MM-DD');
    expect((await versionCounts()).map((v) => v.v)).toEqual(['test-moved-1', 'test-moved-2']);
  });

  it('verify counts every differing row, and --repair rebuilds exactly the days that differ', async () => {
    const days = sql`(select day from pain_point_daily group by day order by count(*) desc, day limit 3)`;
    const weeks = await sql<{ n: number }>`
      select count(distinct (date_trunc('week', day), stage, touchpoint, source, segment))::int as n
      from pain_point_daily where day in ${days}`.execute(t.db);
    const tampered =
      await sql`update pain_point_daily set mentions = mentions + 1 where day in ${days}`.execute(t.db);
    const rows = Number(tampered.numAffectedRows);
    expect(rows).toBeGreaterThan(20);
    // Each tampered day row differs from the raw items, and each week holding one from its days.
    const check = await runCli(['verify']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${rows + weeks.rows[0]!.n} aggregate rows differ (the first 20):`);
    const repair = await runCli(['verify', '--repair']);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/rebuilt [3-6] day\(s\) from the raw items/);
    expect(repair.stdout).toContain('aggregates match the raw items');
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });
});
