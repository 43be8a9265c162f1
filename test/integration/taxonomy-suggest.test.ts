// `painmap taxonomy suggest` on the demo data in a real Postgres: ingested through the real queues, then
// re-tagged (rules only) with a copy of the taxonomy that lacks the store and social-media rules, so those
// clauses fall to the fallback. The suggestions must bring the removed words back, the same every run,
// and write nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFiles } from '../../src/cli/demo.command.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { tagInputOf } from '../../src/pipeline/item-rows.js';
import { retagItems } from '../../src/pipeline/retag.js';
import { toFeedbackInput } from '../../src/pipeline/stored-item.js';
import { suggestTaxonomyRules } from '../../src/pipeline/taxonomy-suggest.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import type { Runtime } from '../../src/runtime.js';
import { createRuntime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { listItemIdsAfter, readStoredItems } from '../../src/storage/retag.repository.js';
import {
  createTagger,
  defaultTaxonomy,
  parseTaxonomy,
  TAGGER_VERSION,
  type Taxonomy,
} from '../../src/tagging/index.js';
import { formatSuggestReport } from '../../src/tagging/suggest/suggest.format.js';
import type { SuggestReport } from '../../src/tagging/suggest/suggest-rules.js';
import {
  closeTestRuntime,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
} from './helpers.js';

/** The rules removed from the copy, and words of theirs the demo data uses. */
const REMOVED = { 'touchpoints.store': 'store', 'touchpoints.social_media': 'social' } as const;
const REMOVED_WORDS = ['showroom', 'instagram', 'facebook', 'tiktok'];

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let dir: string;
let reducedFile: string;
let reduced: Taxonomy;

function reducedTaxonomy(): Taxonomy {
  const copy = structuredClone(defaultTaxonomy);
  copy.version = 'test-reduced-1';
  for (const [path, id] of Object.entries(REMOVED)) {
    const name = path.split('.')[1] as 'store' | 'social_media';
    const entry = copy.touchpoints[name]!;
    entry.rules = entry.rules.filter((r) => r.id !== id);
  }
  return copy;
}

/** Rules only: with the clause model on, its word features would still tag most of those clauses. */
const rulesOnly = (taxonomy: Taxonomy) => createTagger(taxonomy, { clauseModel: null });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'painmap-suggest-'));
  reduced = reducedTaxonomy();
  reducedFile = join(dir, 'reduced.json');
  writeFileSync(reducedFile, JSON.stringify(reduced, null, 2));
  t = await createTestDb();
  rt = await createRuntime(testConfig({}, t.url), { role: 'worker', name: 'painmap-test', log: silentLog });
  workers = startTestWorkers(rt);
  const runs = [];
  for (const path of demoFiles()) runs.push(await ingestFile(rt, { path, options: {} }));
  await waitForRuns(
    rt,
    runs.map((r) => r.runId),
    { timeoutMs: 150_000 },
  );
  const summary = await retagItems(
    { db: t.db, tag: rulesOnly(reduced) },
    { tagger: TAGGER_VERSION, taxonomy: reduced.version },
    { batchSize: 1000 },
  );
  expect(summary).toMatchObject({ failed: 0, drift: 0 });
}, 240_000);

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', PAINMAP_TAXONOMY: reducedFile },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** Every stored row that suggest could touch, as one fingerprint. */
async function storeFingerprint(): Promise<string> {
  const result = await sql<{ f: string }>`
    select md5(
      (select string_agg(concat_ws('|', item_id, ordinal, stage, touchpoint, evidence::text), ',' order by item_id, ordinal) from feedback_mentions) ||
      (select string_agg(concat_ws('|', id, stage, touchpoint, taxonomy_version, updated_at), ',' order by id) from feedback_items) ||
      (select count(*)::text || coalesce(sum(mentions), 0)::text from pain_point_daily)
    ) as f`.execute(t.db);
  return result.rows[0]!.f;
}

const suggest = (options: Parameters<typeof suggestTaxonomyRules>[2] = {}) =>
  suggestTaxonomyRules(t.db, { path: reducedFile, taxonomy: reduced }, options);

/** The rank (1-based) of the first proposal listing `word`, and whether its examples show it. */
function findWord(report: SuggestReport, word: string) {
  const index = report.proposals.findIndex((p) => p.terms.some((term) => term.term === word));
  const proposal = report.proposals[index];
  return {
    word,
    rank: index + 1,
    shown: proposal?.examples.some((e) => e.text.toLowerCase().includes(word)) ?? false,
  };
}

describe('painmap taxonomy suggest on the demo data', () => {
  it('proposes the removed words back among its top suggestions, with example clauses', async () => {
    const report = await suggest({ limit: 8 });
    expect(report.scan.mined).toMatchObject({ capped: false });
    expect(report.scan.mined.read).toBeGreaterThan(100);
    expect(report.minedVersions).toEqual([{ version: 'test-reduced-1', clauses: report.scan.mined.read }]);
    for (const word of REMOVED_WORDS) {
      const found = findWord(report, word);
      expect(found.rank, `${word} in the top 8`).toBeGreaterThan(0);
      expect(found).toMatchObject({ word, shown: true });
    }
    for (const p of report.proposals) {
      expect(p.examples.length).toBeGreaterThanOrEqual(2);
      expect(p.clauses).toBeGreaterThanOrEqual(p.items);
    }
    // A word the reduced taxonomy still has is never proposed.
    expect(report.proposals.flatMap((p) => p.terms.map((term) => term.term))).not.toContain('courier');
  });

  it('prints byte-identical output on every run, as the library computes it, and writes nothing', async () => {
    const before = await storeFingerprint();
    const first = await runCli(['taxonomy', 'suggest', '--json']);
    const second = await runCli(['taxonomy', 'suggest', '--json']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const report = await suggest();
    expect(first.stdout).toBe(`${JSON.stringify(report)}\n`);
    const table = await runCli(['taxonomy', 'suggest']);
    expect(table.stdout).toBe(`${formatSuggestReport(report).join('\n')}\n`);
    expect(table.stdout).toContain('suggested-showroom');
    expect(await storeFingerprint()).toBe(before);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  }, 240_000);

  it('gives the same proposals whatever the page size, and says when --scan cut the reading short', async () => {
    const whole = await suggest();
    expect(await suggest({ pageSize: 37 })).toEqual(whole);
    const capped = await suggest({ scan: 40 });
    expect(capped.scan).toMatchObject({ cap: 40, mined: { read: 40, capped: true }, tagged: { read: 40 } });
    expect(formatSuggestReport(capped).join('\n')).toContain(
      'the newest 40 clauses that fell to unknown or the fallback',
    );
    expect(formatSuggestReport(capped).join('\n')).toContain('--scan 40: older ones not read');
    const recent = await suggest({ since: '2026-07-01' });
    expect(recent.scan.mined.read).toBeGreaterThan(0);
    expect(recent.scan.mined.read).toBeLessThan(whole.scan.mined.read);
    const none = await suggest({ since: '2030-01-01' });
    expect(none.scan).toMatchObject({ mined: { read: 0 }, tagged: { read: 0 } });
    expect(none.proposals).toEqual([]);
  });

  it('--format taxonomy prints a loadable taxonomy whose new rules tag clauses that fell to the fallback', async () => {
    const cli = await runCli(['taxonomy', 'suggest', '--format', 'taxonomy']);
    expect(cli.code).toBe(0);
    const suggested = parseTaxonomy(cli.stdout, 'suggested.json');
    expect(suggested.version).toBe('test-reduced-1+suggested');
    const added = Object.values(suggested.stages)
      .concat(Object.values(suggested.touchpoints))
      .flatMap((c) => c?.rules ?? [])
      .filter((r) => r.id.startsWith('suggested-'));
    expect(added.length).toBeGreaterThan(0);
    const fellBack = (taxonomy: Taxonomy, items: Awaited<ReturnType<typeof readStoredItems>>) => {
      const tag = rulesOnly(taxonomy);
      return items
        .flatMap((item) => tag(tagInputOf(toFeedbackInput(item))).mentions)
        .filter((m) => m.evidence.some((e) => e.rule === 'fallback')).length;
    };
    const items = await readStoredItems(
      t.db,
      await listItemIdsAfter(t.db, {}, 0, 100_000),
      {},
      { lock: false },
    );
    expect(fellBack(suggested, items)).toBeLessThan(fellBack(reduced, items));
  }, 120_000);
});
