// `npm run eval` (tsx scripts/eval.ts): the sentiment benchmark, the dev-only set, then the labelled feedback set.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDevOnlyEval, runHeldOutEval, runLabelledEval } from './eval/labelled.js';
import { runSentimentBenchmark } from './eval/sentiment-benchmark.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir =
  process.env.PAINMAP_SENTIMENT_BENCH ?? path.resolve(repoRoot, '../shared/benchmarks/sentiment/vader');
const only = process.argv[2];

if (only !== 'labelled') await runSentimentBenchmark(repoRoot, benchDir);
if (only !== 'benchmark') {
  runDevOnlyEval(path.join(repoRoot, 'fixtures/labelled/feedback-dev2.jsonl'), 'feedback-dev2');
  runDevOnlyEval(path.join(repoRoot, 'fixtures/labelled/feedback-dev3.jsonl'), 'feedback-dev3');
  runDevOnlyEval(path.join(repoRoot, 'fixtures/labelled/feedback-dev4.jsonl'), 'feedback-dev4');
  runDevOnlyEval(path.join(repoRoot, 'fixtures/labelled/feedback-dev5.jsonl'), 'feedback-dev5');
  runLabelledEval(path.join(repoRoot, 'fixtures/labelled/feedback.jsonl'));
  runHeldOutEval(
    path.join(repoRoot, 'fixtures/labelled/feedback-test2.jsonl'),
    'Second held-out set feedback-test2',
  );
}
