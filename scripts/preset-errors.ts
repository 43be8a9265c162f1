// Where a preset and `general` disagree on a preset's *rules* part (scripts/eval/preset-sets.ts; the eval part
// is never read): the items each gets right that the other gets wrong, and the preset's remaining confusions
// (gold → tagged), with the rule ids that fired. Read it to write preset rules, word senses and priors.
// Usage: tsx scripts/preset-errors.ts MODEL.json PRESET [--all]
// (MODEL.json: one trained `--without-preset-part rules`, so its labels on the rules part are out of sample.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTagger, defaultTaxonomy, resolveTaxonomy } from '../src/tagging/index.js';
import { type ClauseModelJson, readClauseModel } from '../src/tagging/model/clause-model.js';
import type { TagResult } from '../src/tagging/types.js';
import { type MeasuredPreset, presetSet, readOwnLabels } from './eval/preset-sets.js';
import type { RealItem } from './eval/real-text.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [modelFile, preset, flag] = process.argv.slice(2);
if (modelFile === undefined || preset === undefined)
  throw new Error('usage: preset-errors.ts MODEL.json PRESET [--all]');
const model = readClauseModel(JSON.parse(readFileSync(modelFile, 'utf8')) as ClauseModelJson);
const items = presetSet(
  readOwnLabels(path.join(repoRoot, 'fixtures/labelled/corpora')),
  preset as MeasuredPreset,
  'rules',
);
const general = createTagger(defaultTaxonomy, { clauseModel: model });
const own = createTagger(resolveTaxonomy(`preset:${preset}`), { clauseModel: model });

type Kind = 'stage' | 'touchpoint';
const right = (item: RealItem, r: TagResult, kind: Kind) => item[kind] === null || item[kind] === r[kind];
const rulesOf = (r: TagResult) =>
  r.mentions.flatMap((m) => m.evidence.filter((e) => e.kind !== 'sentiment').map((e) => e.rule));

const confusions = new Map<string, number>();
let [gStage, oStage, gTouch, oTouch] = [0, 0, 0, 0];
for (const item of items) {
  const g = general({ text: item.text, language: item.language });
  const o = own({ text: item.text, language: item.language });
  gStage += Number(right(item, g, 'stage'));
  oStage += Number(right(item, o, 'stage'));
  gTouch += Number(right(item, g, 'touchpoint'));
  oTouch += Number(right(item, o, 'touchpoint'));
  for (const kind of ['stage', 'touchpoint'] as const) {
    const gr = right(item, g, kind);
    const or = right(item, o, kind);
    if (!or) {
      const key = `${kind}: ${item[kind]} → ${o[kind]}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    if (gr === or && (or || flag !== '--all')) continue;
    const tag = gr ? 'PRESET LOSES' : or ? 'preset wins' : 'both wrong';
    console.log(
      `[${tag}] ${kind} gold ${item[kind]} general ${g[kind]} ${preset} ${o[kind]} (${item.id})\n  ${item.text.slice(0, 400).replace(/\s+/g, ' ')}\n  rules: ${[...new Set(rulesOf(o))].join(', ')}`,
    );
  }
}
console.log(
  `\n${items.length} items; stage right general ${gStage} ${preset} ${oStage}; touchpoint right general ${gTouch} ${preset} ${oTouch}`,
);
for (const [key, n] of [...confusions].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`  ${n}  ${key}`);
