// The per-preset labelled sets: our own labels of the shared corpora (fixtures/labelled/corpora/*.jsonl,
// labelled per the codebook by labellers, not by the preset's author), one corpus per industry, split by a
// hash of the item id into a part the preset rules may be written from (`rules`, 60%) and a frozen
// evaluation part (`eval`, 40%) that nobody reads while writing rules. The split was fixed before any preset
// rule was written (fixtures/labelled/presets.md); changing SPLIT_SALT or EVAL_PERCENT would void it.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type RealItem, readRealLabelled } from './real-text.js';

/** The preset whose industry each corpus speaks for; telecom-utilities has no corpus here. */
export const PRESET_CORPORA = {
  banking: 'cfpb_complaints',
  travel: 'rsics_customer_service',
  retail: 'womens_clothing_reviews',
  saas: 'app_reviews_is22',
} as const;
export type MeasuredPreset = keyof typeof PRESET_CORPORA;

export const SPLIT_SALT = 'painmap-preset-split/1';
export const EVAL_PERCENT = 40;

/** `eval` or `rules`: the first 32 bits of sha256(salt:id), modulo 100, below EVAL_PERCENT is `eval`. */
export function splitOf(id: string): 'eval' | 'rules' {
  const digest = createHash('sha256').update(`${SPLIT_SALT}:${id}`).digest();
  return digest.readUInt32BE(0) % 100 < EVAL_PERCENT ? 'eval' : 'rules';
}

/** Every labelled item of the folder once (an item labelled twice keeps its first line), in file order. */
export function readOwnLabels(folder: string): RealItem[] {
  const seen = new Set<string>();
  const out: RealItem[] = [];
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  for (const file of files)
    for (const item of readRealLabelled(path.join(folder, file))) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  return out;
}

/** One preset's part of its corpus. */
export function presetSet(
  items: readonly RealItem[],
  preset: MeasuredPreset,
  part: 'eval' | 'rules',
): RealItem[] {
  return items.filter((i) => i.corpus === PRESET_CORPORA[preset] && splitOf(i.id) === part);
}
