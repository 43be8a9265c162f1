// Clause segmentation: sentences (. ! ? line breaks ;), then contrastive clauses ("fast but wrong" is two).
import { CONTRAST_WEIGHTS } from '../lexicon/modifiers.js';
import type { Token } from './tokenize.js';

export interface Clause {
  /** Token index range [from, to) into the item's tokens. */
  from: number;
  to: number;
  /** Weight of this clause in the item score ("but" clauses count more, what they contradict less). */
  weight: number;
  sentence: number;
}

const SENTENCE_END = /^[.!?]+$/;
const CONCESSIVE = new Set(['although', 'though', 'while', 'whilst', 'even']);

function isDecimalPoint(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  return (
    t.text === '.' &&
    prev !== undefined &&
    next !== undefined &&
    prev.end === t.start &&
    next.start === t.end &&
    /\d$/.test(prev.text) &&
    /^\d/.test(next.text)
  );
}

/**
 * Abbreviations whose point ends no sentence: titles and street words before a name ("St. Paul", "Dr. Lee"),
 * and months and weekdays before a date ("Nov. 25"). Real requests are full of them: cut there, "when will
 * the train from St. Paul arrive" became two mentions, the second about nothing.
 */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'mt',
  'ft',
  'jr',
  'sr',
  'prof',
  'ave',
  'rd',
  'blvd',
  'vs',
]);
const DATE_WORDS = new Set([
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
]);

/**
 * A point that closes an abbreviation, not a sentence: straight after a title ("St."), after a month or
 * weekday followed by a number or a lower-case word, or after a single letter followed by another letter
 * with no space ("N.C.", "U.S.") or by a lower-case word or a number ("N.C. office").
 */
function isAbbreviationPoint(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (t.text !== '.' || prev === undefined || prev.kind !== 'word' || prev.end !== t.start) return false;
  if (next === undefined || next.kind === 'break') return false;
  const lowerNext = /^[a-z0-9]/.test(next.text);
  if (TITLES.has(prev.lower)) return next.kind === 'word';
  if (DATE_WORDS.has(prev.lower)) return lowerNext || /^\d/.test(next.text);
  if (/^[a-z]$/i.test(prev.text))
    return (
      (next.start === t.end && /^[a-z]$/i.test(next.text)) ||
      (lowerNext && next.kind === 'word') ||
      /^\d/.test(next.text)
    );
  return false;
}

/** Opens a new clause at a contrastive word that follows at least one word of the current clause. */
function opensClause(tokens: readonly Token[], i: number, clauseWords: number): boolean {
  const t = tokens[i]!;
  if (t.kind !== 'word' || clauseWords === 0) return false;
  if (!CONTRAST_WEIGHTS.has(t.lower)) return false;
  if (t.lower === 'yet') return tokens[i - 1]?.text === ',';
  // "good though." / "but," at a sentence end opens nothing.
  const next = tokens[i + 1];
  return next !== undefined && next.kind !== 'break' && !SENTENCE_END.test(next.text);
}

interface Builder {
  clauses: Clause[];
  from: number;
  words: number;
  weight: number;
  sentence: number;
  concessive: boolean;
}

function close(b: Builder, to: number): void {
  if (to > b.from && b.words > 0)
    b.clauses.push({ from: b.from, to, weight: b.weight, sentence: b.sentence });
  else if (to > b.from && b.clauses.length > 0) b.clauses[b.clauses.length - 1]!.to = to;
  b.from = to;
  b.words = 0;
  b.weight = 1;
  b.concessive = false;
}

/** Splits tokens into clauses; every word token belongs to exactly one clause. */
export function segmentClauses(tokens: readonly Token[]): Clause[] {
  const b: Builder = { clauses: [], from: 0, words: 0, weight: 1, sentence: 0, concessive: false };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'break' || (t.kind === 'punct' && t.text === ';')) {
      close(b, t.kind === 'break' ? i : i + 1);
      if (t.kind === 'break') b.from = i + 1;
      b.sentence++;
      continue;
    }
    if (
      t.kind === 'punct' &&
      SENTENCE_END.test(t.text) &&
      !isDecimalPoint(tokens, i) &&
      !isAbbreviationPoint(tokens, i)
    ) {
      close(b, i + 1);
      b.sentence++;
      continue;
    }
    if (t.kind === 'punct' && t.text === ',' && b.concessive && b.words > 1) {
      close(b, i + 1);
      b.weight = 1.5;
      continue;
    }
    if (opensClause(tokens, i, b.words)) {
      const weight = CONTRAST_WEIGHTS.get(t.lower) ?? 1;
      close(b, i);
      b.weight = weight;
      if (weight > 1) downweightEarlier(b.clauses, b.sentence);
    }
    if (t.kind !== 'punct' && t.kind !== 'symbol') {
      if (b.words === 0 && CONCESSIVE.has(t.lower)) b.concessive = true;
      if (b.words === 0 && CONTRAST_WEIGHTS.has(t.lower)) b.weight = CONTRAST_WEIGHTS.get(t.lower) ?? 1;
      b.words++;
    }
  }
  close(b, tokens.length);
  return b.clauses;
}

function downweightEarlier(clauses: Clause[], sentence: number): void {
  for (let k = clauses.length - 1; k >= 0 && clauses[k]!.sentence === sentence; k--) {
    clauses[k]!.weight = Math.min(clauses[k]!.weight, 0.5);
  }
}
