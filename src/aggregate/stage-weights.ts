// Pure: "moments of truth" — how much a stage (or one stage × touchpoint) weighs in the ranking.

export type StageWeights = ReadonlyMap<string, number>;

/**
 * Parses `fulfilment=1.5,onboarding/account_login=2` (a stage, or stage/touchpoint, = a positive
 * number). Throws an error naming the bad entry.
 */
export function parseStageWeights(text: string | undefined): StageWeights {
  const weights = new Map<string, number>();
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (entry === '') continue;
    const match = /^([a-z_]+(?:\/[a-z_]+)?)=(\d+(?:\.\d+)?)$/.exec(entry);
    const weight = match ? Number(match[2]) : Number.NaN;
    if (!match || !(weight > 0)) {
      throw new Error(
        `Bad stage weight "${entry}": write stage=weight or stage/touchpoint=weight, e.g. fulfilment=1.5`,
      );
    }
    weights.set(match[1]!, weight);
  }
  return weights;
}

/**
 * The weights a ranking uses: STAGE_WEIGHTS (the configuration) with `overrides` (each entry
 * `stage=w` or a comma-separated list of them, e.g. the CLI's repeatable --weight) on top.
 * The CLI and the API both rank with this, so they rank alike.
 */
export function resolveStageWeights(
  configured: string | undefined,
  overrides: readonly string[] = [],
): StageWeights {
  return new Map([...parseStageWeights(configured), ...parseStageWeights(overrides.join(','))]);
}

/** The weight of a cell: its stage/touchpoint entry, else its stage entry, else 1. */
export function weightOf(weights: StageWeights, stage: string, touchpoint: string): number {
  return weights.get(`${stage}/${touchpoint}`) ?? weights.get(stage) ?? 1;
}
