// Scores a candidate clause model (from scripts/train-clause-model.ts --out FILE) on a labelled real-text
// file: the outside annotators' dev split by default, or the own-labelled fold a --holdout-fold run wrote
// beside the model (FILE.holdout.jsonl). Never pass ../shared/corpora/labelled/test.jsonl while tuning.
// Usage: tsx scripts/eval/candidate.ts MODEL.json [--holdout] [--file LABELLED.jsonl] [--errors CORPUS]
// (--errors prints each item of CORPUS whose item stage or touchpoint is wrong, with the tagger's mentions.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTagger, defaultTaxonomy } from '../../src/tagging/index.js';
import { type ClauseModelJson, readClauseModel } from '../../src/tagging/model/clause-model.js';
import { readRealLabelled, runRealTextEval } from './real-text.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corporaDir = process.env.PAINMAP_CORPORA ?? path.resolve(repoRoot, '../shared/corpora');
const args = process.argv.slice(2);
const modelFile = args[0];
if (!modelFile) throw new Error('usage: candidate.ts MODEL.json [--holdout] [--file LABELLED.jsonl]');
const file = args.includes('--file')
  ? path.resolve(args[args.indexOf('--file') + 1]!)
  : args.includes('--holdout')
    ? `${modelFile}.holdout.jsonl`
    : path.join(corporaDir, 'labelled/dev.jsonl');
if (path.basename(file) === 'test.jsonl') throw new Error('test.jsonl is scored by npm run eval only');
const model = readClauseModel(JSON.parse(readFileSync(modelFile, 'utf8')) as ClauseModelJson);
runRealTextEval(
  file,
  `${path.basename(modelFile)} on ${path.basename(file)}`,
  createTagger(defaultTaxonomy, { clauseModel: model }),
);

if (args.includes('--errors')) {
  const corpus = args[args.indexOf('--errors') + 1];
  const tag = createTagger(defaultTaxonomy, { clauseModel: model });
  for (const item of readRealLabelled(file).filter((i) => i.corpus === corpus)) {
    const r = tag({ text: item.text, language: item.language, source: null });
    if (r.stage === item.stage && r.touchpoint === item.touchpoint) continue;
    console.log(
      `\n${item.id}: gold ${item.stage} × ${item.touchpoint} (${item.sentiment}), got ${r.stage} × ${r.touchpoint} (${r.sentiment.label})`,
    );
    console.log(`  ${item.text.slice(0, 400)}`);
    for (const m of item.mentions)
      console.log(`  gold: ${m.stage} × ${m.touchpoint} ${m.sentiment} "${m.quote.slice(0, 80)}"`);
    for (const m of r.mentions)
      console.log(
        `  got:  ${m.stage} × ${m.touchpoint} ${m.sentiment.label} "${item.text.slice(m.start, m.end).slice(0, 80)}"`,
      );
  }
}
