// Fits each measured industry preset's priors (log-odds added to the clause model's stage and touchpoint
// heads, schema.ts) on the preset's *rules* part (scripts/eval/preset-sets.ts; the eval part is never read):
// coordinate ascent on the item stage and touchpoint accuracy and the clause cells found on that part — for each class in turn, the
// offset among STEPS that gets the most items right, kept only when it gains at least MIN_GAIN of them
// (smaller gains are noise on a few hundred items); PASSES passes. Deterministic. Priors ship only for a
// preset where priors fitted on one half of the rules part gain on the other half, both ways (each fold
// above zero, not only their sum). Fit with a model that did
// not see the rules part (`tsx scripts/train-clause-model.ts --without-preset-part rules --out FILE`), so
// its labels there are out of sample, then write the printed `priors` into
// src/tagging/taxonomy/presets/NAME.json with a version bump.
// Usage: tsx scripts/fit-preset-priors.ts MODEL.json [PRESET ...]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGES, TOUCHPOINTS } from '../src/domain.js';
import { createTagger, resolveTaxonomy } from '../src/tagging/index.js';
import { type ClauseModelJson, readClauseModel } from '../src/tagging/model/clause-model.js';
import type { Taxonomy } from '../src/tagging/taxonomy/schema.js';
import { type MeasuredPreset, PRESET_CORPORA, presetSet, readOwnLabels } from './eval/preset-sets.js';
import { passesPriorGate, priorHalf } from './eval/prior-gate.js';
import { type RealItem, scoreReal } from './eval/real-text.js';

const STEPS = [-1, -0.5, 0.5, 1];
const LIMIT = 2;
const PASSES = 2;
const MIN_GAIN = 2;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [modelFile, ...wanted] = process.argv.slice(2);
if (modelFile === undefined) throw new Error('usage: fit-preset-priors.ts MODEL.json [PRESET ...]');
const model = readClauseModel(JSON.parse(readFileSync(modelFile, 'utf8')) as ClauseModelJson);
const all = readOwnLabels(path.join(repoRoot, 'fixtures/labelled/corpora'));

type Kind = 'stage' | 'touchpoint';
type Priors = Record<Kind, Record<string, number>>;

/**
 * Items of the part whose stage is right, plus those whose touchpoint is right (where labelled), plus the
 * labelled clause cells found: the item's cell and the heatmap's mentions both count, so a prior may not buy
 * item accuracy by hiding a rarer clause cell.
 */
function score(items: readonly RealItem[], taxonomy: Taxonomy): number {
  const tag = createTagger(taxonomy, { clauseModel: model });
  const s = scoreReal(
    items,
    items.map((i) => tag({ text: i.text, language: i.language })),
  );
  const named = items.filter((i) => i.touchpoint !== null).length;
  return s.stage.accuracy * items.length + s.touchpoint.accuracy * named + s.aspectRecall * s.cells;
}

/** Coordinate ascent from no priors on `items`; returns the priors (zeros dropped). */
function fitPriors(items: readonly RealItem[], base: Taxonomy): Priors {
  const priors: Priors = { stage: {}, touchpoint: {} };
  const labels: Record<Kind, readonly string[]> = { stage: STAGES, touchpoint: TOUCHPOINTS };
  let best = score(items, { ...base, priors });
  for (let pass = 0; pass < PASSES; pass++)
    for (const kind of ['stage', 'touchpoint'] as const)
      for (const label of labels[kind]) {
        const current = priors[kind][label] ?? 0;
        let choice = current;
        let most = best;
        for (const step of STEPS) {
          const value = Math.max(-LIMIT, Math.min(LIMIT, current + step));
          const s = score(items, {
            ...base,
            priors: { ...priors, [kind]: { ...priors[kind], [label]: value } },
          });
          if (s >= most + MIN_GAIN) [choice, most] = [value, s];
        }
        if (choice !== current) {
          priors[kind][label] = choice;
          best = most;
        }
      }
  for (const kind of ['stage', 'touchpoint'] as const)
    for (const [label, value] of Object.entries(priors[kind])) if (value === 0) delete priors[kind][label];
  return priors;
}

const NONE: Priors = { stage: {}, touchpoint: {} };

for (const preset of (wanted.length > 0 ? wanted : Object.keys(PRESET_CORPORA)) as MeasuredPreset[]) {
  const items = presetSet(all, preset, 'rules');
  const base = resolveTaxonomy(`preset:${preset}`);
  // Two-fold check inside the rules part: priors fitted on one half, scored on the other. Priors ship only
  // where they gain there (the eval part stays unread).
  const folds = [0, 1].map((k) => {
    const train = items.filter((i) => priorHalf(i.id) === k);
    const check = items.filter((i) => priorHalf(i.id) !== k);
    const priors = fitPriors(train, base);
    return score(check, { ...base, priors }) - score(check, { ...base, priors: NONE });
  });
  const gain = folds[0]! + folds[1]!;
  const priors = fitPriors(items, base);
  const ships = passesPriorGate(folds);
  console.log(
    `${preset} (${items.length} items of the rules part): two-fold gain ${gain.toFixed(1)} (${folds.map((g) => g.toFixed(1)).join(' + ')} of ${score(items, { ...base, priors: NONE }).toFixed(0)} stages + touchpoints + clause cells right, each on the half not fitted on); ${ships ? 'ships' : 'no priors'}`,
  );
  console.log(JSON.stringify({ priors: ships ? priors : NONE }));
}
