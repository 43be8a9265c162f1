// The labelled feedback set (fixtures/labelled/feedback.jsonl): per-class P/R/F1 for stage, touchpoint and
// item sentiment, and mention-level recall on mixed items, on the dev split and on the held-out test split,
// and on the dev-only set feedback-dev2.jsonl.
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../../src/domain.js';
import { tagItem } from '../../src/tagging/index.js';
import type { TagResult } from '../../src/tagging/types.js';
import { readJsonlWith } from './jsonl.js';
import { formatClassTable, scoreClasses } from './metrics.js';

const itemSchema = z.object({
  id: z.string(),
  text: z.string(),
  rating: z
    .object({ value: z.number(), scale: z.enum(['stars5', 'nps', 'csat5', 'csat2', 'scale10']) })
    .optional(),
  channel: z.string().optional(),
  language: z.string().optional(),
  stage: z.enum(STAGES),
  touchpoint: z.enum(TOUCHPOINTS),
  sentiment: z.enum(['positive', 'negative', 'neutral', 'mixed']),
  split: z.enum(['dev', 'test']),
  mentions: z
    .array(z.object({ start: z.number(), end: z.number(), text: z.string(), sentiment: z.string() }))
    .optional(),
});
type LabelledItem = z.infer<typeof itemSchema>;

export function readLabelled(file: string): LabelledItem[] {
  return readJsonlWith(file, itemSchema);
}

/** An expected mention is found when a predicted mention overlaps it with the same sentiment label. */
function mixedMentionRecall(items: readonly LabelledItem[], results: readonly TagResult[]) {
  let expected = 0;
  let found = 0;
  items.forEach((item, i) => {
    for (const m of item.mentions ?? []) {
      expected++;
      const hit = results[i]!.mentions.some(
        (p) => p.start < m.end && m.start < p.end && p.sentiment.label === m.sentiment,
      );
      if (hit) found++;
    }
  });
  return { expected, found, recall: expected === 0 ? 0 : found / expected };
}

function reportSplit(title: string, items: readonly LabelledItem[], verbose: boolean): void {
  const results = items.map((i) =>
    tagItem({ text: i.text, rating: i.rating ?? null, channel: i.channel ?? null }),
  );
  const stage = scoreClasses(
    items.map((i) => i.stage),
    results.map((r) => r.stage),
    [...STAGES, 'unknown'],
  );
  const touchpoint = scoreClasses(
    items.map((i) => i.touchpoint),
    results.map((r) => r.touchpoint),
    [...TOUCHPOINTS, 'unknown'],
  );
  const sentiment = scoreClasses(
    items.map((i) => i.sentiment),
    results.map((r) => r.sentiment.label),
    ['positive', 'negative', 'neutral', 'mixed'],
  );
  const mixed = mixedMentionRecall(items, results);
  console.log(`\n## ${title} (${items.length} items)`);
  if (verbose) {
    console.log(formatClassTable('stage', stage));
    console.log(formatClassTable('touchpoint', touchpoint));
    console.log(formatClassTable('sentiment (item, 4-class)', sentiment));
  }
  console.log(
    `  macro-F1  stage ${stage.macroF1.toFixed(3)}  touchpoint ${touchpoint.macroF1.toFixed(3)}  sentiment ${sentiment.macroF1.toFixed(3)}   (targets 0.80)`,
  );
  if (mixed.expected > 0)
    console.log(
      `  mixed items: mention-level recall ${mixed.found}/${mixed.expected} = ${mixed.recall.toFixed(3)}`,
    );
}

export function runLabelledEval(file: string): void {
  const items = readLabelled(file);
  reportSplit(
    'Labelled set, dev split',
    items.filter((i) => i.split === 'dev'),
    false,
  );
  reportSplit(
    'Labelled set, test split',
    items.filter((i) => i.split === 'test'),
    true,
  );
}

/** A second held-out file (feedback-test2.jsonl): every item is "split": "test" and is never used for tuning. */
export function runHeldOutEval(file: string, title: string): void {
  const items = readLabelled(file);
  if (items.some((i) => i.split !== 'test'))
    throw new Error(`${file}: every item of a held-out file must have "split": "test"`);
  reportSplit(title, items, true);
}

/** A dev-only labelled file (feedback-dev2/3.jsonl): written for tuning, so its numbers are dev numbers. */
export function runDevOnlyEval(file: string, title: string): void {
  const items = readLabelled(file);
  if (items.some((i) => i.split !== 'dev'))
    throw new Error(`${file}: every item of a dev-only file must have "split": "dev"`);
  reportSplit(`Dev-only set ${title} (tuning data, not a test)`, items, true);
}
