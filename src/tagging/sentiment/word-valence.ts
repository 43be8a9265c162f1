// One word's valence in its clause, VADER's rules (Hutto & Gilbert 2014) re-implemented: lexicon
// valence, ALL-CAPS emphasis, degree adverbs over the three preceding words, negation (case-insensitive,
// and "n't" anywhere), "least", resolved problems ("fixed the bug"); and the phrase lexicon's matches.
import { NUMBER_WORDS } from '../lexicon/cx-patterns.js';
import {
  BOOSTER_BIGRAMS,
  BOOSTERS,
  CAPS_STEP,
  CONTRAST_WEIGHTS,
  NEGATION_SCALAR,
  NEGATORS,
} from '../lexicon/modifiers.js';
import type { Token } from '../text/tokenize.js';
import { PHRASES, type PhraseEntry, VALENCES } from './lexicon.js';

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
export function matchPhrase(words: readonly Token[], at: number): PhraseEntry | undefined {
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

export function findNegator(words: readonly Token[], at: number): number {
  for (let k = 1; k <= 3 && at - k >= 0; k++) if (isNegator(words[at - k]!.lower)) return at - k;
  return at;
}

/** Valence of the lexicon word at `i` after VADER's modifiers; 0 for a word that carries none. */
export function scoreWord(words: readonly Token[], i: number, capsDiff: boolean, floor: number): number {
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
