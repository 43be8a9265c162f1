// Agreement figures for our own labelled training data (fixtures/labelled/corpora), in three parts:
//
// 1. Inter-labeller agreement: each batch repeated the first 20 items of the next one, so 160 items were
//    labelled by two of our eight labellers. How far two of our labellers agree is the ceiling any model
//    trained on their labels can reach, and shows which corpora and which labels are the least settled.
// 2. Our labellers vs the outside annotators: 80 items of ../shared/corpora/labelled/dev.jsonl were slipped
//    into the batches without their labels (fixtures/labelled/agreement/dev-relabelled.jsonl). Agreement
//    with the outside annotators checks that our labels follow the same conventions as the evaluation sets.
// 3. Weak labels vs our labels: CFPB issue / sub-issue mapped to a stage (and touchpoint) by a small table
//    following ../shared/corpora/README.md, and clothing star ratings mapped to sentiment. This shows how
//    noisy those source categories are as stand-in labels before anyone bootstraps or slices on them.
//
// Measures, for a pair of labellings of the same items (the same in parts 1 and 2):
// - stage, sentiment: share of items with the same item label; Cohen's kappa corrects it for chance
//   (the first labelling is rater A, the second rater B; in part 1 those are different labellers per batch;
//   undefined, printed —, when both sides used a single label).
// - touchpoint: share with the same item touchpoint, on the items where both name one (non-null).
// - cell: share with the same item (stage, touchpoint) pair, null counting as a value.
// - clause cells found: the distinct (stage, touchpoint) cells of A's mentions, the share of them found among
//   B's mentions, pooled over items, then averaged with the same share B → A. As in scripts/eval/real-text.ts,
//   a cell without a touchpoint is found by its stage alone.
//
// Usage: npx tsx scripts/label/agreement.ts   (PAINMAP_CORPORA overrides ../shared/corpora)
// Reads labelled/dev.jsonl only: the sealed labelled/test.jsonl is never opened.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RealItem, readRealLabelled } from '../eval/real-text.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const batchDir = path.join(repoRoot, 'fixtures/labelled/corpora');
const relabelledFile = path.join(repoRoot, 'fixtures/labelled/agreement/dev-relabelled.jsonl');
const devFile = path.join(corporaDir, 'labelled/dev.jsonl');

type Pair = readonly [RealItem, RealItem];

// ---------------------------------------------------------------------------------------------------------
// Measures

/** Cohen's kappa of two raters' labels for the same items (NaN when chance agreement is total). */
function cohenKappa(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  if (n === 0) return Number.NaN;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) agree++;
    countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    countB.set(b[i]!, (countB.get(b[i]!) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, k] of countA) chance += (k / n) * ((countB.get(label) ?? 0) / n);
  const observed = agree / n;
  return chance === 1 ? Number.NaN : (observed - chance) / (1 - chance);
}

/** How many of `from`'s distinct mention cells `to` also has; a null touchpoint is matched by stage. */
function cellsFound(from: RealItem, to: RealItem): { cells: number; found: number } {
  const cells = new Map(from.mentions.map((m) => [`${m.stage}|${m.touchpoint}`, m]));
  let found = 0;
  for (const c of cells.values())
    if (
      to.mentions.some((m) => m.stage === c.stage && (c.touchpoint === null || m.touchpoint === c.touchpoint))
    )
      found++;
  return { cells: cells.size, found };
}

interface Agreement {
  items: number;
  stage: number;
  touchpoint: number;
  touchpointItems: number;
  sentiment: number;
  cell: number;
  cellsFound: number;
  kappaStage: number;
  kappaSentiment: number;
}

function agreement(pairs: readonly Pair[]): Agreement {
  const share = (test: (a: RealItem, b: RealItem) => boolean, over: readonly Pair[] = pairs) =>
    over.length === 0 ? Number.NaN : over.filter(([a, b]) => test(a, b)).length / over.length;
  const named = pairs.filter(([a, b]) => a.touchpoint !== null && b.touchpoint !== null);
  const ab = { cells: 0, found: 0 };
  const ba = { cells: 0, found: 0 };
  for (const [a, b] of pairs) {
    const x = cellsFound(a, b);
    const y = cellsFound(b, a);
    ab.cells += x.cells;
    ab.found += x.found;
    ba.cells += y.cells;
    ba.found += y.found;
  }
  return {
    items: pairs.length,
    stage: share((a, b) => a.stage === b.stage),
    touchpoint: share((a, b) => a.touchpoint === b.touchpoint, named),
    touchpointItems: named.length,
    sentiment: share((a, b) => a.sentiment === b.sentiment),
    cell: share((a, b) => a.stage === b.stage && a.touchpoint === b.touchpoint),
    cellsFound: (ab.found / ab.cells + ba.found / ba.cells) / 2,
    kappaStage: cohenKappa(
      pairs.map(([a]) => a.stage),
      pairs.map(([, b]) => b.stage),
    ),
    kappaSentiment: cohenKappa(
      pairs.map(([a]) => a.sentiment),
      pairs.map(([, b]) => b.sentiment),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Printing

const f3 = (x: number) => (Number.isNaN(x) ? '  —  ' : x.toFixed(3));
const clip = (s: string, width: number) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
const pct = (k: number, n: number) => (n === 0 ? '—' : `${((100 * k) / n).toFixed(0)}%`);

function printAgreementTable(pairs: readonly Pair[], groups: ReadonlyArray<[string, Pair[]]>): void {
  console.log(
    `  ${'items'.padEnd(28)} ${'n'.padStart(4)}  stage  touchp. (n)  sentim.  cell   cells found  κ stage  κ sentim.`,
  );
  for (const [name, group] of [['all', [...pairs]] as [string, Pair[]], ...groups]) {
    const s = agreement(group);
    console.log(
      `  ${name.padEnd(28)} ${String(s.items).padStart(4)}  ${f3(s.stage)}  ${f3(s.touchpoint)} (${String(s.touchpointItems).padStart(3)})  ${f3(s.sentiment)}   ${f3(s.cell)}  ${f3(s.cellsFound)}        ${f3(s.kappaStage)}    ${f3(s.kappaSentiment)}`,
    );
  }
}

function byCorpus(pairs: readonly Pair[]): Array<[string, Pair[]]> {
  const corpora = [...new Set(pairs.map(([a]) => a.corpus))].sort();
  return corpora.map((c) => [c, pairs.filter(([a]) => a.corpus === c)]);
}

/** The most frequent disagreements on one field, as unordered label pairs. */
function printDisagreements(
  pairs: readonly Pair[],
  field: 'stage' | 'touchpoint' | 'sentiment',
  top = 6,
): void {
  const counts = new Map<string, number>();
  for (const [a, b] of pairs) {
    const x = String(a[field]);
    const y = String(b[field]);
    if (x === y) continue;
    const key = [x, y].sort().join(' ↔ ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((s, k) => s + k, 0);
  const list = [...counts.entries()]
    .sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))
    .slice(0, top)
    .map(([k, n]) => `${k} ${n}`);
  console.log(`  ${`${field} (${total} items differ):`.padEnd(30)} ${list.join(', ') || '—'}`);
}

// ---------------------------------------------------------------------------------------------------------
// Data

/** Every labelling in the batches, in file order: id → [{ batch, item }], two entries for doubly-labelled ids. */
function readBatches(): Map<string, Array<{ batch: string; item: RealItem }>> {
  const out = new Map<string, Array<{ batch: string; item: RealItem }>>();
  const files = readdirSync(batchDir)
    .filter((f) => /^batch-\d+\.jsonl$/.test(f))
    .sort();
  for (const file of files) {
    const batch = file.replace(/^batch-(\d+)\.jsonl$/, '$1');
    for (const item of readRealLabelled(path.join(batchDir, file))) {
      const list = out.get(item.id) ?? [];
      list.push({ batch, item });
      out.set(item.id, list);
    }
  }
  return out;
}

const readJsonl = (file: string): Record<string, unknown>[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A raw corpus's source records by id. */
function readCorpus(name: string): Map<string, Record<string, unknown>> {
  return new Map(readJsonl(path.join(corporaDir, name, `${name}.jsonl`)).map((r) => [String(r.id), r]));
}

// ---------------------------------------------------------------------------------------------------------
// Weak-label mappings

interface WeakCell {
  stage: string;
  touchpoint: string | null;
}

/**
 * CFPB `issue` → painmap cell, following the suggestion table of ../shared/corpora/README.md (not validated
 * there), covering the issues that occur in the CFPB items we labelled. Where the README offers two stages,
 * the codebook decides: "Getting a credit card" is a card application (purchase), not account opening; an
 * advertising complaint is awareness; the debt letters are support × email (the codebook's touchpoint for
 * company letters). "(variant)" marks the same CFPB category worded for another product. Issues the README
 * gives no row for stay unmapped on purpose rather than guessed.
 */
const CFPB_ISSUE: Record<string, WeakCell> = {
  'Opening an account': { stage: 'onboarding', touchpoint: null },
  'Getting a credit card': { stage: 'purchase', touchpoint: null },
  'Getting a loan or lease': { stage: 'purchase', touchpoint: null },
  'Applying for a mortgage or refinancing an existing mortgage': { stage: 'purchase', touchpoint: null },
  'Closing on a mortgage': { stage: 'purchase', touchpoint: null },
  'Advertising and marketing, including promotional offers': { stage: 'awareness', touchpoint: null },
  'Managing an account': { stage: 'usage', touchpoint: 'product' },
  'Trouble using your card': { stage: 'usage', touchpoint: 'product' },
  'Problem with a purchase shown on your statement': { stage: 'usage', touchpoint: 'billing' },
  'Fees or interest': { stage: 'usage', touchpoint: 'billing' },
  'Unexpected or other fees': { stage: 'usage', touchpoint: 'billing' },
  'Problem caused by your funds being low': { stage: 'usage', touchpoint: 'billing' },
  'Trouble during payment process': { stage: 'usage', touchpoint: 'billing' },
  'Problem when making payments': { stage: 'usage', touchpoint: 'billing' },
  'Problem with fraud alerts or security freezes': { stage: 'usage', touchpoint: null },
  'Fraud or scam': { stage: 'usage', touchpoint: null },
  'Unauthorized transactions or other transaction problem': { stage: 'usage', touchpoint: null },
  'Other transaction problem': { stage: 'fulfilment', touchpoint: null },
  'Dealing with your lender or servicer': { stage: 'support', touchpoint: null },
  'Incorrect information on your report': { stage: 'support', touchpoint: null },
  "Problem with a credit reporting company's investigation into an existing problem": {
    stage: 'support',
    touchpoint: null,
  },
  "Problem with a company's investigation into an existing issue": { stage: 'support', touchpoint: null }, // (variant)
  'Written notification about debt': { stage: 'support', touchpoint: 'email' },
  'Communication tactics': { stage: 'retention', touchpoint: 'phone_support' },
  'Closing an account': { stage: 'retention', touchpoint: null },
  'Closing your account': { stage: 'retention', touchpoint: null },
  'Struggling to pay mortgage': { stage: 'retention', touchpoint: 'billing' },
  'Struggling to pay your loan': { stage: 'retention', touchpoint: 'billing' },
  'Struggling to repay your loan': { stage: 'retention', touchpoint: 'billing' }, // (variant)
  'Struggling to pay your bill': { stage: 'retention', touchpoint: 'billing' }, // (variant)
  'Problems at the end of the loan or lease': { stage: 'retention', touchpoint: 'billing' },
};

/** `sub_issue` rows of the README that refine or override their issue's cell. */
const CFPB_SUB_ISSUE: Record<string, WeakCell> = {
  'Problem accessing account': { stage: 'usage', touchpoint: 'account_login' },
  'Trouble with how payments are being handled': { stage: 'usage', touchpoint: 'billing' },
  'Difficulty submitting a dispute or getting information about a dispute over the phone': {
    stage: 'support',
    touchpoint: 'phone_support',
  },
  'Keep getting calls about your loan': { stage: 'retention', touchpoint: 'phone_support' }, // (variant of repeated calls)
};

function mapCfpb(issue: string, subIssue: string | null): WeakCell | null {
  return (subIssue === null ? undefined : CFPB_SUB_ISSUE[subIssue]) ?? CFPB_ISSUE[issue] ?? null;
}

/** Clothing star rating → review-level sentiment; 3 stars is skipped (no defensible single label). */
function ratingSentiment(rating: number): 'positive' | 'negative' | null {
  if (rating <= 2) return 'negative';
  if (rating >= 4) return 'positive';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// 1. Inter-labeller agreement

const labellings = readBatches();
const doubly: Array<{ batches: string; pair: Pair }> = [];
for (const list of labellings.values()) {
  if (list.length === 2)
    doubly.push({ batches: `${list[0]!.batch}+${list[1]!.batch}`, pair: [list[0]!.item, list[1]!.item] });
  else if (list.length > 2) throw new Error(`${list[0]!.item.id} is labelled ${list.length} times`);
}
const interPairs = doubly.map((d) => d.pair);
console.log(
  `# Agreement of our labelled data (${labellings.size} distinct items in fixtures/labelled/corpora)`,
);
console.log('(κ shown as — where both sides used one label only: kappa is undefined there)');
console.log(`\n## 1. Inter-labeller agreement: ${interPairs.length} items labelled by two of our labellers`);
printAgreementTable(interPairs, [
  ...byCorpus(interPairs),
  ...[...new Set(doubly.map((d) => d.batches))]
    .sort()
    .map((b): [string, Pair[]] => [`batches ${b}`, doubly.filter((d) => d.batches === b).map((d) => d.pair)]),
]);
console.log('  most frequent disagreements:');
for (const field of ['stage', 'touchpoint', 'sentiment'] as const) printDisagreements(interPairs, field);

// ---------------------------------------------------------------------------------------------------------
// 2. Our labellers vs the outside annotators on dev items

const dev = new Map(readRealLabelled(devFile).map((i) => [i.id, i]));
const relabelled = readRealLabelled(relabelledFile);
const devLine = new Map([...dev.keys()].map((id, i) => [id, i + 1]));
const devPairs: Pair[] = relabelled.map((ours) => {
  const theirs = dev.get(ours.id);
  if (!theirs) throw new Error(`${ours.id} is not in ${devFile}`);
  return [ours, theirs];
});
// The labellers read dev lines 1–80 as examples: agreement there is an upper bound; later lines are blind.
const SEEN_LINES = 80;
for (const [title, pairs] of [
  [
    'dev lines 1–80 (NOT blind: the labellers read these lines as examples; an upper bound)',
    devPairs.filter(([o]) => devLine.get(o.id)! <= SEEN_LINES),
  ],
  [
    'dev lines 81–300 (blind: never shown to the labellers with their labels)',
    devPairs.filter(([o]) => devLine.get(o.id)! > SEEN_LINES),
  ],
] as const) {
  console.log(`\n## 2. Our labellers (A) vs the outside annotators (B): ${pairs.length} items, ${title}`);
  if (pairs.length === 0) continue;
  printAgreementTable(pairs, byCorpus(pairs));
  console.log('  most frequent disagreements:');
  for (const field of ['stage', 'touchpoint', 'sentiment'] as const) printDisagreements(pairs, field);
}

// ---------------------------------------------------------------------------------------------------------
// 3. Weak labels vs our labels (one labelling per id: the first batch's, as scripts/train-clause-model.ts uses)

const ours = new Map([...labellings].map(([id, list]) => [id, list[0]!.item]));
console.log('\n## 3. Weak labels from source categories vs our labels');

// (a) CFPB issue / sub-issue → stage (touchpoint)
{
  const source = readCorpus('cfpb_complaints');
  const items = [...ours.values()].filter((i) => i.corpus === 'cfpb_complaints');
  let withIssue = 0;
  let stageAgree = 0;
  let stageInMentions = 0;
  let tpCompared = 0;
  let tpAgree = 0;
  const unmapped = new Map<string, number>();
  const perIssue = new Map<string, { cell: WeakCell; n: number; agree: number; ours: Map<string, number> }>();
  for (const item of items) {
    const rec = source.get(item.id);
    if (!rec) throw new Error(`${item.id} is not in cfpb_complaints.jsonl`);
    if (typeof rec.issue !== 'string' || rec.issue === '') continue;
    withIssue++;
    const cell = mapCfpb(rec.issue, typeof rec.sub_issue === 'string' ? rec.sub_issue : null);
    if (!cell) {
      unmapped.set(rec.issue, (unmapped.get(rec.issue) ?? 0) + 1);
      continue;
    }
    const key = CFPB_SUB_ISSUE[String(rec.sub_issue)]
      ? `${clip(rec.issue, 24)} / ${clip(String(rec.sub_issue), 35)}`
      : rec.issue;
    const row = perIssue.get(key) ?? { cell, n: 0, agree: 0, ours: new Map<string, number>() };
    row.n++;
    row.ours.set(item.stage, (row.ours.get(item.stage) ?? 0) + 1);
    if (cell.stage === item.stage) {
      stageAgree++;
      row.agree++;
    }
    if (item.mentions.some((m) => m.stage === cell.stage)) stageInMentions++;
    if (cell.touchpoint !== null && item.touchpoint !== null) {
      tpCompared++;
      if (cell.touchpoint === item.touchpoint) tpAgree++;
    }
    perIssue.set(key, row);
  }
  const mapped = [...perIssue.values()].reduce((s, r) => s + r.n, 0);
  const unmappedTotal = [...unmapped.values()].reduce((s, k) => s + k, 0);
  console.log(`\n### 3a. CFPB issue → stage: ${items.length} CFPB items labelled by us`);
  console.log(
    `  ${withIssue} carry an issue (the other ${items.length - withIssue} have only the coarse product); ` +
      `${mapped} mapped (coverage ${pct(mapped, withIssue)} of those, ${pct(mapped, items.length)} of all), ${unmappedTotal} unmapped`,
  );
  console.log(
    `  mapped stage = our item stage: ${stageAgree}/${mapped} = ${f3(stageAgree / mapped)}; ` +
      `mapped stage among our clause stages: ${stageInMentions}/${mapped} = ${f3(stageInMentions / mapped)}`,
  );
  console.log(
    `  mapped touchpoint = our item touchpoint (where the table gives one and ours is non-null): ${tpAgree}/${tpCompared} = ${f3(tpAgree / tpCompared)}`,
  );
  console.log(
    `  ${'issue [/ sub-issue]'.padEnd(62)} ${'n'.padStart(3)}  ${'mapped cell'.padEnd(26)} agree  our item stages`,
  );
  for (const [key, r] of [...perIssue].sort((p, q) => q[1].n - p[1].n || p[0].localeCompare(q[0]))) {
    const oursList = [...r.ours]
      .sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))
      .map(([s, k]) => `${s} ${k}`)
      .join(', ');
    console.log(
      `  ${clip(key, 62).padEnd(62)} ${String(r.n).padStart(3)}  ${`${r.cell.stage} × ${r.cell.touchpoint ?? '—'}`.padEnd(26)} ${`${r.agree}/${r.n}`.padStart(5)}  ${oursList}`,
    );
  }
  console.log(`  unmapped (${unmappedTotal} items, no row in the README's table):`);
  for (const [issue, k] of [...unmapped].sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0])))
    console.log(`    unmapped  ${String(k).padStart(3)}  ${issue}`);
}

// (b) Clothing rating → sentiment
{
  const source = readCorpus('womens_clothing_reviews');
  const ratingOf = (item: RealItem): number => {
    const rating = Number(source.get(item.id)?.rating);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new Error(`${item.id}: no rating`);
    return rating;
  };
  const labels = ['positive', 'negative', 'mixed', 'neutral'] as const;
  /** Item sentiment counts per star rating. */
  const printPerRating = (title: string, items: readonly RealItem[]) => {
    console.log(`  ${title}`);
    console.log(`  rating    n  ${labels.map((l) => l.padStart(8)).join(' ')}  mixed+neutral`);
    for (const rating of [1, 2, 3, 4, 5]) {
      const group = items.filter((i) => ratingOf(i) === rating);
      const count = (l: string) => group.filter((i) => i.sentiment === l).length;
      const soft = count('mixed') + count('neutral');
      console.log(
        `  ${String(rating).padStart(6)} ${String(group.length).padStart(4)}  ${labels.map((l) => String(count(l)).padStart(8)).join(' ')}  ${`${soft} (${pct(soft, group.length)})`.padStart(13)}`,
      );
    }
  };
  const items = [...ours.values()].filter((i) => i.corpus === 'womens_clothing_reviews');
  const compared = items.filter(
    (i) =>
      ratingSentiment(ratingOf(i)) !== null && (i.sentiment === 'positive' || i.sentiment === 'negative'),
  );
  const agree = compared.filter((i) => ratingSentiment(ratingOf(i)) === i.sentiment).length;
  console.log(
    `\n### 3b. Clothing rating → sentiment (1–2 negative, 4–5 positive, 3 skipped): ${items.length} items`,
  );
  console.log(
    `  rating sentiment = our item sentiment, on rating ≠ 3 and ours positive/negative: ${agree}/${compared.length} = ${f3(agree / compared.length)}`,
  );
  printPerRating('our labels:', items);
  printPerRating(
    'reference, the outside annotators on the clothing items of dev.jsonl:',
    [...dev.values()].filter((i) => i.corpus === 'womens_clothing_reviews'),
  );
}
