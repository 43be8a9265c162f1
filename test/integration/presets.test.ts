// Industry presets end to end: workers started with PAINMAP_TAXONOMY=preset:banking store the preset's version
// with every item; `taxonomy diff` compares two presets on the stored items; `retag` picks up a change of
// preset, and of any version up a chain of taxonomy files that extend one; a circle of files stops start-up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { retagItems } from '../../src/pipeline/retag.js';
import { loadVersionedTagger } from '../../src/pipeline/tagger.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { findAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { defaultTaxonomy, resolveTaxonomy } from '../../src/tagging/index.js';
import {
  closeTestRuntime,
  createTestDb,
  silentLog,
  startTestWorkers,
  type TestDb,
  testConfig,
} from './helpers.js';

const COMMENTS = [
  'What are the limits for top ups on a standard account?',
  'The money I transferred to my sister on Friday has not shown up yet',
  'Where do I find the exchange rate you charged on my card payment abroad?',
  'I was charged a fee every time I withdrew cash from an ATM',
  'The app is great and the branch staff were lovely',
  'Nobody answered the phone for an hour when my card was blocked',
];

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let dir: string;
const banking = resolveTaxonomy('preset:banking');

async function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', ...env },
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', () => {});
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out).toString() };
}

const versionCounts = async () =>
  (
    await sql<{ v: string; n: number }>`
    select taxonomy_version as v, count(*)::int as n from feedback_items group by 1 order by 1`.execute(t.db)
  ).rows;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'painmap-presets-'));
  const csv = join(dir, 'bank-survey.csv');
  const rows = COMMENTS.map((c, i) => `b-${i + 1},2026-03-0${(i % 5) + 1}T10:00:00Z,${(i % 10) + 1},"${c}"`);
  writeFileSync(csv, `Response ID,Submitted At,NPS,Comment\n${rows.join('\n')}\n`);
  t = await createTestDb();
  rt = await createRuntime(testConfig({ PAINMAP_TAXONOMY: 'preset:banking' }, t.url), {
    role: 'worker',
    name: 'painmap-test',
    log: silentLog,
  });
  workers = startTestWorkers(rt);
  const run = await ingestFile(rt, { path: csv, options: {} });
  await waitForRuns(rt, [run.runId], { timeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PAINMAP_TAXONOMY=preset:banking', () => {
  it('the workers tag with the preset and store its name and version with every item', async () => {
    expect(banking.version).toMatch(/^banking-/);
    expect(await versionCounts()).toEqual([{ v: banking.version, n: COMMENTS.length }]);
    const topUps = await sql<{ stage: string; touchpoint: string }>`
      select stage, touchpoint from feedback_items where text like 'What are the limits%'`.execute(t.db);
    expect(topUps.rows).toEqual([{ stage: 'usage', touchpoint: 'product' }]);
  });

  it('taxonomy diff compares two presets on the stored items, read-only', async () => {
    const cli = await runCli(['taxonomy', 'diff', 'preset:general', 'preset:banking', '--json']);
    expect(cli.code).toBe(0);
    const result = JSON.parse(cli.stdout);
    expect(result.old).toEqual({ path: 'preset:general', version: defaultTaxonomy.version });
    expect(result.new).toEqual({ path: 'preset:banking', version: banking.version });
    expect(result.items.examined).toBe(COMMENTS.length);
    expect(result.moves.length).toBeGreaterThan(0);
    expect(await versionCounts()).toEqual([{ v: banking.version, n: COMMENTS.length }]);
  }, 240_000);

  it('retag at the same preset re-tags nothing; another preset re-tags every item', async () => {
    const same = loadVersionedTagger('preset:banking');
    expect((await retagItems({ db: t.db, tag: same.tag }, same.versions)).retagged).toBe(0);
    const general = loadVersionedTagger('preset:general');
    const summary = await retagItems({ db: t.db, tag: general.tag }, general.versions);
    expect(summary).toMatchObject({
      retagged: COMMENTS.length,
      previousVersions: [{ taxonomy: banking.version, items: COMMENTS.length }],
    });
    expect(await versionCounts()).toEqual([{ v: defaultTaxonomy.version, n: COMMENTS.length }]);
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('retag picks up a new version anywhere up a chain of files that extends a preset', async () => {
    const base = join(dir, 'base.json');
    const mine = join(dir, 'mine.json');
    writeFileSync(base, JSON.stringify({ version: 'base-1', extends: 'preset:banking' }));
    writeFileSync(mine, JSON.stringify({ version: 'mine-1', extends: './base.json' }));
    const retag = async () => {
      const { tag, versions } = loadVersionedTagger(mine);
      return retagItems({ db: t.db, tag }, versions);
    };
    expect(await retag()).toMatchObject({
      retagged: COMMENTS.length,
      versions: { taxonomy: `mine-1+base-1+${banking.version}` },
    });
    // Only the file in the middle of the chain changes: the stored version is no longer current.
    writeFileSync(base, JSON.stringify({ version: 'base-2', extends: 'preset:banking' }));
    expect(await retag()).toMatchObject({
      retagged: COMMENTS.length,
      versions: { taxonomy: `mine-1+base-2+${banking.version}` },
      previousVersions: [{ taxonomy: `mine-1+base-1+${banking.version}`, items: COMMENTS.length }],
    });
    expect(await retag()).toMatchObject({ retagged: 0 });
    expect(await findAggregateDrift(t.db)).toEqual([]);
  });

  it('refuses to start on a taxonomy file that extends itself in a circle, naming the files', async () => {
    const a = join(dir, 'a.json');
    writeFileSync(a, JSON.stringify({ version: 'a', extends: './b.json' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ version: 'b', extends: './a.json' }));
    await expect(
      createRuntime(testConfig({ PAINMAP_TAXONOMY: a }, t.url), {
        role: 'worker',
        name: 'painmap-test',
        log: silentLog,
      }),
    ).rejects.toThrow(/in a circle \(.*a\.json → .*b\.json → .*a\.json\)/);
  });
});
