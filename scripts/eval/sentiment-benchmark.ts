// The VADER human-rated benchmark (tweets, amazon, movie, nyt): Pearson r against the human mean and
// 3-class macro-F1 (gold: >= +0.5 positive, <= -0.5 negative, else neutral), painmap beside raw AFINN
// (`sentiment`) and the npm `vader-sentiment` port on the same items.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Sentiment from 'sentiment';
import { tagItem } from '../../src/tagging/index.js';
import { NEUTRAL_BAND } from '../../src/tagging/tag-item.js';
import { pearson, scoreClasses } from './metrics.js';

const CORPORA = [
  ['tweets', 'tweets_GroundTruth.txt'],
  ['amazon', 'amazonReviewSnippets_GroundTruth.txt'],
  ['movie', 'movieReviewSnippets_GroundTruth.txt'],
  ['nyt', 'nytEditorialSnippets_GroundTruth.txt'],
] as const;
const TARGET_R: Record<string, number> = { tweets: 0.885, amazon: 0.62, movie: 0.48, nyt: 0.53 };

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

function goldClass(mean: number): string {
  return mean >= 0.5 ? 'positive' : mean <= -0.5 ? 'negative' : 'neutral';
}

function classOf(score: number, band: number): string {
  return score >= band ? 'positive' : score <= -band ? 'negative' : 'neutral';
}

type Scorer = { name: string; band: number; score: (text: string) => number };

async function loadScorers(): Promise<Scorer[]> {
  const afinn = new Sentiment();
  const scorers: Scorer[] = [
    { name: 'painmap', band: NEUTRAL_BAND, score: (t) => tagItem({ text: t }).sentiment.score },
    { name: 'sentiment (AFINN)', band: 1, score: (t) => afinn.analyze(t).score },
  ];
  try {
    // A variable specifier: the package is an optional devDependency with no types.
    const specifier = 'vader-sentiment';
    const mod = (await import(specifier)) as any;
    const analyzer = mod.SentimentIntensityAnalyzer ?? mod.default?.SentimentIntensityAnalyzer;
    scorers.push({ name: 'vader-sentiment', band: 0.05, score: (t) => analyzer.polarity_scores(t).compound });
  } catch {
    console.log('  (vader-sentiment not installed: its column is skipped)');
  }
  return scorers;
}

export async function runSentimentBenchmark(dir: string): Promise<void> {
  if (!existsSync(dir)) {
    console.log(`Sentiment benchmark skipped: ${dir} not found (set PAINMAP_SENTIMENT_BENCH to its folder).`);
    return;
  }
  const scorers = await loadScorers();
  console.log('\n## Sentiment benchmark (VADER human-rated sets): Pearson r / 3-class macro-F1');
  console.log(
    `  ${'corpus'.padEnd(8)} ${'n'.padStart(6)} ${scorers.map((s) => s.name.padStart(22)).join(' ')}  target r`,
  );
  for (const [name, file] of CORPORA) {
    const items = readCorpus(path.join(dir, file));
    const gold = items.map((i) => i.gold);
    const goldClasses = gold.map(goldClass);
    const cells = scorers.map((s) => {
      const scores = items.map((i) => s.score(i.text));
      const r = pearson(scores, gold);
      const f1 = scoreClasses(
        goldClasses,
        scores.map((x) => classOf(x, s.band)),
        ['positive', 'neutral', 'negative'],
      );
      return `${r.toFixed(3)} / ${f1.macroF1.toFixed(3)}`.padStart(22);
    });
    console.log(
      `  ${name.padEnd(8)} ${String(items.length).padStart(6)} ${cells.join(' ')}  ${TARGET_R[name]}`,
    );
  }
}
