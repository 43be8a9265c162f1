// Pure: the terms of one clause for `painmap taxonomy suggest` — its content words and two-word phrases,
// keyed by their Porter stems. The tokenizer and stemmer are the tagger's own (so a proposed word matches
// as a rule would), the stop words natural's English list.
import stopwords from 'natural/lib/natural/util/stopwords.js';
import { readMood } from '../sentiment/clause-mood.js';
import { stemWord } from '../text/stem.js';
import { isScoredWord, type Token, tokenize } from '../text/tokenize.js';

const STOP: ReadonlySet<string> = new Set(stopwords.words);

export interface ClauseTerm {
  /** The stems, space-separated: "bath mat" and "bath mats" are one term. */
  key: string;
  /** The words as written, lower-cased: what a taxonomy rule would list. */
  surface: string;
}

/**
 * A word worth a term: not a stop word, not a number, not a contraction ("didn't", "it's" are function
 * words), at least two characters.
 */
function isContentWord(lower: string): boolean {
  return lower.length >= 2 && !STOP.has(lower) && !/^\d+$/.test(lower) && !lower.includes("'");
}

/** A clause that only greets, signs off ("Kind regards,") or answers nothing ("n/a"): no terms, as the tagger reads it. */
function saysNothing(tokens: readonly Token[]): boolean {
  const words = tokens.filter(
    (t) => t.kind !== 'punct' && t.kind !== 'break' && t.kind !== 'symbol' && isScoredWord(t.text),
  );
  const mood = readMood(tokens, words);
  return mood.courtesy !== null || mood.nonAnswer;
}

/**
 * The distinct unigrams and bigrams of a clause, in order of first appearance. A bigram joins two
 * adjacent content words with nothing between them but a space ("push notifications", not "mirror is").
 */
export function clauseTerms(text: string): ClauseTerm[] {
  const tokens = tokenize(text);
  if (saysNothing(tokens)) return [];
  const seen = new Set<string>();
  const out: ClauseTerm[] = [];
  const add = (key: string, surface: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ key, surface });
  };
  let previous: { stem: string; lower: string } | null = null;
  for (const token of tokens) {
    if (token.kind !== 'word' || !isContentWord(token.lower)) {
      previous = null;
      continue;
    }
    const stem = stemWord(token.lower);
    add(stem, token.lower);
    if (previous !== null) add(`${previous.stem} ${stem}`, `${previous.lower} ${token.lower}`);
    previous = { stem, lower: token.lower };
  }
  return out;
}
