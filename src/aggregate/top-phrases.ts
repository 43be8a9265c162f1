// Pure: the phrases that set a cell's complaints apart — 1- to 3-word n-grams of its negative clauses,
// scored by TF-IDF with one document per cell (natural's modules, imported one by one).
import NGrams from 'natural/lib/natural/ngrams/ngrams.js';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import stopwords from 'natural/lib/natural/util/stopwords.js';
import { tokenize } from '../tagging/text/tokenize.js';

// Negations carry the complaint ("not delivered", "never arrived"): never dropped as stopwords.
const KEEP = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'cannot']);
const STOP = new Set(stopwords.words.filter((w) => !KEEP.has(w)));

export interface Phrase {
  phrase: string;
  /** Occurrences in the cell's negative clauses. */
  count: number;
  tfidf: number;
}

/** The n-grams (n = 1..3) of a clause that neither start nor end with a stopword. */
export function clauseNgrams(text: string): string[] {
  const words = tokenize(text)
    .filter((t) => t.kind === 'word' && !/^\d+$/.test(t.lower))
    .map((t) => t.lower.replaceAll("'", ''));
  const out: string[] = [];
  for (let n = 1; n <= 3; n++) {
    for (const gram of NGrams.ngrams(words, n)) {
      if (STOP.has(gram[0]!) || STOP.has(gram.at(-1)!) || gram.some((w) => w.length < 2)) continue;
      out.push(gram.join(' '));
    }
  }
  return out;
}

/**
 * Top phrases per cell. `documents` maps a cell key to its negative clauses; every cell is a document,
 * so words common to all complaints ("order", "app") score lower than the cell's own.
 * A phrase must occur at least twice; a phrase inside a better-scored one is left out.
 * `wanted` (default: every cell) names the cells whose phrases are listed; the others stay documents.
 */
export function topPhrases(
  documents: ReadonlyMap<string, readonly string[]>,
  limit = 5,
  wanted?: ReadonlySet<string>,
): Map<string, Phrase[]> {
  const tfidf = new TfIdf();
  const keys = [...documents.keys()];
  for (const key of keys) tfidf.addDocument(documents.get(key)!.flatMap(clauseNgrams), key);
  const out = new Map<string, Phrase[]>();
  for (const [index, key] of keys.entries()) {
    if (wanted && !wanted.has(key)) continue;
    const chosen: Phrase[] = [];
    // Longer phrases read better than their words alone: each extra word adds half to the score.
    const score = (t: { term: string; tfidf: number }) =>
      t.tfidf * (1 + 0.5 * (t.term.split(' ').length - 1));
    const terms = tfidf
      .listTerms(index)
      .filter((t) => t.tf >= 2)
      .sort((a, b) => score(b) - score(a) || (a.term < b.term ? -1 : 1));
    for (const term of terms) {
      if (chosen.length >= limit) break;
      if (chosen.some((c) => ` ${c.phrase} `.includes(` ${term.term} `))) continue;
      chosen.push({ phrase: term.term, count: term.tf, tfidf: Math.round(term.tfidf * 1000) / 1000 });
    }
    out.set(key, chosen);
  }
  return out;
}
