// VADER's rules (Hutto & Gilbert 2014) over one clause, re-implemented: the word valences of
// word-valence.ts summed per comma-part, exclamation and question emphasis, the clause's mood, and the
// fallbacks for a clause without sentiment words (a negated action, a "why" question).

import { isScoredWord, type Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import { applyAsk, applyMood, type Mood, readMood } from './clause-mood.js';
import { VALENCES } from './lexicon.js';
import { findNegator, isNegator, matchPhrase, scoreWord } from './word-valence.js';

export interface ClauseScore {
  /** Sum of word valences plus punctuation emphasis, on VADER's open scale. */
  raw: number;
  /** Number of words that carried valence. */
  hits: number;
  /** The valence is a fallback (a negated action, a "why" question), not a sentiment word. */
  fallback: boolean;
  /** The clause says nothing (a non-answer) or only greets or signs off: its words are not evidence. */
  silent: boolean;
  /** Raw sum of the most negative and of the most positive comma-separated part (both `raw` without commas). */
  lowest: number;
  highest: number;
  evidence: Evidence[];
}

/** Valence of a clause whose only signal is a negated action. */
const NEGATED_ACTION = -1.1;
/** Words that say an action barely happens ("the battery barely lasts"): a complaint without a sentiment word. */
const BARELY = new Set(['barely', 'hardly', 'scarcely']);
/** Raw valence of a last comma-part ending in "though" after praise: enough to be a clear complaint part. */
const TRAILING_THOUGH = -1.6;
/** "not the app", "not a refund": a negator before a determiner corrects a noun, it negates no action. */
const DETERMINERS = new Set('the a an my your our their this that his her its'.split(' '));

function isNegatedAction(words: readonly Token[], k: number): boolean {
  const w = words[k]!;
  if (w.kind !== 'word' || !isNegator(w.lower) || w.lower === 'without') return false;
  return !(w.lower === 'not' && DETERMINERS.has(words[k + 1]?.lower ?? ''));
}

/** Valence of a "why ...?" clause without sentiment words ("Why has my bill gone up?"). */
const WHY_QUESTION = -0.9;

/** A greeting first or a sign-off last: politeness, not praise. */
function isPoliteness(mood: Pick<Mood, 'courtesy'>, position: ClausePosition): boolean {
  return (
    (mood.courtesy === 'greeting' && position === 'first') ||
    (mood.courtesy === 'sign-off' && position === 'last')
  );
}

/**
 * Customer feedback that only negates an action ("the code never arrives", "can't add items", "barely
 * lasts a day") or asks why is a complaint even when no sentiment word is present; "without" is not
 * ("split bills without doing maths"). Returns the clause's valence, 0 when neither applies.
 */
function fallbackValence(
  text: string,
  words: readonly Token[],
  mood: Pick<Mood, 'why' | 'greeting'>,
  evidence: Evidence[],
): number {
  const negator = words.find((w, k) => isNegatedAction(words, k) || BARELY.has(w.lower));
  if (negator !== undefined) {
    pushEvidence(evidence, text, negator, negator, 'sentiment.negated-action');
    return NEGATED_ACTION;
  }
  if (mood.why) {
    pushEvidence(evidence, text, words[mood.greeting]!, words[mood.greeting]!, 'sentiment.why-question');
    return WHY_QUESTION;
  }
  return 0;
}

/** The lexicon word at `i` scored `v`: its evidence reaches back to its negator when one flipped it. */
function pushWordEvidence(
  out: Evidence[],
  text: string,
  words: readonly Token[],
  i: number,
  v: number,
): void {
  const base = VALENCES.get(words[i]!.lower)!;
  const negated = Math.sign(v) !== Math.sign(base);
  const from = negated ? findNegator(words, i) : i;
  pushEvidence(out, text, words[from]!, words[i]!, negated ? 'sentiment.negated' : 'sentiment.lexicon');
}

function pushEvidence(out: Evidence[], text: string, from: Token, to: Token, rule: string): void {
  out.push({
    kind: 'sentiment',
    rule,
    match: text.slice(from.start, to.end),
    start: from.start,
    end: to.end,
  });
}

function punctuationEmphasis(tokens: readonly Token[]): number {
  let bangs = 0;
  let questions = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    for (const c of t.text) {
      if (c === '!') bangs++;
      else if (c === '?') questions++;
    }
  }
  const q = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
  return Math.min(bangs, 4) * 0.292 + q;
}

/** The words the scorer reads (other one-character words dropped, as in VADER) and the comma-part of each. */
function clauseWords(tokens: readonly Token[]): { words: Token[]; parts: number[] } {
  const words: Token[] = [];
  const parts: number[] = [];
  let part = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ',' && words.length > 0) part++;
    if (t.kind !== 'punct' && t.kind !== 'break' && t.kind !== 'symbol' && isScoredWord(t.text)) {
      words.push(t);
      parts.push(part);
    }
  }
  return { words, parts };
}

/**
 * Where a clause sits in its item: a greeting first or a sign-off last is politeness (a ticket's "Hi," or
 * "Thanks, Priya"), not praise as when it is all the item says ("Thank you so much!").
 */
export type ClausePosition = 'alone' | 'first' | 'middle' | 'last';

/** Scores the tokens of one clause. `text` is the item text (for evidence), `capsDiff` is item-wide. */
export function scoreClause(
  text: string,
  tokens: readonly Token[],
  capsDiff: boolean,
  position: ClausePosition = 'alone',
): ClauseScore {
  const { words, parts } = clauseWords(tokens);
  const mood = readMood(tokens, words);
  if (mood.nonAnswer || isPoliteness(mood, position))
    return { raw: 0, hits: 0, fallback: false, silent: true, lowest: 0, highest: 0, evidence: [] };
  let floor = mood.greeting;
  const evidence: Evidence[] = [];
  const partSums: number[] = [];
  let sum = 0;
  let hits = 0;
  /** A phrase of valence 0 ("not great, not terrible") holds its negators: no negated-action fallback. */
  let shrug = false;
  let fallback = 0;
  for (let i = mood.greeting; i < words.length; i++) {
    const word = words[i]!;
    const at = i;
    let v = 0;
    // Negators and boosters do not reach across a comma ("Nope, still clueless").
    if (i > 0 && parts[i] !== parts[i - 1]) floor = Math.max(floor, i);
    const phrase = matchPhrase(words, i);
    if (phrase !== undefined) {
      const last = words[i + phrase.words.length - 1]!;
      i += phrase.words.length - 1;
      floor = i + 1;
      if (phrase.valence === 0) {
        shrug = true;
        continue;
      }
      v = phrase.valence;
      pushEvidence(evidence, text, word, last, 'sentiment.cx-phrase');
    } else {
      v = scoreWord(words, i, capsDiff, floor);
      if (v === 0) continue;
      pushWordEvidence(evidence, text, words, i, v);
    }
    v = applyMood(mood, applyAsk(mood, word.lower, v));
    sum += v;
    hits++;
    partSums[parts[at]!] = (partSums[parts[at]!] ?? 0) + v;
  }
  if (hits === 0 && !shrug) {
    sum = fallbackValence(text, words, mood, evidence);
    if (sum !== 0) {
      partSums[0] = sum;
      fallback = sum;
      hits++;
    }
  }
  sum += trailingThough(words, parts, partSums);
  const emphasis = sum === 0 ? 0 : punctuationEmphasis(tokens);
  sum += sum > 0 ? emphasis : -emphasis;
  return { raw: sum, hits, fallback: fallback !== 0, silent: false, ...extremes(partSums, sum), evidence };
}

/**
 * "Good coffee, the machine is loud though": a last comma-part ending in "though" after a part of praise
 * is a complaint, however mild its words. Returns the change to the clause sum.
 */
function trailingThough(words: readonly Token[], parts: readonly number[], partSums: (number | undefined)[]) {
  const last = words.length - 1;
  if (last < 1 || words[last]!.lower !== 'though' || parts[last] === 0) return 0;
  const part = parts[last]!;
  const own = partSums[part] ?? 0;
  let praise = false;
  for (let p = 0; p < part; p++) praise ||= (partSums[p] ?? 0) > 0;
  if (!praise || own <= TRAILING_THOUGH) return 0;
  partSums[part] = TRAILING_THOUGH;
  return TRAILING_THOUGH - own;
}

/** The most negative and most positive comma-part of a clause ("nice design, useless search"). */
function extremes(partSums: readonly (number | undefined)[], sum: number) {
  if (partSums.length <= 1) return { lowest: sum, highest: sum };
  let lowest = 0;
  let highest = 0;
  for (const s of partSums) {
    if (s === undefined) continue;
    lowest = Math.min(lowest, s);
    highest = Math.max(highest, s);
  }
  return { lowest, highest };
}

/** VADER's normalisation of an open-scale sum into -1..1. */
export function normalizeScore(raw: number, alpha = 15): number {
  return raw / Math.sqrt(raw * raw + alpha);
}
