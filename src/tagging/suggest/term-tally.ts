// Pure: the counts `painmap taxonomy suggest` reads stored clauses into. First every clause that fell to
// `unknown` or the fallback ("mined"), keeping its terms; then the clauses that did get a cell ("tagged"),
// counted only for the terms the mined clauses made candidates, so memory follows the mined clauses.
import { clauseTerms } from './clause-terms.js';

/** A stored clause: its text and the cell its own words named (null: unknown, or given by the fallback). */
export interface ClauseInput {
  itemId: number;
  text: string;
  stage: string | null;
  touchpoint: string | null;
}

export interface TermStat {
  key: string;
  /** How often each written form occurs in mined clauses. */
  surfaces: Map<string, number>;
  /** Mined clauses containing the term. */
  mined: number;
  /** Tagged clauses containing the term. */
  tagged: number;
  /** Where the term occurs with a named stage or touchpoint (tagged clauses, and mined ones that name one). */
  stages: Map<string, number>;
  touchpoints: Map<string, number>;
}

export interface MinedClause {
  itemId: number;
  text: string;
  /** Term keys. */
  terms: string[];
}

export interface SuggestTally {
  terms: Map<string, TermStat>;
  mined: MinedClause[];
  /** Clauses with at least one term, of each kind (greetings, sign-offs and non-answers have none). */
  minedClauses: number;
  taggedClauses: number;
  /** Clauses read that had no term, of each kind. */
  emptyMined: number;
  emptyTagged: number;
}

export function createTally(): SuggestTally {
  return { terms: new Map(), mined: [], minedClauses: 0, taggedClauses: 0, emptyMined: 0, emptyTagged: 0 };
}

function bump(map: Map<string, number>, key: string | null): void {
  if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
}

function countNamed(stat: TermStat, clause: ClauseInput): void {
  bump(stat.stages, clause.stage);
  bump(stat.touchpoints, clause.touchpoint);
}

export function addMinedClause(tally: SuggestTally, clause: ClauseInput): void {
  const text = clause.text.trim();
  const terms = clauseTerms(text);
  if (terms.length === 0) {
    tally.emptyMined++;
    return;
  }
  tally.minedClauses++;
  for (const { key, surface } of terms) {
    let stat = tally.terms.get(key);
    if (stat === undefined) {
      stat = { key, surfaces: new Map(), mined: 0, tagged: 0, stages: new Map(), touchpoints: new Map() };
      tally.terms.set(key, stat);
    }
    stat.mined++;
    bump(stat.surfaces, surface);
    countNamed(stat, clause);
  }
  tally.mined.push({ itemId: clause.itemId, text, terms: terms.map((t) => t.key) });
}

/** Forgets the terms of fewer than `minCount` mined clauses: they can never be proposed. */
export function pruneTerms(tally: SuggestTally, minCount: number): void {
  for (const [key, stat] of tally.terms) if (stat.mined < minCount) tally.terms.delete(key);
}

export function addTaggedClause(tally: SuggestTally, clause: ClauseInput): void {
  const terms = clauseTerms(clause.text);
  if (terms.length === 0) {
    tally.emptyTagged++;
    return;
  }
  tally.taggedClauses++;
  for (const { key } of terms) {
    const stat = tally.terms.get(key);
    if (stat === undefined) continue;
    stat.tagged++;
    countNamed(stat, clause);
  }
}
