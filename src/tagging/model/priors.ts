// A taxonomy's priors (compile-taxonomy.ts): log-odds an industry preset adds to the clause model's stage
// and touchpoint heads, as a vector laid out like a row of the model's weights.
import type { WeightTable } from './clause-model.js';

/**
 * A taxonomy's priors (log-odds per stage and touchpoint, compile-taxonomy.ts) as a vector added to every
 * clause's weights (or, for the item heads' table, to the item's sums); null when it has none. Computed
 * once per tagger.
 */
export function priorWeights(
  model: Pick<WeightTable<'stage' | 'touchpoint'>, 'width' | 'heads'>,
  priors: { stage: Partial<Record<string, number>>; touchpoint: Partial<Record<string, number>> },
): Float64Array | null {
  const out = new Float64Array(model.width);
  let any = false;
  for (const kind of ['stage', 'touchpoint'] as const) {
    const head = model.heads[kind];
    for (const [label, value] of Object.entries(priors[kind])) {
      const at = head.labels.indexOf(label);
      if (at < 0 || value === undefined || value === 0) continue;
      out[head.offset + at] = value;
      any = true;
    }
  }
  return any ? out : null;
}
