// `npm run eval languages`: the Spanish, German and French labelled sets (fixtures/labelled/languages), each
// split by a fixed rule (odd lines dev, even lines test), scored with the language pack, with the English
// rules alone on the same text (what an item got before the packs), and with the constant baselines.
import path from 'node:path';
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../../src/domain.js';
import type { TagInput, TagResult } from '../../src/tagging/types.js';
import { readJsonlWith } from './jsonl.js';
import { scoreClasses } from './metrics.js';

const itemSchema = z.object({
  id: z.string(),
  text: z.string(),
  language: z.string(),
  stage: z.enum(STAGES),
  touchpoint: z.enum(TOUCHPOINTS),
  sentiment: z.enum(['positive', 'negative', 'neutral', 'mixed']),
});
type Item = z.infer<typeof itemSchema>;

const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'];

function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

function row(
  name: string,
  items: readonly Item[],
  predicted: { stage: string; touchpoint: string; sentiment: string }[],
) {
  const stage = scoreClasses(
    items.map((i) => i.stage),
    predicted.map((p) => p.stage),
    [...STAGES, 'unknown'],
  );
  const touchpoint = scoreClasses(
    items.map((i) => i.touchpoint),
    predicted.map((p) => p.touchpoint),
    [...TOUCHPOINTS, 'unknown'],
  );
  const sentiment = scoreClasses(
    items.map((i) => i.sentiment),
    predicted.map((p) => p.sentiment),
    SENTIMENTS,
  );
  const cell = (s: { accuracy: number; macroF1: number }) =>
    `${s.accuracy.toFixed(3)} (${s.macroF1.toFixed(3)})`;
  return `  ${name.padEnd(34)} ${cell(stage).padEnd(16)} ${cell(touchpoint).padEnd(16)} ${cell(sentiment)}`;
}

function labelsOf(r: TagResult) {
  return { stage: r.stage, touchpoint: r.touchpoint, sentiment: r.sentiment.label };
}

/** Scores one language's set: dev and test halves, the pack beside the English rules and the constants. */
export function runLanguageEval(
  repoRoot: string,
  language: string,
  tag: (input: TagInput) => TagResult,
  englishRules: (input: TagInput) => TagResult,
): void {
  const file = path.join(repoRoot, 'fixtures/labelled/languages', `${language}.jsonl`);
  const items = readJsonlWith(file, itemSchema);
  const halves: [string, Item[]][] = [
    ['dev (odd lines: rules were written on these)', items.filter((_, i) => i % 2 === 0)],
    ['test (even lines: only scored)', items.filter((_, i) => i % 2 === 1)],
  ];
  for (const [title, half] of halves) {
    console.log(`\n## ${language}: ${title}, ${half.length} items — accuracy (macro-F1)`);
    console.log(`  ${''.padEnd(34)} ${'stage'.padEnd(16)} ${'touchpoint'.padEnd(16)} sentiment`);
    console.log(
      row(
        `${language} pack`,
        half,
        half.map((i) => labelsOf(tag({ text: i.text, language: i.language }))),
      ),
    );
    console.log(
      row(
        'English rules on the same text',
        half,
        half.map((i) => labelsOf(englishRules({ text: i.text }))),
      ),
    );
    const constant = {
      stage: mostFrequent(half.map((i) => i.stage)),
      touchpoint: mostFrequent(half.map((i) => i.touchpoint)),
      sentiment: mostFrequent(half.map((i) => i.sentiment)),
    };
    console.log(
      row(
        `constant ${constant.stage} / ${constant.touchpoint} / ${constant.sentiment}`,
        half,
        half.map(() => constant),
      ),
    );
  }
}
