// The VADER human-rated benchmark files (shared/benchmarks/sentiment/vader): ID, mean rating, text.
import { readFileSync } from 'node:fs';

export const CORPORA = [
  ['tweets', 'tweets_GroundTruth.txt'],
  ['amazon', 'amazonReviewSnippets_GroundTruth.txt'],
  ['movie', 'movieReviewSnippets_GroundTruth.txt'],
  ['nyt', 'nytEditorialSnippets_GroundTruth.txt'],
] as const;

interface Item {
  gold: number;
  text: string;
}

export function readCorpus(file: string): Item[] {
  const items: Item[] = [];
  for (const line of readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)) {
    const [, mean, ...rest] = line.split('\t');
    if (mean === undefined || rest.length === 0) continue;
    items.push({ gold: Number(mean), text: rest.join('\t') });
  }
  return items;
}
