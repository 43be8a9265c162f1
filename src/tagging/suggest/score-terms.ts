// Pure: which terms set the mined clauses apart from the tagged ones. The score is the log-odds ratio of a
// term's clause frequency in mined against tagged clauses, with an informative Dirichlet prior and divided
// by its standard error (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16–22, on clause counts):
// generic words ("good", "order") occur in both and score near zero or below; a word the taxonomy lacks
// ("mirror") occurs mostly in mined clauses and scores high, more so the more clauses carry it.
import type { SuggestTally, TermStat } from './term-tally.js';

/** The prior's total weight (α0), in clauses: how much a rare term is pulled towards the overall rate. */
export const PRIOR_CLAUSES = 10;

export interface ScoredTerm {
  key: string;
  /** The most frequent written form (ties: the first in code-unit order). */
  surface: string;
  score: number;
  mined: number;
  /** Distinct items among the mined clauses. */
  items: number;
  tagged: number;
  stat: TermStat;
}

/** z-scored log-odds of a term in mined (`a` of `n.mined` clauses) against tagged (`b` of `n.tagged`) clauses. */
export function logOddsZ(a: number, b: number, n: { mined: number; tagged: number }): number {
  // The prior follows the term's overall rate; +1/+2 keeps it strictly between 0 and α0.
  const alpha = (PRIOR_CLAUSES * (a + b + 1)) / (n.mined + n.tagged + 2);
  const inMined = a + alpha;
  const notInMined = n.mined - a + PRIOR_CLAUSES - alpha;
  const inTagged = b + alpha;
  const notInTagged = n.tagged - b + PRIOR_CLAUSES - alpha;
  const delta = Math.log(inMined / notInMined) - Math.log(inTagged / notInTagged);
  const variance = 1 / inMined + 1 / notInMined + 1 / inTagged + 1 / notInTagged;
  return delta / Math.sqrt(variance);
}

export function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

export interface RankOptions {
  /** A term needs at least this many mined clauses, from at least two items (one when minCount is 1). */
  minCount: number;
  /** Terms the current taxonomy already matches: proposing them again would change nothing. */
  known: (term: TermStat) => boolean;
}

/** Distinct items per term key, over the mined clauses. */
function itemsPerTerm(tally: SuggestTally): Map<string, number> {
  const seen = new Map<string, Set<number>>();
  for (const clause of tally.mined) {
    for (const key of clause.terms) {
      if (!tally.terms.has(key)) continue;
      let items = seen.get(key);
      if (items === undefined) {
        items = new Set();
        seen.set(key, items);
      }
      items.add(clause.itemId);
    }
  }
  return new Map([...seen].map(([key, items]) => [key, items.size]));
}

/** Terms over-represented in the mined clauses, best first (ties: by key). */
export function rankTerms(tally: SuggestTally, options: RankOptions): ScoredTerm[] {
  const items = itemsPerTerm(tally);
  const n = { mined: tally.minedClauses, tagged: tally.taggedClauses };
  const minItems = Math.min(2, options.minCount);
  const out: ScoredTerm[] = [];
  for (const stat of tally.terms.values()) {
    const itemCount = items.get(stat.key) ?? 0;
    if (stat.mined < options.minCount || itemCount < minItems || options.known(stat)) continue;
    const score = logOddsZ(stat.mined, stat.tagged, n);
    if (!(score > 0)) continue;
    out.push({
      key: stat.key,
      surface: mostFrequent(stat.surfaces),
      score,
      mined: stat.mined,
      items: itemCount,
      tagged: stat.tagged,
      stat,
    });
  }
  return out.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}
