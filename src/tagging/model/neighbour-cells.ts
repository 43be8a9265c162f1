// A clause's stage or touchpoint guess, settled among its neighbours: an unsure clause borrows from a sure
// one in the same item, and a clause that names nothing falls back to the survey question's cell or unknown.
import type { Evidence } from '../types.js';
import type { HeadName } from './clause-model.js';

/** Below this probability a clause's stage or touchpoint is unsure: its words name nothing the model knows. */
export const UNSURE = 0.45;
/** A neighbouring clause this sure lends its label to an unsure one ("The lamp is lovely but the shade wobbles"). */
export const SURE = 0.6;

/**
 * Below this probability a clause that no sure neighbour speaks for names nothing the model knows (nor does
 * the survey question, when the item carries one): `unknown`, not a guess from a stray word. On dev.jsonl
 * (the model trained without it) no item changes below 0.35; at UNSURE stage accuracy drops 0.006.
 */
export const NAMES_NOTHING = 0.3;

export interface Guess {
  /** null: unknown. */
  label: string | null;
  probability: number;
  evidence: Evidence[];
  /** Sure enough on its own, or lent a sure neighbour's label. */
  supported?: boolean;
}

/** An unsure clause takes the label of the nearest sure clause before it, else after it, in the same item. */
export function lendFromNeighbours(guesses: Guess[], kind: HeadName): void {
  const sure = guesses.map((g) => g.probability >= SURE);
  guesses.forEach((g, i) => {
    g.supported = g.probability >= UNSURE;
    if (g.supported) return;
    let j = i - 1;
    while (j >= 0 && !sure[j]) j--;
    if (j < 0) {
      j = i + 1;
      while (j < guesses.length && !sure[j]) j++;
    }
    const from = guesses[j];
    if (from === undefined) return;
    g.supported = true;
    if (from.label === g.label) return;
    const first = from.evidence[0]!;
    g.label = from.label;
    g.evidence = [{ ...first, kind, rule: `model.${kind}.${from.label}.context` }];
  });
}

/**
 * Clauses that name nothing the model knows and have no sure neighbour: the survey question's cell where
 * the question alone is sure of one, else unknown.
 */
export function fallBack(guesses: Guess[], kind: HeadName, question: Guess | null): void {
  for (const g of guesses) {
    if (g.supported || g.probability >= NAMES_NOTHING) continue;
    if (question !== null && question.probability >= SURE) {
      g.label = question.label;
      g.evidence = question.evidence;
    } else {
      g.label = null;
      g.evidence = [{ kind, rule: `model.${kind}.unknown.names-nothing`, match: '', start: 0, end: 0 }];
    }
  }
}
