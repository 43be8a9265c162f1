// `npm run eval presets`: each industry preset beside `general` on its own corpus's evaluation part
// (scripts/eval/preset-sets.ts), with the clause model on (the default tagger) and off (rules only). The
// model was trained on all of fixtures/labelled/corpora, both parts included: its scores are optimistic.
// `npm run eval presets rules` scores the rules part instead (the part preset rules are written from).
import path from 'node:path';
import {
  createTagger,
  defaultTaxonomy,
  resolveTaxonomy,
  shippedClauseModel,
} from '../../src/tagging/index.js';
import type { TagInput, TagResult } from '../../src/tagging/types.js';
import { type MeasuredPreset, PRESET_CORPORA, presetSet, readOwnLabels } from './preset-sets.js';
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
  general: { model: RealScores; rules: RealScores };
  own: { model: RealScores; rules: RealScores };
}

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
      general: { model: score(items, generalModel), rules: score(items, generalRules) },
      own: {
        model: score(items, createTagger(taxonomy, { clauseModel: shippedClauseModel })),
        rules: score(items, createTagger(taxonomy, { clauseModel: null })),
      },
    };
    console.log(`  ${preset} on ${PRESET_CORPORA[preset]} (${items.length} items), ${taxonomy.version}`);
    console.log(row('    general (model on)', scores.general.model));
    console.log(row(`    ${preset} (model on)`, scores.own.model));
    console.log(row('    general (rules only)', scores.general.rules));
    console.log(row(`    ${preset} (rules only)`, scores.own.rules));
    out.push(scores);
  }
  console.log('  telecom-utilities: not measured (no telecom or utility corpus is available here).');
  return out;
}
