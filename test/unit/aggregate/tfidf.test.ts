// top-phrases.ts counts n-grams and scores TF-IDF itself; natural's NGrams and TfIdf, as the module
// used them before, are the reference here: the same n-grams, and the same phrases, counts, scores
// and order (all of a cell's scored terms, not only the top five), on real and random wording.
import NGrams from 'natural/lib/natural/ngrams/ngrams.js';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import stopwords from 'natural/lib/natural/util/stopwords.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';
import { clauseNgrams, type Phrase, scoredTerms, topPhrases } from '../../../src/aggregate/top-phrases.js';
import { tokenize } from '../../../src/tagging/text/tokenize.js';
import { AWKWARD, cellDocuments, demoClauses } from './golden-inputs.js';

const KEEP = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'cannot']);
const STOP = new Set(stopwords.words.filter((w) => !KEEP.has(w)));

function naturalNgrams(text: string): string[] {
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

/** natural's scored terms of the wanted documents (twice or more), best first, ties by term. */
function naturalScores(documents: ReadonlyMap<string, readonly string[]>, wanted?: ReadonlySet<string>) {
  const tfidf = new TfIdf();
  const keys = [...documents.keys()];
  for (const key of keys) tfidf.addDocument(documents.get(key)!.flatMap(naturalNgrams), key);
  const score = (t: { term: string; tfidf: number }) => t.tfidf * (1 + 0.5 * (t.term.split(' ').length - 1));
  return new Map(
    keys.flatMap((key, index) =>
      wanted && !wanted.has(key)
        ? []
        : [
            [
              key,
              tfidf
                .listTerms(index)
                .filter((t) => t.tf >= 2)
                .sort((a, b) => score(b) - score(a) || (a.term < b.term ? -1 : 1))
                .map((t) => ({ term: t.term, tf: t.tf, tfidf: t.tfidf, score: score(t) })),
            ] as const,
          ],
    ),
  );
}

function naturalPhrases(
  documents: ReadonlyMap<string, readonly string[]>,
  limit: number,
  wanted?: ReadonlySet<string>,
): Map<string, Phrase[]> {
  const tfidf = new TfIdf();
  const keys = [...documents.keys()];
  for (const key of keys) tfidf.addDocument(documents.get(key)!.flatMap(naturalNgrams), key);
  const out = new Map<string, Phrase[]>();
  for (const [index, key] of keys.entries()) {
    if (wanted && !wanted.has(key)) continue;
    const chosen: Phrase[] = [];
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

const ALPHABET = [..."abcdeéz09'’- .,!?🙂:()_", 'not ', 'the ', 'late ', 'constructor '];

/** Random strings of letters, digits, apostrophes, hyphens, punctuation, emoji and a few whole words. */
function soup(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

describe('n-grams and TF-IDF, as natural counts and scores them', () => {
  it('cut the same n-grams as natural’s NGrams from real, awkward and random clauses', () => {
    const random = seededRandom(3);
    const clauses = [...demoClauses(), ...AWKWARD, ...Array.from({ length: 500 }, () => soup(random, 40))];
    for (const clause of clauses) expect(clauseNgrams(clause), clause).toEqual(naturalNgrams(clause));
  });

  it.each([
    [1, 40, 200],
    [2, 12, 30],
    [5, 3, 400],
    [8, 1, 50],
  ])('score every phrase alike (seed %i, %i cells of up to %i clauses)', (seed, cells, most) => {
    const documents = cellDocuments(seed, cells, most);
    const wanted = new Set([...documents.keys()].filter((_, i) => i % 3 === 0));
    // Unrounded, to the last bit: a score off by 1e-12 fails here.
    expect(scoredTerms(documents)).toEqual(naturalScores(documents));
    expect(scoredTerms(documents, wanted)).toEqual(naturalScores(documents, wanted));
    expect(topPhrases(documents, 10_000)).toEqual(naturalPhrases(documents, 10_000));
    expect(topPhrases(documents, 5, wanted)).toEqual(naturalPhrases(documents, 5, wanted));
  });

  it('score random wording alike, where most n-grams occur once and some cells are empty', () => {
    const random = seededRandom(4);
    const documents = new Map(
      Array.from({ length: 15 }, (_, c): [string, string[]] => [
        `cell|${c}`,
        Array.from({ length: c % 5 === 0 ? 0 : 30 }, () => soup(random, 60)),
      ]),
    );
    const wanted = new Set(['cell|1', 'cell|7', 'cell|10']);
    expect(scoredTerms(documents)).toEqual(naturalScores(documents));
    expect(scoredTerms(documents, wanted)).toEqual(naturalScores(documents, wanted));
    expect(topPhrases(documents, 10_000)).toEqual(naturalPhrases(documents, 10_000));
  });
});
