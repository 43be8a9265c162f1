// Draft mentions: an item's clauses, each scored (score-clause.ts), corrected by its neighbours
// (clause-context.ts) and tagged with stage and touchpoint (classify-clause.ts). A clause whose comma-parts
// hold clear praise and clear complaint ("Nice design, terrible battery life") becomes one mention per part.
import type { ClauseSentiment } from '../domain.js';
import { classifyClause } from './classify-clause.js';
import type { DraftMention } from './fill-tags.js';
import type { RuleHit } from './model/features.js';
import {
  applyClauseContext,
  type ContextClause,
  endsWithThough,
  isExclamation,
  opensWithContrast,
} from './sentiment/clause-context.js';
import { type ClausePosition, normalizeScore, scoreClause } from './sentiment/score-clause.js';
import { CLEAR_PART_POLARITY, CLEAR_POLARITY, NEUTRAL_BAND } from './sentiment/thresholds.js';
import type { CompiledTaxonomy } from './taxonomy/compile-taxonomy.js';
import { type Clause, segmentClauses } from './text/segment.js';
import type { Token } from './text/tokenize.js';

export interface Draft extends DraftMention {
  start: number;
  end: number;
  score: number;
  label: ClauseSentiment;
  raw: number;
  /** Normalised scores of the clause's most negative and most positive comma-part. */
  low: number;
  high: number;
  weight: number;
  hits: number;
  /** The taxonomy rules that fired in the clause. */
  ruleHits: RuleHit[];
  /** Token range of the clause, and whether its words are no evidence (a greeting, a sign-off). */
  from: number;
  to: number;
  silent: boolean;
}

export function labelOf(score: number): ClauseSentiment {
  return score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
}

function hasCapsDifferential(tokens: readonly Token[]): boolean {
  let words = 0;
  let caps = 0;
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    words++;
    if (t.caps) caps++;
  }
  return caps > 0 && caps < words;
}

function hasQuestionMark(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.kind === 'punct' && t.text.includes('?')) return true;
  return false;
}

const CONCESSIVE_OPENERS = new Set(['though', 'tho', 'although']);

/** "nothing but", "anything but", "all but" are not contrasts, nor is the concession of "even though". */
const NOT_CONTRAST_AFTER = new Set(['nothing', 'anything', 'all', 'even']);

/** Index of the last clause before any trailing name-only clauses ("Regards, D." + "Patel"). */
function signOffStart(tokens: readonly Token[], clauses: readonly Clause[]): number {
  let last = clauses.length - 1;
  while (last > 0 && isNameOnly(tokens, clauses[last]!)) last--;
  return last;
}

function isNameOnly(tokens: readonly Token[], clause: Clause): boolean {
  let words = 0;
  for (let i = clause.from; i < clause.to; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    if (++words > 2 || !/^[A-Z]/.test(t.text)) return false;
  }
  return words > 0;
}

interface Scored extends ContextClause {
  slice: Token[];
  from: number;
  to: number;
  weight: number;
  silent: boolean;
}

function scoreRange(
  text: string,
  tokens: readonly Token[],
  from: number,
  to: number,
  capsDiff: boolean,
  position: ClausePosition,
): Scored & { lowest: number; highest: number } {
  const slice = tokens.slice(from, to);
  const s = scoreClause(text, slice, capsDiff, position);
  return {
    slice,
    from,
    to,
    weight: 1,
    silent: s.silent,
    raw: s.raw,
    hits: s.hits,
    fallback: s.fallback,
    lowest: s.lowest,
    highest: s.highest,
    score: normalizeScore(s.raw),
    low: normalizeScore(s.lowest),
    high: normalizeScore(s.highest),
    evidence: s.evidence,
    contrast:
      (opensWithContrast(slice) && !NOT_CONTRAST_AFTER.has(tokens[from - 1]?.lower ?? '')) ||
      endsWithThough(slice),
    concession: tokens[from - 1]?.lower === 'even' && CONCESSIVE_OPENERS.has(slice[0]?.lower ?? ''),
    exclamation: isExclamation(slice),
    question: hasQuestionMark(slice),
    first: slice.find((t) => t.kind === 'word'),
  };
}

/**
 * The comma-parts of a clause that holds clear praise and clear complaint, scored as clauses of their own;
 * a part without a sentiment word joins the part before it (leading ones, the first part that has one).
 */
function splitAtCommas(
  text: string,
  tokens: readonly Token[],
  whole: Scored,
  capsDiff: boolean,
  position: ClausePosition,
): Scored[] {
  const bounds: number[] = [whole.from];
  for (let i = whole.from + 1; i < whole.to - 1; i++)
    if (tokens[i]!.kind === 'punct' && tokens[i]!.text === ',') bounds.push(i + 1);
  bounds.push(whole.to);
  const starts: number[] = [whole.from];
  let startHasHits = false;
  for (let k = 0; k + 1 < bounds.length; k++) {
    if (!hasHits(text, tokens, bounds[k]!, bounds[k + 1]!, capsDiff)) continue;
    if (startHasHits) starts.push(bounds[k]!);
    startHasHits = true;
  }
  if (starts.length < 2) return [whole];
  const parts: Scored[] = [];
  for (let k = 0; k < starts.length; k++) {
    const part = scoreRange(text, tokens, starts[k]!, starts[k + 1] ?? whole.to, capsDiff, position);
    part.weight = whole.weight;
    parts.push(part);
  }
  return parts;
}

function hasHits(text: string, tokens: readonly Token[], from: number, to: number, capsDiff: boolean) {
  return scoreClause(text, tokens.slice(from, to), capsDiff).hits > 0;
}

/**
 * A closing "Thanks!" is politeness after a question or a complaint, but gratitude after praise ("Fourth
 * truck was the charm. Thanks!"): in an item that praises, silenced sign-offs count again.
 */
function restoreThanks(text: string, tokens: readonly Token[], scored: Scored[], capsDiff: boolean): void {
  if (!scored.some((c) => c.score >= NEUTRAL_BAND)) return;
  for (let k = 0; k < scored.length; k++) {
    const c = scored[k]!;
    if (!c.silent) continue;
    const again = scoreRange(text, tokens, c.from, c.to, capsDiff, 'middle');
    again.weight = c.weight;
    scored[k] = again;
  }
}

/** Scores every clause, lets neighbours correct each other (clause-context.ts), then tags each clause. */
export function draftMentions(taxonomy: CompiledTaxonomy, text: string, tokens: readonly Token[]): Draft[] {
  const capsDiff = hasCapsDifferential(tokens);
  let clauses = segmentClauses(tokens);
  if (clauses.length === 0 && tokens.length > 0)
    clauses = [{ from: 0, to: tokens.length, weight: 1, sentence: 0 }];
  const signOffFrom = signOffStart(tokens, clauses);
  const scored: Scored[] = [];
  clauses.forEach((c, i) => {
    const position: ClausePosition =
      clauses.length === 1 ? 'alone' : i === 0 ? 'first' : i >= signOffFrom ? 'last' : 'middle';
    const whole = scoreRange(text, tokens, c.from, c.to, capsDiff, position);
    whole.weight = c.weight;
    const mixedParts = whole.low <= -CLEAR_PART_POLARITY && whole.high >= CLEAR_PART_POLARITY;
    if (mixedParts) scored.push(...splitAtCommas(text, tokens, whole, capsDiff, position));
    else scored.push(whole);
  });
  restoreThanks(text, tokens, scored, capsDiff);
  applyClauseContext(scored, text, normalizeScore, CLEAR_POLARITY, CLEAR_PART_POLARITY);
  return scored.map((c) => {
    const score = round(c.score);
    const label = labelOf(score);
    const tags = classifyClause(taxonomy, text, c.slice, label);
    return {
      start: c.slice[0]!.start,
      end: c.slice[c.slice.length - 1]!.end,
      score,
      label,
      raw: c.raw,
      low: c.low,
      high: c.high,
      weight: c.weight,
      hits: c.hits,
      from: c.from,
      to: c.to,
      silent: c.silent,
      ruleHits: tags.hits,
      stage: tags.stage,
      touchpoint: tags.touchpoint,
      evidence: [...tags.evidence, ...c.evidence],
    };
  });
}

export function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
