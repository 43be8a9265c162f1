// `npm run eval presets`: each industry preset beside `general` on its own corpus's evaluation part
// (scripts/eval/preset-sets.ts), with the clause model on (the default tagger) and off (rules only). The
// model was trained on all of fixtures/labelled/corpora, both parts included: its scores are optimistic.
// `npm run eval presets rules` scores the rules part instead (the part preset rules are written from).
// PAINMAP_EVAL_CLAUSE_MODEL=FILE adds rows for a candidate model, e.g. one trained without the evaluation parts
// (`tsx scripts/train-clause-model.ts --without-preset-evals --out FILE`): the fair model-on comparison.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createTagger,
  defaultTaxonomy,
  resolveTaxonomy,
  shippedClauseModel,
} from '../../src/tagging/index.js';
import { type ClauseModelJson, readClauseModel } from '../../src/tagging/model/clause-model.js';
import type { TagInput, TagResult } from '../../src/tagging/types.js';
import {
  type MeasuredPreset,
  PRESET_CORPORA,
  PRESET_ID_PREFIXES,
  presetSet,
  readOwnLabels,
} from './preset-sets.js';

const prefixNote = (preset: MeasuredPreset) => {
  const prefixes = PRESET_ID_PREFIXES[preset];
  return prefixes ? ` ${prefixes.map((p) => `${p}*`).join(' ')}` : '';
};

import { type RealItem, type RealScores, scoreReal } from './real-text.js';

const f = (x: number) => x.toFixed(3);

function score(items: readonly RealItem[], tag: (input: TagInput) => TagResult): RealScores {
  return scoreReal(
    items,
    items.map((i) => tag({ text: i.text, language: i.language })),
  );
}

function row(name: string, s: RealScores): string {
  return `  ${name.padEnd(34)} ${f(s.stage.accuracy)} (${f(s.stage.macroF1)})   ${f(s.touchpoint.accuracy)} (${f(s.touchpoint.macroF1)})   ${f(s.sentiment.accuracy)} (${f(s.sentiment.macroF1)})   ${f(s.aspectRecall)}`;
}

export interface PresetScores {
  preset: MeasuredPreset;
  items: number;
  general: { model: RealScores; rules: RealScores; heldOut: RealScores | null };
  own: { model: RealScores; rules: RealScores; heldOut: RealScores | null };
}

const candidateFile = process.env.PAINMAP_EVAL_CLAUSE_MODEL;
const candidate =
  candidateFile === undefined || candidateFile === ''
    ? null
    : readClauseModel(JSON.parse(readFileSync(candidateFile, 'utf8')) as ClauseModelJson);

export function runPresetEval(repoRoot: string, part: 'eval' | 'rules' = 'eval'): PresetScores[] {
  const all = readOwnLabels(path.join(repoRoot, 'fixtures/labelled/corpora'));
  const generalModel = createTagger(defaultTaxonomy, { clauseModel: shippedClauseModel });
  const generalRules = createTagger(defaultTaxonomy, { clauseModel: null });
  const out: PresetScores[] = [];
  console.log(
    `\n## Industry presets on their own corpus (${part} part of fixtures/labelled/corpora, see fixtures/labelled/presets.md)`,
  );
  console.log(
    '   With the clause model on, both columns are optimistic: the model was trained on these corpora.',
  );
  console.log(
    `  ${'preset (tagger)'.padEnd(34)} stage acc (F1)   touchp. acc (F1) sentiment acc (F1) aspect recall`,
  );
  for (const preset of Object.keys(PRESET_CORPORA) as MeasuredPreset[]) {
    const items = presetSet(all, preset, part);
    const taxonomy = resolveTaxonomy(`preset:${preset}`);
    const scores: PresetScores = {
      preset,
      items: items.length,
      general: {
        model: score(items, generalModel),
        rules: score(items, generalRules),
        heldOut: candidate && score(items, createTagger(defaultTaxonomy, { clauseModel: candidate })),
      },
      own: {
        model: score(items, createTagger(taxonomy, { clauseModel: shippedClauseModel })),
        rules: score(items, createTagger(taxonomy, { clauseModel: null })),
        heldOut: candidate && score(items, createTagger(taxonomy, { clauseModel: candidate })),
      },
    };
    console.log(
      `  ${preset} on ${PRESET_CORPORA[preset]}${prefixNote(preset)} (${items.length} items), ${taxonomy.version}`,
    );
    console.log(row('    general (model on)', scores.general.model));
    console.log(row(`    ${preset} (model on)`, scores.own.model));
    console.log(row('    general (rules only)', scores.general.rules));
    console.log(row(`    ${preset} (rules only)`, scores.own.rules));
    if (scores.general.heldOut && scores.own.heldOut) {
      console.log(row('    general (candidate model)', scores.general.heldOut));
      console.log(row(`    ${preset} (candidate model)`, scores.own.heldOut));
    }
    out.push(scores);
  }
  return out;
}
