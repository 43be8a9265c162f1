// Pure: related terms become one proposal. Two terms are related when they occur in the same mined
// clauses (Ochiai coefficient of their clause sets: "bath" and "bath mat") or when the clauses that name a
// cell place them alike (cosine of their stage and touchpoint counts: "mirror" and "armchair" are both
// where the product clauses are). Leader clustering, seeded by score order: the best ungrouped term opens
// a group and takes the later ungrouped terms related to it. No randomness, so the same terms always
// give the same groups.
import type { ScoredTerm } from './score-terms.js';
import type { MinedClause } from './term-tally.js';

export interface GroupOptions {
  /** How many of the best terms are grouped (the rest are never proposed). */
  pool: number;
  /** Most terms in one group. */
  maxTerms: number;
  /** Ochiai at or above this joins two terms. */
  together: number;
  /** Cosine of their cell counts at or above this joins two terms that both have `minPlaced` counts. */
  alike: number;
  minPlaced: number;
}

export const GROUP_DEFAULTS: GroupOptions = {
  pool: 80,
  maxTerms: 8,
  together: 0.5,
  alike: 0.9,
  minPlaced: 3,
};

export interface TermGroup {
  /** The leader first, then the others in score order. */
  terms: ScoredTerm[];
}

/** |A ∩ B| / sqrt(|A| |B|) of two sorted lists of clause indices. */
export function ochiai(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! === b[j]!) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return both / Math.sqrt(a.length * b.length);
}

/** The term's stage and touchpoint counts as one vector (keys `s:` and `t:`). */
function placement(term: ScoredTerm): Map<string, number> {
  const out = new Map<string, number>();
  for (const [label, n] of term.stat.stages) out.set(`s:${label}`, n);
  for (const [label, n] of term.stat.touchpoints) out.set(`t:${label}`, n);
  return out;
}

export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (const [key, x] of a) {
    aa += x * x;
    dot += x * (b.get(key) ?? 0);
  }
  for (const y of b.values()) bb += y * y;
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb);
}

/** Clause indices per term key, ascending. */
function postingsOf(keys: ReadonlySet<string>, mined: readonly MinedClause[]): Map<string, number[]> {
  const out = new Map<string, number[]>([...keys].map((key) => [key, []]));
  mined.forEach((clause, index) => {
    for (const key of clause.terms) out.get(key)?.push(index);
  });
  return out;
}

const placedCount = (term: ScoredTerm) => {
  let n = 0;
  for (const c of term.stat.stages.values()) n += c;
  for (const c of term.stat.touchpoints.values()) n += c;
  return n;
};

/** Groups the best `pool` ranked terms; groups come out in the order of their leaders. */
export function groupTerms(
  ranked: readonly ScoredTerm[],
  mined: readonly MinedClause[],
  options: GroupOptions = GROUP_DEFAULTS,
): TermGroup[] {
  const pool = ranked.slice(0, options.pool);
  const postings = postingsOf(new Set(pool.map((t) => t.key)), mined);
  const placements = pool.map(placement);
  const placed = pool.map((t) => placedCount(t) >= options.minPlaced);
  const related = (i: number, j: number) =>
    ochiai(postings.get(pool[i]!.key)!, postings.get(pool[j]!.key)!) >= options.together ||
    (placed[i]! && placed[j]! && cosine(placements[i]!, placements[j]!) >= options.alike);
  const grouped = new Array<boolean>(pool.length).fill(false);
  const groups: TermGroup[] = [];
  for (let i = 0; i < pool.length; i++) {
    if (grouped[i]) continue;
    grouped[i] = true;
    const terms = [pool[i]!];
    for (let j = i + 1; j < pool.length && terms.length < options.maxTerms; j++) {
      if (grouped[j] || !related(i, j)) continue;
      grouped[j] = true;
      terms.push(pool[j]!);
    }
    groups.push({ terms });
  }
  return groups;
}
