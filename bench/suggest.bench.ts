// `painmap taxonomy suggest` on a large store: the demo items, tagged (rules only) with the taxonomy less
// its store and social-media rules, copied COPIES times straight into a fresh Postgres database, then timed
// with the default --scan and with --since (the last 30 days). Run: npx tsx bench/suggest.bench.ts [copies, default 300]
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { demoFiles } from '../src/cli/demo.command.js';
import { suggestTaxonomyRules } from '../src/pipeline/taxonomy-suggest.js';
import { ensureMonthPartitionsBetween, recordItemKeys } from '../src/storage/partitions.repository.js';
import { createTagger, defaultTaxonomy, type Taxonomy } from '../src/tagging/index.js';
import { createBenchDb, findServices } from './lib/env.js';

const copies = Number(process.argv[2] ?? 300);
const taxonomy: Taxonomy = structuredClone(defaultTaxonomy);
taxonomy.version = 'bench-reduced';
taxonomy.touchpoints.store!.rules = taxonomy.touchpoints.store!.rules.filter((r) => r.id !== 'store');
taxonomy.touchpoints.social_media!.rules = taxonomy.touchpoints.social_media!.rules.filter(
  (r) => r.id !== 'social',
);
const tag = createTagger(taxonomy, { clauseModel: null });

const records = demoFiles().flatMap(
  (file) => parse(readFileSync(file), { columns: true }) as Array<Record<string, string>>,
);
const { adminUrl } = findServices();
const bench = await createBenchDb(adminUrl);
const db = bench.db;
const t0 = performance.now();
const days = records.map((r) => r.created_at!.slice(0, 10)).sort();
const lastCopy = new Date(Date.parse(`${days.at(-1)}T00:00:00Z`) + copies * 86_400_000)
  .toISOString()
  .slice(0, 10);
await ensureMonthPartitionsBetween(db, days[0]!, lastCopy);
for (let at = 0; at < records.length; at += 500) {
  const page = records
    .slice(at, at + 500)
    .map((r, i) => ({ r, id: at + i + 1, tags: tag({ text: r.text! }) }));
  await db
    .insertInto('feedback_items')
    .values(
      page.map(({ r, id, tags }) => ({
        id,
        source: r.source!,
        format: 'generic-csv',
        external_id: r.id!,
        content_hash: 'h',
        received_at: r.created_at!,
        received_day: r.created_at!.slice(0, 10),
        text: r.text!,
        segment: '{}',
        sentiment_label: tags.sentiment.label,
        sentiment_score: tags.sentiment.score,
        rating_used: false,
        stage: tags.stage,
        touchpoint: tags.touchpoint,
        taxonomy_version: taxonomy.version,
        tagger_version: tags.taggerVersion,
      })) as never,
    )
    .execute();
  // The mentions' foreign key points at the key rows (migration 0025): the page's keys before its mentions.
  await db
    .insertInto('feedback_item_keys')
    .values(
      page.map(({ r, id }) => ({
        source: r.source!,
        external_id: r.id!,
        item_id: id,
        received_day: r.created_at!.slice(0, 10),
      })),
    )
    .execute();
  await db
    .insertInto('feedback_mentions')
    .values(
      page.flatMap(({ r, id, tags }) =>
        tags.mentions.map((m, ordinal) => ({
          item_id: id,
          ordinal,
          start_offset: m.start,
          end_offset: m.end,
          stage: m.stage,
          touchpoint: m.touchpoint,
          sentiment_label: m.sentiment.label,
          sentiment_score: m.sentiment.score,
          evidence: JSON.stringify(m.evidence),
          received_day: r.created_at!.slice(0, 10),
        })),
      ),
    )
    .execute();
}
// Copies under ids base + g·10000, so every copy keeps its own mention rows, received g days later (the
// store grows in time order, as ingestion does).
await sql`
  insert into feedback_items (id, source, format, external_id, content_hash, received_at, received_day, text,
    segment, sentiment_label, sentiment_score, rating_used, stage, touchpoint, taxonomy_version, tagger_version)
  select id + g * 10000, source, format, external_id || '-' || g, content_hash, received_at + g * interval '1 day',
    received_day + g, text,
    segment, sentiment_label, sentiment_score, rating_used, stage, touchpoint, taxonomy_version, tagger_version
  from feedback_items, generate_series(1, ${copies - 1}) g`.execute(db);
await recordItemKeys(db);
await sql`
  insert into feedback_mentions
  select item_id + g * 10000, ordinal, start_offset, end_offset, stage, touchpoint, sentiment_label, sentiment_score, evidence,
    received_day + g
  from feedback_mentions, generate_series(1, ${copies - 1}) g`.execute(db);
await sql`vacuum analyze`.execute(db);
const counts = await sql<{ items: number; mentions: number }>`
  select (select count(*) from feedback_items)::int as items, (select count(*) from feedback_mentions)::int as mentions`.execute(
  db,
);
console.log(
  `store: ${JSON.stringify(counts.rows[0])}, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const last = await sql<{
  day: string;
}>`select (max(received_day) - 30)::text as day from feedback_items`.execute(db);
for (const options of [{}, { since: last.rows[0]!.day }]) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const report = await suggestTaxonomyRules(db, { path: 'bench', taxonomy }, options);
  const used = process.cpuUsage(cpu);
  console.log(
    `suggest ${JSON.stringify(options)}: ${((performance.now() - t) / 1000).toFixed(1)} s wall, ` +
      `${((used.user + used.system) / 1e6).toFixed(1)} s CPU in this process; read ${report.scan.mined.read} mined ` +
      `(capped: ${report.scan.mined.capped}), ${report.scan.tagged.read} tagged (capped: ${report.scan.tagged.capped}); ` +
      `top: ${report.proposals
        .slice(0, 5)
        .map((p) => p.id)
        .join(', ')}; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
}
await bench.drop();
