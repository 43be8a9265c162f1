// VADER's rules (Hutto & Gilbert 2014) over one clause, re-implemented: lexicon valence, ALL-CAPS emphasis,
// degree adverbs over the three preceding words, negation (case-insensitive, and "n't" anywhere),
// "least", exclamation and question emphasis; plus the customer-experience phrase lexicon.

import { NUMBER_WORDS } from '../lexicon/cx-patterns.js';
import {
  BOOSTER_BIGRAMS,
  BOOSTERS,
  CAPS_STEP,
  CONTRAST_WEIGHTS,
  NEGATION_SCALAR,
  NEGATORS,
} from '../lexicon/modifiers.js';
import { isScoredWord, type Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import { applyAsk, applyMood, readMood } from './clause-mood.js';
import { PHRASES, type PhraseEntry, VALENCES } from './lexicon.js';

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
const NUMBER = /^\d+(?:[.,]\d+)?$/;

export function isNegator(lower: string): boolean {
  return NEGATORS.has(lower) || lower.endsWith("n't");
}

function isNumberWord(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57 ? NUMBER.test(w) : NUMBER_WORDS.has(w);
}

function firstMatch(
  candidates: readonly PhraseEntry[] | undefined,
  words: readonly Token[],
  at: number,
): PhraseEntry | undefined {
  if (candidates === undefined) return undefined;
  for (const entry of candidates) {
    let ok = true;
    for (let k = 1; k < entry.words.length && ok; k++) {
      const w = words[at + k]?.lower;
      const want = entry.words[k];
      ok = w !== undefined && (want === '#' ? isNumberWord(w) : w === want);
    }
    if (ok) return entry;
  }
  return undefined;
}

/** The longest phrase starting at `at`; phrases that start with `#` start at any number. */
function matchPhrase(words: readonly Token[], at: number): PhraseEntry | undefined {
  const word = words[at]!.lower;
  const hit = firstMatch(PHRASES.get(word), words, at);
  if (hit !== undefined || !isNumberWord(word)) return hit;
  return firstMatch(PHRASES.get('#'), words, at);
}

const SO_THIS = new Set(['so', 'this']);

/** VADER's never_check: "never so good" intensifies; otherwise a negator 1-3 words back flips the valence. */
function applyNegation(words: readonly Token[], at: number, k: number, v: number): number {
  const back1 = words[at - 1]?.lower ?? '';
  const back2 = words[at - 2]?.lower ?? '';
  if (k === 2 && back2 === 'never' && SO_THIS.has(back1)) return v * 1.5;
  if (k === 3 && ((words[at - 3]?.lower === 'never' && SO_THIS.has(back2)) || SO_THIS.has(back1)))
    return v * 1.25;
  const n = at - k;
  if (!isNegator(words[n]?.lower ?? '')) return v;
  // "not only fails ... but", "not just", "nothing but praise", "nothing short of wonderful": idioms that
  // negate nothing.
  const after = words[n + 1]?.lower;
  if ((after === 'only' || after === 'just') && words[n]!.lower === 'not') return v;
  if (after === 'but' && words[n]!.lower === 'nothing') return v;
  if (after === 'short' && words[n + 2]?.lower === 'of' && words[n]!.lower === 'nothing') return v * 1.25;
  return v * NEGATION_SCALAR;
}

/** Verbs that end a problem: "fixed the bug", "sorted the billing error" turn the problem word into praise. */
const RESOLVERS = new Set(
  'fixed fixes fix solved solves resolved resolves sorted sorts repaired cleared addressed handled'.split(
    ' ',
  ),
);
/** A resolved problem word keeps this share of its valence, with the sign turned. */
const RESOLVED_SCALAR = -0.6;
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

/** Booster, negation and "least" rules over the three words before `at` (VADER order), not crossing `floor`. */
function modifyValence(
  words: readonly Token[],
  at: number,
  valence: number,
  capsDiff: boolean,
  floor: number,
): number {
  let v = valence;
  let resolved = false;
  for (let k = 1; k <= 3 && at - k >= floor; k++) {
    const prev = words[at - k]!;
    if (v < 0 && !resolved && RESOLVERS.has(prev.lower)) {
      v *= RESOLVED_SCALAR;
      resolved = true;
      continue;
    }
    if (!isNegator(prev.lower) && VALENCES.has(prev.lower)) continue;
    const boost = BOOSTERS.get(prev.lower);
    if (boost !== undefined) {
      let s = v < 0 ? -boost : boost;
      if (capsDiff && prev.caps) s += v > 0 ? CAPS_STEP : -CAPS_STEP;
      v += k === 1 ? s : k === 2 ? s * 0.95 : s * 0.9;
    }
    v = applyNegation(words, at, k, v);
  }
  if (at - 2 >= floor) {
    const damp = BOOSTER_BIGRAMS.get(`${words[at - 2]!.lower} ${words[at - 1]!.lower}`);
    if (damp !== undefined) v += v < 0 ? -damp : damp;
  }
  const before = words[at - 1]?.lower;
  if (
    at - 1 >= floor &&
    before === 'least' &&
    words[at - 2]?.lower !== 'at' &&
    words[at - 2]?.lower !== 'very'
  ) {
    v *= NEGATION_SCALAR;
  }
  return v;
}

function findNegator(words: readonly Token[], at: number): number {
  for (let k = 1; k <= 3 && at - k >= 0; k++) if (isNegator(words[at - k]!.lower)) return at - k;
  return at;
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
  const polite =
    (mood.courtesy === 'greeting' && position === 'first') ||
    (mood.courtesy === 'sign-off' && position === 'last');
  if (mood.nonAnswer || polite)
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
      const base = VALENCES.get(word.lower)!;
      const negated = Math.sign(v) !== Math.sign(base);
      const from = negated ? findNegator(words, i) : i;
      pushEvidence(evidence, text, words[from]!, word, negated ? 'sentiment.negated' : 'sentiment.lexicon');
    }
    v = applyMood(mood, applyAsk(mood, word.lower, v));
    sum += v;
    hits++;
    partSums[parts[at]!] = (partSums[parts[at]!] ?? 0) + v;
  }
  if (hits === 0 && !shrug) {
    // Customer feedback that only negates an action ("the code never arrives", "can't add items", "barely
    // lasts a day") or asks why is a complaint even when no sentiment word is present; "without" is not
    // ("split bills without doing maths").
    const negator = words.find((w, k) => isNegatedAction(words, k) || BARELY.has(w.lower));
    if (negator !== undefined) {
      sum = NEGATED_ACTION;
      pushEvidence(evidence, text, negator, negator, 'sentiment.negated-action');
    } else if (mood.why) {
      sum = WHY_QUESTION;
      pushEvidence(evidence, text, words[mood.greeting]!, words[mood.greeting]!, 'sentiment.why-question');
    }
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

/** Valence of the lexicon word at `i` after VADER's modifiers; 0 for a word that carries none. */
function scoreWord(words: readonly Token[], i: number, capsDiff: boolean, floor: number): number {
  const word = words[i]!;
  if (BOOSTERS.has(word.lower) || CONTRAST_WEIGHTS.has(word.lower)) return 0;
  if (isNegator(word.lower) && i < words.length - 1) return 0;
  if (word.lower === 'kind' && words[i + 1]?.lower === 'of') return 0;
  const base = VALENCES.get(word.lower);
  if (base === undefined || base === 0) return 0;
  let v = base;
  if (capsDiff && word.caps) v += v > 0 ? CAPS_STEP : -CAPS_STEP;
  if (word.kind === 'word') v = modifyValence(words, i, v, capsDiff, floor);
  return v;
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
