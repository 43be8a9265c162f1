// Clause segmentation against the labelled clauses: does wink-nlp (tokenizer, sentence splitter, POS tags)
// segment feedback into "one segment per gold clause" better than the hand-rolled segmenter?
//
//   npx tsx scripts/eval/segmentation.ts [--no-speed] [--variants] [--examples N]
//
// Needs wink-nlp and wink-eng-lite-web-model installed. Gold: /work/shared/corpora/labelled/dev.jsonl (outside
// annotators) and fixtures/labelled/corpora/batch-*.jsonl (ours, deduplicated by id). Each gold mention's
// `quote` is located in its text (first occurrence at or after the previous quote's start, else the first).
// Per candidate and corpus:
//   cover   some predicted segment overlaps >= 50% of the quote AND the quote covers >= 50% of that segment
//   merged  the quote's best segment (largest overlap) also covers >= 50% of another quote of the same item
//   split   the quote's best segment overlaps < 50% of the quote (the clause was cut up)
//   seg/it  predicted segments per item (gold/it: gold mentions per item)
//   segOK   share of predicted segments that cover some quote as above (the rest are clauses the annotators
//           left out — greetings, sign-offs, background — or fragments)
// Cover rewards splitting more than it punishes it (a fragment still "covers" a short quote): read it with
// split, seg/it and segOK.
// Speed: the dev texts repeated to 20,100 items, segmentation only, one thread, after a warm-up; median of 3.
//
// Candidates:
//   a   segmentClauses(tokenize(text))                                (src/tagging/text/segment.ts)
//   a+  draftMentions spans: a, plus comma-splits of clauses holding clear praise and clear complaint (it
//       scores every clause to decide, so its speed is that of scoring, not of segmentation)
//   b   wink-nlp sentences
//   c   wink-nlp sentences split into clauses by POS tags            (src/tagging/text/wink-clauses.ts)
//   d   a, each clause split further by the POS rules of c          (winkClauseSpans)
// --variants adds ablations of c/d and two controls without wink-nlp (e: split at every comma and
// and/or/so/yet; f: split there only when a pronoun follows).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Model } from 'wink-eng-lite-web-model';
import type WinkFn from 'wink-nlp';
import { draftMentions } from '../../src/tagging/draft-mentions.js';
import { defaultTaxonomy, tagItem } from '../../src/tagging/index.js';
import { compileTaxonomy } from '../../src/tagging/taxonomy/compile-taxonomy.js';
import { segmentClauses } from '../../src/tagging/text/segment.js';
import { tokenize } from '../../src/tagging/text/tokenize.js';
import {
  DEFAULT_RULES,
  loadWink,
  type Span,
  type SplitRules,
  segmentSpans,
  winkClauseSpans,
  winkSentenceClauseSpans,
  winkSentenceSpans,
} from '../../src/tagging/text/wink-clauses.js';

// ---------------------------------------------------------------------------------------------------------
// Candidates

const compiled = compileTaxonomy(defaultTaxonomy);

/** (a+) the spans of draftMentions. */
function draftSpans(text: string): Span[] {
  return draftMentions(compiled, text, tokenize(text)).map((d): Span => [d.start, d.end]);
}

/** Words that open a clause's subject, for the control f. */
const SUBJECT_WORDS = new Set(
  (
    "i i'm i've i'd i'll we we're we've we'd we'll you you're you've you'd you'll he he's she she's it it's " +
    "they they're they've they'd there there's this that that's everything nothing everyone nobody someone"
  ).split(' '),
);
const DETERMINERS = new Set(['the', 'my', 'our', 'your', 'their', 'his', 'her', 'its']);
const LEXICAL_CONJUNCTIONS = new Set(['and', 'or', 'so', 'yet', 'nor']);

/**
 * (f, a control without wink-nlp) the current clauses, split before and/or/so/yet and after a comma when the
 * next word opens a subject: a personal pronoun or this/that/there (f2: also the/my/our/...).
 */
function lexicalSpans(text: string, determiners: boolean): Span[] {
  const tokens = tokenize(text);
  const out: Span[] = [];
  const opensSubject = (k: number) => {
    const t = tokens[k];
    return (
      t !== undefined &&
      t.kind === 'word' &&
      (SUBJECT_WORDS.has(t.lower) || (determiners && DETERMINERS.has(t.lower)))
    );
  };
  for (const c of segmentClauses(tokens)) {
    let from = c.from;
    let words = 0;
    for (let i = c.from; i < c.to; i++) {
      const t = tokens[i]!;
      if (words > 0 && t.kind === 'word' && LEXICAL_CONJUNCTIONS.has(t.lower) && opensSubject(i + 1)) {
        out.push([tokens[from]!.start, tokens[i - 1]!.end]);
        from = i;
        words = 0;
      } else if (
        words > 0 &&
        t.text === ',' &&
        i + 1 < c.to &&
        (opensSubject(i + 1) || (LEXICAL_CONJUNCTIONS.has(tokens[i + 1]!.lower) && opensSubject(i + 2)))
      ) {
        out.push([tokens[from]!.start, t.end]);
        from = i + 1;
        words = 0;
        continue;
      }
      if (t.kind !== 'punct') words++;
    }
    out.push([tokens[from]!.start, tokens[c.to - 1]!.end]);
  }
  return out;
}

interface Candidate {
  name: string;
  fn: (text: string) => Span[];
  note?: string;
}

const CANDIDATES: Candidate[] = [
  { name: 'a current', fn: segmentSpans },
  { name: 'a+ draftMentions', fn: draftSpans, note: 'scores the clauses too' },
  { name: 'b wink sentences', fn: winkSentenceSpans },
  { name: 'c wink clauses', fn: (t) => winkSentenceClauseSpans(t) },
  { name: 'd current+wink POS', fn: (t) => winkClauseSpans(t) },
];

const rules = (change: Partial<SplitRules>): SplitRules => ({ ...DEFAULT_RULES, ...change });

const VARIANTS: Candidate[] = [
  { name: 'c without list rule', fn: (t) => winkSentenceClauseSpans(t, rules({ lists: false })) },
  { name: 'd without list rule', fn: (t) => winkClauseSpans(t, segmentSpans(t), rules({ lists: false })) },
  {
    name: 'd, -ing verbs not finite',
    fn: (t) => winkClauseSpans(t, segmentSpans(t), rules({ finiteOnly: true })),
  },
  {
    name: 'e = a + every , and/or/so/yet (wink, no POS)',
    fn: (t) => winkClauseSpans(t, segmentSpans(t), rules({ subjectVerb: false, lists: false })),
  },
  { name: 'f = a + pronoun rule (no wink)', fn: (t) => lexicalSpans(t, false) },
  { name: 'f2 = f + the/my/our/... (no wink)', fn: (t) => lexicalSpans(t, true) },
];

// ---------------------------------------------------------------------------------------------------------
// Gold and scoring

interface GoldItem {
  id: string;
  corpus: string;
  text: string;
  quotes: Span[];
}

function readGold(file: string, seen: Set<string>): GoldItem[] {
  const items: GoldItem[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const raw = JSON.parse(line) as {
      id: string;
      corpus: string;
      text: string;
      mentions: Array<{ quote: string }>;
    };
    if (seen.has(raw.id)) continue;
    seen.add(raw.id);
    const quotes: Span[] = [];
    let after = 0;
    for (const m of raw.mentions) {
      const q = m.quote.trim();
      if (q === '') continue;
      let at = raw.text.indexOf(q, after);
      if (at < 0) at = raw.text.indexOf(q);
      if (at < 0) continue;
      quotes.push([at, at + q.length]);
      after = at;
    }
    items.push({ id: raw.id, corpus: raw.corpus, text: raw.text, quotes });
  }
  return items;
}

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
const len = (s: Span) => s[1] - s[0];

interface Tally {
  items: number;
  quotes: number;
  covered: number;
  merged: number;
  split: number;
  segments: number;
  segmentsMatched: number;
}

function scoreItem(item: GoldItem, segs: readonly Span[], t: Tally): void {
  t.items++;
  t.segments += segs.length;
  const matched = new Set<number>();
  item.quotes.forEach((q, qi) => {
    t.quotes++;
    let best = -1;
    let bestOverlap = 0;
    let covered = false;
    segs.forEach((s, si) => {
      const ov = overlap(q, s);
      if (ov >= 0.5 * len(q) && ov >= 0.5 * len(s)) {
        covered = true;
        matched.add(si);
      }
      if (ov > bestOverlap || (ov === bestOverlap && ov > 0 && len(s) < len(segs[best]!))) {
        best = si;
        bestOverlap = ov;
      }
    });
    if (covered) t.covered++;
    if (bestOverlap < 0.5 * len(q)) t.split++;
    if (best >= 0) {
      const b = segs[best]!;
      if (item.quotes.some((o, oi) => oi !== qi && overlap(o, b) >= 0.5 * len(o))) t.merged++;
    }
  });
  t.segmentsMatched += matched.size;
}

// ---------------------------------------------------------------------------------------------------------
// Report

const pct = (n: number, d: number) => (d === 0 ? '-' : ((100 * n) / d).toFixed(1));

function table(title: string, items: readonly GoldItem[], candidates: readonly Candidate[]): void {
  const corpora = [...new Set(items.map((i) => i.corpus))].sort();
  console.log(`\n### ${title}\n`);
  console.log('| corpus | items | gold/it | candidate | cover % | merged % | split % | seg/it | segOK % |');
  console.log('|---|---:|---:|---|---:|---:|---:|---:|---:|');
  for (const corpus of [...corpora, 'ALL']) {
    const subset = corpus === 'ALL' ? items : items.filter((i) => i.corpus === corpus);
    const gold = subset.reduce((n, i) => n + i.quotes.length, 0);
    for (const c of candidates) {
      const t: Tally = {
        items: 0,
        quotes: 0,
        covered: 0,
        merged: 0,
        split: 0,
        segments: 0,
        segmentsMatched: 0,
      };
      for (const item of subset) scoreItem(item, c.fn(item.text), t);
      console.log(
        `| ${corpus} | ${subset.length} | ${(gold / subset.length).toFixed(2)} | ${c.name} | ` +
          `${pct(t.covered, t.quotes)} | ${pct(t.merged, t.quotes)} | ${pct(t.split, t.quotes)} | ` +
          `${(t.segments / t.items).toFixed(2)} | ${pct(t.segmentsMatched, t.segments)} |`,
      );
    }
  }
}

function speed(texts: readonly string[], candidates: readonly Candidate[]): void {
  const repeated: string[] = [];
  while (repeated.length < 20_000) repeated.push(...texts);
  const chars = repeated.reduce((n, t) => n + t.length, 0) / repeated.length;
  console.log(
    `\n### Speed (${repeated.length.toLocaleString('en')} items of ${chars.toFixed(0)} chars on average, ` +
      'dev texts repeated, one thread, median of 3)\n',
  );
  console.log('| candidate | items/s | µs/item |');
  console.log('|---|---:|---:|');
  // The sentence splitter alone (pipe without the POS tagger): what b would cost if it were all we used.
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as typeof WinkFn;
  const sbdOnly = winkNLP(require('wink-eng-lite-web-model') as Model, ['sbd']);
  const rows: Array<{ name: string; fn: (text: string) => unknown; note?: string }> = [
    ...candidates,
    {
      name: "b' wink readDoc + sentences, pipe sbd only",
      fn: (t) => sbdOnly.readDoc(t).sentences().out(sbdOnly.its.span),
    },
    { name: 'tagItem, the whole tagger (reference)', fn: (t) => tagItem({ text: t }) },
  ];
  for (const c of rows) {
    for (const t of texts) c.fn(t);
    const rates: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      for (const t of repeated) c.fn(t);
      rates.push(repeated.length / ((performance.now() - t0) / 1000));
    }
    const rate = rates.sort((x, y) => x - y)[1]!;
    const note = c.note ? ` (${c.note})` : '';
    console.log(
      `| ${c.name}${note} | ${Math.round(rate).toLocaleString('en')} | ${(1e6 / rate).toFixed(0)} |`,
    );
  }
}

function examples(items: readonly GoldItem[], n: number, candidates: readonly Candidate[]): void {
  for (const item of items.slice(0, n)) {
    console.log(`\n--- ${item.corpus} ${item.id}`);
    console.log(
      'gold:',
      item.quotes.map(([a, b]) => item.text.slice(a, b)),
    );
    for (const c of candidates)
      console.log(
        `${c.name}:`,
        c.fn(item.text).map(([a, b]) => item.text.slice(a, b)),
      );
  }
}

function measureLoad(): void {
  const before = process.memoryUsage();
  const t0 = performance.now();
  loadWink();
  const loadMs = performance.now() - t0;
  winkSentenceSpans('The first document builds lazy tables, and that takes a moment.');
  const firstMs = performance.now() - t0;
  const after = process.memoryUsage();
  console.log(
    `wink-nlp + wink-eng-lite-web-model (pipe sbd, pos): require + instantiate ${loadMs.toFixed(0)} ms ` +
      `(${firstMs.toFixed(0)} ms to the first document), +${((after.rss - before.rss) / 2 ** 20).toFixed(0)} MiB RSS, ` +
      `+${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(0)} MiB heap`,
  );
}

function main(): void {
  const args = process.argv.slice(2);
  measureLoad();
  const candidates = args.includes('--variants') ? [...CANDIDATES, ...VARIANTS] : CANDIDATES;
  const dev = readGold('/work/shared/corpora/labelled/dev.jsonl', new Set());
  const dir = 'fixtures/labelled/corpora';
  const seen = new Set<string>();
  const ours = readdirSync(dir)
    .filter((f) => /^batch-.*\.jsonl$/.test(f))
    .sort()
    .flatMap((f) => readGold(join(dir, f), seen));
  const ex = args.indexOf('--examples');
  if (ex >= 0) {
    examples(dev, Number(args[ex + 1] ?? 10), candidates);
    return;
  }
  table(`dev.jsonl (outside annotators, ${dev.length} items)`, dev, candidates);
  table(`fixtures/labelled/corpora (ours, ${ours.length} items)`, ours, candidates);
  if (!args.includes('--no-speed'))
    speed(
      dev.map((i) => i.text),
      candidates,
    );
}

main();
