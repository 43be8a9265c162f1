// The per-preset labelled sets: our own labels of the shared corpora (fixtures/labelled/corpora/*.jsonl,
// labelled per the codebook by labellers, not by the preset's author), one corpus per industry, split by a
// hash of the item id into a part the preset rules may be written from (`rules`, 60%) and a frozen
// evaluation part (`eval`, 40%) that nobody reads while writing rules. The split was fixed before any preset
// rule was written (fixtures/labelled/presets.md); changing SPLIT_SALT or EVAL_PERCENT would void it.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type RealItem, readRealLabelled } from './real-text.js';

/** The corpus that speaks for each preset's industry. */
export const PRESET_CORPORA = {
  banking: 'cfpb_complaints',
  travel: 'rsics_customer_service',
  retail: 'womens_clothing_reviews',
  saas: 'app_reviews_is22',
  'telecom-utilities': 'rsics_customer_service',
} as const;
export type MeasuredPreset = keyof typeof PRESET_CORPORA;

/**
 * Where a corpus mixes industries, the id prefixes of a preset's own: rsics holds three companies' virtual
 * agents (shared/corpora/rsics_customer_service/README.md), rsics-2 a train company, rsics-3 an airline,
 * rsics-4 a telecommunications provider. A preset without an entry takes its whole corpus.
 */
export const PRESET_ID_PREFIXES: Partial<Record<MeasuredPreset, readonly string[]>> = {
  travel: ['rsics-2-', 'rsics-3-'],
  'telecom-utilities': ['rsics-4-'],
};

/** Whether the item is of the preset's own industry (its corpus and, where set, one of its id prefixes). */
export function ofPreset(item: Pick<RealItem, 'corpus' | 'id'>, preset: MeasuredPreset): boolean {
  if (item.corpus !== PRESET_CORPORA[preset]) return false;
  const prefixes = PRESET_ID_PREFIXES[preset];
  return prefixes === undefined || prefixes.some((p) => item.id.startsWith(p));
}

/** Whether the item is in some measured preset's `part` (what `--without-preset-part` leaves out). */
export function inPresetPart(item: Pick<RealItem, 'corpus' | 'id'>, part: 'eval' | 'rules'): boolean {
  return (
    splitOf(item.id) === part &&
    (Object.keys(PRESET_CORPORA) as MeasuredPreset[]).some((preset) => ofPreset(item, preset))
  );
}

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
  return items.filter((i) => ofPreset(i, preset) && splitOf(i.id) === part);
}
