// Pure: a group of terms becomes a proposed rule — the stage and touchpoint the words most likely belong
// to (where the clauses that name a cell put them; "choose" when they name none or disagree), the words
// to match, how many mined clauses and items the words would reach, and the shortest example clauses.
import type { TermGroup } from './group-terms.js';
import type { ScoredTerm } from './score-terms.js';
import type { MinedClause } from './term-tally.js';

/** The weight of a proposed rule: the taxonomy's "leans towards the class" (3 names it outright). */
export const PROPOSED_WEIGHT = 2;
/** A class is proposed when it has at least this many placements and this share of them. */
export const MIN_VOTES = 3;
export const MIN_SHARE = 0.5;
export const EXAMPLES = 3;

export interface ClassChoice {
  /** null: no class is likely enough; the reviewer chooses. */
  label: string | null;
  /** The most placed class, its count and share of all placements (also when not chosen). */
  top: string | null;
  votes: number;
  share: number;
}

export interface ProposedTerm {
  term: string;
  key: string;
  score: number;
  clauses: number;
  items: number;
  tagged: number;
}

export interface Proposal {
  id: string;
  score: number;
  stage: ClassChoice;
  touchpoint: ClassChoice;
  /** The rule's match list: the written forms, without words that only occur inside a listed phrase. */
  match: string[];
  terms: ProposedTerm[];
  /** Mined clauses (and their items) containing any of the words. */
  clauses: number;
  items: number;
  examples: Array<{ itemId: number; text: string }>;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The class most of the group's placements name, if it is likely enough. */
export function chooseClass(terms: readonly ScoredTerm[], dimension: 'stages' | 'touchpoints'): ClassChoice {
  const votes = new Map<string, number>();
  for (const term of terms)
    for (const [label, n] of term.stat[dimension]) votes.set(label, (votes.get(label) ?? 0) + n);
  let total = 0;
  let top: string | null = null;
  let topVotes = 0;
  for (const label of [...votes.keys()].sort(byKey)) {
    const n = votes.get(label)!;
    total += n;
    if (n > topVotes) {
      top = label;
      topVotes = n;
    }
  }
  const share = total === 0 ? 0 : topVotes / total;
  const likely = topVotes >= MIN_VOTES && share >= MIN_SHARE;
  return { label: likely ? top : null, top, votes: topVotes, share: round3(share) };
}

/** Drops a word that nearly always occurs inside a two-word phrase of the group ("mat" beside "bath mat"). */
export function matchList(terms: readonly ScoredTerm[]): string[] {
  const phrases = terms.filter((t) => t.key.includes(' '));
  const inside = (t: ScoredTerm) =>
    !t.key.includes(' ') && phrases.some((p) => p.key.split(' ').includes(t.key) && p.mined >= 0.8 * t.mined);
  return terms.filter((t) => !inside(t)).map((t) => t.surface);
}

/** Mined clauses with any of the keys: their count, distinct items and the shortest distinct texts. */
function reach(keys: ReadonlySet<string>, mined: readonly MinedClause[]) {
  let clauses = 0;
  const items = new Set<number>();
  const texts = new Map<string, { itemId: number; text: string }>();
  for (const clause of mined) {
    if (!clause.terms.some((key) => keys.has(key))) continue;
    clauses++;
    items.add(clause.itemId);
    const seen = texts.get(clause.text.toLowerCase());
    if (seen === undefined || clause.itemId < seen.itemId)
      texts.set(clause.text.toLowerCase(), { itemId: clause.itemId, text: clause.text });
  }
  const examples = [...texts.values()]
    .sort((a, b) => a.text.length - b.text.length || byKey(a.text, b.text) || a.itemId - b.itemId)
    .slice(0, EXAMPLES);
  return { clauses, items: items.size, examples };
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** One proposal per group, in group order; ids `suggested-<first word>` are unique. */
export function proposeRules(groups: readonly TermGroup[], mined: readonly MinedClause[]): Proposal[] {
  const ids = new Set<string>();
  return groups.map((group, index) => {
    const leader = group.terms[0]!;
    let id = `suggested-${slug(leader.surface) || index + 1}`;
    for (let n = 2; ids.has(id); n++) id = `suggested-${slug(leader.surface) || index + 1}-${n}`;
    ids.add(id);
    return {
      id,
      score: round3(leader.score),
      stage: chooseClass(group.terms, 'stages'),
      touchpoint: chooseClass(group.terms, 'touchpoints'),
      match: matchList(group.terms),
      terms: group.terms.map((t) => ({
        term: t.surface,
        key: t.key,
        score: round3(t.score),
        clauses: t.mined,
        items: t.items,
        tagged: t.tagged,
      })),
      ...reach(new Set(group.terms.map((t) => t.key)), mined),
    };
  });
}
