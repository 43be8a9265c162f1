// `npm run eval` (tsx scripts/eval.ts): the sentiment benchmark, the dev-only set, then the labelled feedback set.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTagger, defaultTaxonomy, shippedClauseModel } from '../src/tagging/index.js';
import { runDevOnlyEval, runHeldOutEval, runLabelledEval } from './eval/labelled.js';
import { runLanguageEval } from './eval/languages.js';
import { runPolarReviews } from './eval/polar-reviews.js';
import { runPresetEval } from './eval/presets.js';
import { runRealTextEval } from './eval/real-text.js';
import { runSentimentBenchmark } from './eval/sentiment-benchmark.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir =
  process.env.PAINMAP_SENTIMENT_BENCH ?? path.resolve(repoRoot, '../shared/benchmarks/sentiment/vader');
const only = process.argv[2];
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const rulesOnly = createTagger(defaultTaxonomy, { clauseModel: null });
const withModel = createTagger(defaultTaxonomy, { clauseModel: shippedClauseModel });

if (only === 'presets') {
  runPresetEval(repoRoot, process.argv[3] === 'rules' ? 'rules' : 'eval');
  process.exit(0);
}
if (only === undefined || only === 'languages') {
  // Spanish, German and French: each pack on its written set, beside the English rules on the same text.
  for (const language of ['es', 'de', 'fr']) runLanguageEval(repoRoot, language, withModel, rulesOnly);
}
if (only === 'languages') process.exit(0);

if (only === undefined || only === 'real') {
  // Real text first: the outside annotators' held-out split, never trained or tuned on.
  const test = path.join(corporaDir, 'labelled/test.jsonl');
  runRealTextEval(test, 'Real text, held out: labelled/test.jsonl (clause model)', withModel);
  runRealTextEval(test, 'Real text, held out: labelled/test.jsonl (rules only, as 0.4.0)', rulesOnly);
  // Our own held-out requests, complaints and app reviews (round 6): labelled by three labelling sessions
  // before any model was tuned on them, frozen, never trained on (fixtures/labelled/heldout/README.md).
  const round6 = path.join(repoRoot, 'fixtures/labelled/heldout/round6.jsonl');
  runRealTextEval(round6, 'Real text, held out: our round-6 labels (clause model)', withModel);
  runRealTextEval(round6, 'Real text, held out: our round-6 labels (rules only, as 0.4.0)', rulesOnly);
  runRealTextEval(
    path.join(corporaDir, 'labelled/dev.jsonl'),
    'Real text, dev: labelled/dev.jsonl (the shipped model trained on it: not a test)',
    withModel,
  );
  runPolarReviews(repoRoot, corporaDir, withModel);
}
if (only === 'real') process.exit(0);
if (only === undefined) runPresetEval(repoRoot);

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
