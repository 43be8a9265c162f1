// Draws the items our own labellers label from ../shared/corpora (never the ids of labelled/dev or
// labelled/test): a deterministic stride sample per corpus, texts cut to 800 characters like the
// outside annotators' sets, dealt into batches. Each batch also repeats a few items of the next batch
// (inter-annotator agreement) and holds a few dev items with their labels removed (agreement with the
// outside annotators). Usage: tsx scripts/label/sample.ts OUT_DIR [BATCHES] [ROUND]
// Round 2 draws from what round 1 left (fixtures/labelled/corpora excluded), weighted to the requests and
// complaints where the rarer stages live, and takes its dev items from line 81 on: the labellers read
// lines 1–80 as examples, so only later lines are a blind check.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const outDir = process.argv[2];
const batches = Number(process.argv[3] ?? 8);
const round = Number(process.argv[4] ?? 1);
if (!outDir) throw new Error('usage: tsx scripts/label/sample.ts OUT_DIR [BATCHES]');

/** How many items to draw per corpus: the complaint and request corpora hold the rarer stages. */
const QUOTAS: Record<number, Record<string, number>> = {
  1: {
    cfpb_complaints: 480,
    rsics_customer_service: 480,
    app_reviews_is22: 420,
    womens_clothing_reviews: 360,
    airbnb_barossa_reviews: 300,
  },
  2: {
    rsics_customer_service: 600,
    cfpb_complaints: 400,
    app_reviews_is22: 250,
    womens_clothing_reviews: 150,
    airbnb_barossa_reviews: 100,
  },
  // Round 3: the virtual-agent requests, where stage was weakest after round 2, and the complaints.
  3: {
    rsics_customer_service: 640,
    cfpb_complaints: 180,
    app_reviews_is22: 80,
  },
  4: {
    rsics_customer_service: 600,
    cfpb_complaints: 150,
    app_reviews_is22: 150,
  },
  5: {
    rsics_customer_service: 500,
    cfpb_complaints: 150,
    app_reviews_is22: 150,
    womens_clothing_reviews: 100,
  },
  // Round 6 (three labellers): the requests again, where stage is still short of its target. Frozen as a
  // held-out set (fixtures/labelled/heldout/README.md): as training data it moved nothing.
  6: {
    rsics_customer_service: 420,
    cfpb_complaints: 90,
    app_reviews_is22: 90,
  },
};
const QUOTA = QUOTAS[round]!;
/** Round 1 dev items came from lines 1–80, which the labellers read as examples; later rounds skip them. */
const FIRST_BLIND_DEV_LINE = round === 1 ? 0 : 80;
const OVERLAP = round >= 3 ? 10 : 20;
const DEV_PER_BATCH = round >= 3 ? 6 : 10;
const MAX_CHARS = 800;

interface Row {
  id: string;
  corpus: string;
  text: string;
}

const readJsonl = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const labelled = new Set<string>();
for (const f of ['dev.jsonl', 'test.jsonl'])
  for (const r of readJsonl(path.join(corporaDir, 'labelled', f))) labelled.add(String(r.id));
if (round > 1) {
  // Every earlier round: the training batches and the rounds frozen as held-out sets.
  for (const dir of ['fixtures/labelled/corpora', 'fixtures/labelled/heldout']) {
    const own = path.join(repoRoot, dir);
    if (!existsSync(own)) continue;
    for (const f of readdirSync(own).filter((f) => f.endsWith('.jsonl')))
      for (const r of readJsonl(path.join(own, f))) labelled.add(String(r.id));
  }
}

const perCorpus: Row[][] = [];
for (const [corpus, quota] of Object.entries(QUOTA)) {
  const pool = readJsonl(path.join(corporaDir, corpus, `${corpus}.jsonl`)).filter(
    (r) => !labelled.has(String(r.id)) && String(r.text).trim() !== '',
  );
  const rows: Row[] = [];
  for (let i = 0; i < quota; i++) {
    const r = pool[Math.floor((i * pool.length) / quota)]!;
    rows.push({ id: String(r.id), corpus, text: String(r.text).slice(0, MAX_CHARS).trimEnd() });
  }
  perCorpus.push(rows);
}
// Interleave the corpora so every batch holds all five, then deal round-robin.
const all: Row[] = [];
for (let i = 0; all.length < Object.values(QUOTA).reduce((a, b) => a + b, 0); i++)
  for (const rows of perCorpus) if (i < rows.length) all.push(rows[i]!);
const dealt: Row[][] = Array.from({ length: batches }, () => []);
all.forEach((r, i) => {
  dealt[i % batches]!.push(r);
});

const dev = readJsonl(path.join(corporaDir, 'labelled', 'dev.jsonl'));
// Dev items an earlier round already slipped in are not asked again: each round measures new ones.
const relabelledFile = path.join(repoRoot, 'fixtures/labelled/agreement/dev-relabelled.jsonl');
const relabelled = new Set(
  round >= 4 && existsSync(relabelledFile) ? readJsonl(relabelledFile).map((r) => String(r.id)) : [],
);
mkdirSync(outDir, { recursive: true });
dealt.forEach((rows, b) => {
  const next = dealt[(b + 1) % batches]!.slice(0, OVERLAP);
  const devRows = dev
    .filter((r, i) => i >= FIRST_BLIND_DEV_LINE && !relabelled.has(String(r.id)))
    .filter((_, i) => i % batches === b)
    .slice(0, DEV_PER_BATCH)
    .map((r) => ({ id: String(r.id), corpus: String(r.corpus), text: String(r.text) }));
  // Deterministic shuffle-free mix: the repeats and dev items spread through the batch.
  const extra = [...next, ...devRows];
  const out: Row[] = [];
  const step = Math.floor(rows.length / extra.length);
  rows.forEach((r, i) => {
    out.push(r);
    if (i % step === step - 1 && extra.length > 0) out.push(extra.shift()!);
  });
  out.push(...extra);
  const first = round >= 3 ? 15 + (round - 3) * 6 : (round - 1) * 8 + 1;
  const name = `batch-${String(first + b).padStart(2, '0')}.jsonl`;
  writeFileSync(path.join(outDir, name), `${out.map((r) => JSON.stringify(r)).join('\n')}\n`);
  console.log(
    `${name}: ${out.length} items (${rows.length} new, ${next.length} repeats, ${devRows.length} dev)`,
  );
});
