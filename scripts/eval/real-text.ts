// The real-text labelled sets of ../shared/corpora/labelled (outside annotators, blind, per the codebook):
// item stage, touchpoint and sentiment (accuracy and macro-F1) and aspect recall (the share of the gold
// clause cells, (stage, touchpoint) per mention, that the tagger finds among its own mentions), per corpus.
// `test.jsonl` is scored only: nothing in painmap is tuned or trained on it.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../../src/domain.js';
import type { TagInput, TagResult } from '../../src/tagging/types.js';
import { readJsonlWith } from './jsonl.js';
import { scoreClasses } from './metrics.js';

const stage = z.enum(STAGES);
const touchpoint = z.enum(TOUCHPOINTS).nullable();
const realItemSchema = z.object({
  id: z.string(),
  corpus: z.string(),
  text: z.string(),
  language: z.string(),
  stage,
  touchpoint,
  sentiment: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  mentions: z.array(
    z.object({
      quote: z.string(),
      stage,
      touchpoint,
      sentiment: z.enum(['positive', 'negative', 'neutral']),
    }),
  ),
});
export type RealItem = z.infer<typeof realItemSchema>;

export function readRealLabelled(file: string): RealItem[] {
  return readJsonlWith(file, realItemSchema);
}

export interface RealScores {
  items: number;
  stage: { accuracy: number; macroF1: number };
  touchpoint: { accuracy: number; macroF1: number };
  sentiment: { accuracy: number; macroF1: number };
  aspectRecall: number;
  cells: number;
}

/** Scores a tagger on real labelled items; pure, so tests can check the measures themselves. */
export function scoreReal(items: readonly RealItem[], results: readonly TagResult[]): RealScores {
  const pick = (r: ReturnType<typeof scoreClasses>) => ({ accuracy: r.accuracy, macroF1: r.macroF1 });
  let cells = 0;
  let found = 0;
  items.forEach((item, i) => {
    const predicted = results[i]!.mentions;
    const gold = new Map(item.mentions.map((m) => [`${m.stage}|${m.touchpoint}`, m]));
    for (const g of gold.values()) {
      cells++;
      // A gold cell without a touchpoint ("the text does not tell") is found by its stage.
      if (
        predicted.some((p) => p.stage === g.stage && (g.touchpoint === null || p.touchpoint === g.touchpoint))
      )
        found++;
    }
  });
  // Touchpoint is scored on the items whose annotators could name one.
  const named = items.flatMap((it, k) => (it.touchpoint === null ? [] : [k]));
  return {
    items: items.length,
    stage: pick(
      scoreClasses(
        items.map((i) => i.stage),
        results.map((r) => r.stage),
        [...STAGES, 'unknown'],
      ),
    ),
    touchpoint: pick(
      scoreClasses(
        named.map((k) => items[k]!.touchpoint as string),
        named.map((k) => results[k]!.touchpoint),
        [...TOUCHPOINTS, 'unknown'],
      ),
    ),
    sentiment: pick(
      scoreClasses(
        items.map((i) => i.sentiment),
        results.map((r) => r.sentiment.label),
        ['positive', 'negative', 'neutral', 'mixed'],
      ),
    ),
    aspectRecall: cells === 0 ? 0 : found / cells,
    cells,
  };
}

const f = (x: number) => x.toFixed(3);

function row(name: string, s: RealScores): string {
  return `  ${name.padEnd(26)} ${String(s.items).padStart(4)}   ${f(s.stage.accuracy)} (${f(s.stage.macroF1)})   ${f(s.touchpoint.accuracy)} (${f(s.touchpoint.macroF1)})   ${f(s.sentiment.accuracy)} (${f(s.sentiment.macroF1)})   ${f(s.aspectRecall)}`;
}

/**
 * The `source` an adapter would give each corpus's items: the app reviews come from Google Play (painmap's
 * google-play adapter sets `source: 'google-play'`); the other corpora name no source a hint reads.
 */
const CORPUS_SOURCE: Record<string, string> = { app_reviews_is22: 'google-play' };

/** Prints the whole set and each corpus; returns the whole set's scores. */
export function runRealTextEval(
  file: string,
  title: string,
  tag: (input: TagInput) => TagResult,
): RealScores | null {
  if (!existsSync(file)) {
    console.log(`\n## ${title}: ${file} not found (set PAINMAP_CORPORA), skipped`);
    return null;
  }
  const items = readRealLabelled(file);
  const results = items.map((i) =>
    tag({ text: i.text, language: i.language, source: CORPUS_SOURCE[i.corpus] ?? null }),
  );
  const all = scoreReal(items, results);
  console.log(`\n## ${title} (${items.length} items)`);
  console.log(
    `  ${'corpus'.padEnd(26)} ${'n'.padStart(4)}   stage acc (F1)   touchp. acc (F1) sentiment acc (F1) aspect recall`,
  );
  console.log(row('all', all));
  const corpora = [...new Set(items.map((i) => i.corpus))].sort();
  for (const corpus of corpora) {
    const idx = items.flatMap((it, k) => (it.corpus === corpus ? [k] : []));
    console.log(
      row(
        corpus,
        scoreReal(
          idx.map((k) => items[k]!),
          idx.map((k) => results[k]!),
        ),
      ),
    );
  }
  return all;
}
