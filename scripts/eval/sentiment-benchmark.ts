// The VADER human-rated benchmark (tweets, amazon, movie, nyt): Pearson r against the human mean and
// 3-class macro-F1 (gold: >= +0.5 positive, <= -0.5 negative, else neutral), painmap beside raw AFINN
// (`sentiment`) and the npm `vader-sentiment` port on the same items. The shipped polarity layer was trained
// on these corpora, so painmap is scored per corpus with a model trained on the other three corpora and the
// labelled dev split only (leave one corpus out): no score here is on data its model saw.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Sentiment from 'sentiment';
import { defaultTaxonomy } from '../../src/tagging/index.js';
import { createTagItem, NEUTRAL_BAND } from '../../src/tagging/tag-item.js';
import { compileTaxonomy } from '../../src/tagging/taxonomy/compile-taxonomy.js';
import { readExamples, trainWithout } from '../train-sentiment.js';
import { CORPORA, readCorpus } from './corpora.js';
import { pearson, scoreClasses } from './metrics.js';

const TARGET_R: Record<string, number> = { tweets: 0.885, amazon: 0.62, movie: 0.48, nyt: 0.53 };

function goldClass(mean: number): string {
  return mean >= 0.5 ? 'positive' : mean <= -0.5 ? 'negative' : 'neutral';
}

function classOf(score: number, band: number): string {
  return score >= band ? 'positive' : score <= -band ? 'negative' : 'neutral';
}

type Scorer = { name: string; band: number; score: (text: string, corpus: string) => number };

function painmapScorers(repoRoot: string, dir: string): Scorer[] {
  const taxonomy = compileTaxonomy(defaultTaxonomy);
  const rules = createTagItem(taxonomy, null);
  const examples = readExamples(repoRoot, dir);
  const folds = new Map(
    CORPORA.map(([name]) => [name as string, createTagItem(taxonomy, trainWithout(examples, name))]),
  );
  return [
    { name: 'painmap rules', band: NEUTRAL_BAND, score: (t) => rules({ text: t }).sentiment.score },
    {
      name: 'painmap +trained (LOCO)',
      band: NEUTRAL_BAND,
      score: (t, corpus) => folds.get(corpus)!({ text: t }).sentiment.score,
    },
  ];
}

async function loadScorers(repoRoot: string, dir: string): Promise<Scorer[]> {
  const afinn = new Sentiment();
  const scorers: Scorer[] = [
    ...painmapScorers(repoRoot, dir),
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

export async function runSentimentBenchmark(repoRoot: string, dir: string): Promise<void> {
  if (!existsSync(dir)) {
    console.log(`Sentiment benchmark skipped: ${dir} not found (set PAINMAP_SENTIMENT_BENCH to its folder).`);
    return;
  }
  const scorers = await loadScorers(repoRoot, dir);
  console.log('\n## Sentiment benchmark (VADER human-rated sets): Pearson r / 3-class macro-F1');
  console.log(
    `  ${'corpus'.padEnd(8)} ${'n'.padStart(6)} ${scorers.map((s) => s.name.padStart(24)).join(' ')}  target r`,
  );
  for (const [name, file] of CORPORA) {
    const items = readCorpus(path.join(dir, file));
    const gold = items.map((i) => i.gold);
    const goldClasses = gold.map(goldClass);
    const cells = scorers.map((s) => {
      const scores = items.map((i) => s.score(i.text, name));
      const r = pearson(scores, gold);
      const f1 = scoreClasses(
        goldClasses,
        scores.map((x) => classOf(x, s.band)),
        ['positive', 'neutral', 'negative'],
      );
      return `${r.toFixed(3)} / ${f1.macroF1.toFixed(3)}`.padStart(24);
    });
    console.log(
      `  ${name.padEnd(8)} ${String(items.length).padStart(6)} ${cells.join(' ')}  ${TARGET_R[name]}`,
    );
  }
}
