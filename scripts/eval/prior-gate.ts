// The two-fold gate a preset's priors pass before they ship (scripts/fit-preset-priors.ts): the preset's rules
// part is split in two halves by a hash of the item id; priors fitted on one half are scored on the other,
// both ways. They ship only when each fold gains: a sum hides a fold that loses (+8 and -7 is +1).
import { createHash } from 'node:crypto';

export const HALVES_SALT = 'painmap-prior-halves/1';

/** 0 or 1: the first byte of sha256(salt:id), modulo 2. Changing the salt would change every past gate. */
export function priorHalf(id: string): 0 | 1 {
  return (createHash('sha256').update(`${HALVES_SALT}:${id}`).digest()[0]! % 2) as 0 | 1;
}

/** Whether priors pass: every fold's gain (fitted on one half, scored on the other) above zero. */
export function passesPriorGate(foldGains: readonly number[]): boolean {
  return foldGains.length === 2 && foldGains.every((gain) => gain > 0);
}
