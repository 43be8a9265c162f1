// Pure: the phrases that set a cell's complaints apart — 1- to 3-word n-grams of its negative clauses,
// scored by TF-IDF with one document per cell. The scores are natural's TfIdf's (tf × (1 + ln(N / (1 +
// df)))), counted here in Maps: its scan of every document per term and its object-keyed counts were
// over half of topPhrases' time on real wording (test/unit/aggregate/tfidf.test.ts holds the two to
// the same scores, to the bit).
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

/**
 * The n-grams (n = 1..3) of a clause that neither start nor end with a stopword and hold no
 * one-letter word: all 1-grams, then 2-grams, then 3-grams, each in reading order.
 */
export function clauseNgrams(text: string): string[] {
  const words = clauseWords(text);
  // A word that may open or close an n-gram: two letters or more, and no stopword.
  const edge = words.map((w) => w.length >= 2 && !STOP.has(w));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) if (edge[i]) out.push(words[i]!);
  for (let i = 0; i + 1 < words.length; i++) {
    if (edge[i] && edge[i + 1]) out.push(`${words[i]} ${words[i + 1]}`);
  }
  for (let i = 0; i + 2 < words.length; i++) {
    if (edge[i] && edge[i + 2] && words[i + 1]!.length >= 2)
      out.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return out;
}

/** The clause's words, lower-cased, without apostrophes; numbers left out. */
function clauseWords(text: string): string[] {
  const words: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind !== 'word' || isNumber(t.lower)) continue;
    words.push(t.lower.includes("'") ? t.lower.replaceAll("'", '') : t.lower);
  }
  return words;
}

/** Only ASCII digits (what `/^\d+$/` matches). */
function isNumber(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
  const out = new Map<string, Phrase[]>();
  for (const [key, scored] of scoredTerms(documents, wanted)) {
    const chosen: Phrase[] = [];
    for (const term of scored) {
      if (chosen.length >= limit) break;
      if (chosen.some((c) => ` ${c.phrase} `.includes(` ${term.term} `))) continue;
      chosen.push({ phrase: term.term, count: term.tf, tfidf: Math.round(term.tfidf * 1000) / 1000 });
    }
    out.set(key, chosen);
  }
  return out;
}

/**
 * The wanted documents' terms that occur twice or more, each with its count and TF-IDF, best first
 * (ties by term, so the order is total).
 */
export function scoredTerms(
  documents: ReadonlyMap<string, readonly string[]>,
  wanted?: ReadonlySet<string>,
): Map<string, ScoredTerm[]> {
  const { counts, documentFrequency } = countTerms(documents, wanted);
  return new Map(
    [...counts].map(([key, terms]) => [key, scoreTerms(terms, documentFrequency, documents.size)]),
  );
}

export interface ScoredTerm {
  term: string;
  tf: number;
  tfidf: number;
  /** Longer phrases read better than their words alone: each extra word adds half to the score. */
  score: number;
}

function scoreTerms(
  terms: ReadonlyMap<string, number>,
  documentFrequency: ReadonlyMap<string, number>,
  documentCount: number,
): ScoredTerm[] {
  const scored: ScoredTerm[] = [];
  for (const [term, tf] of terms) {
    if (tf < 2) continue;
    const idf = 1 + Math.log(documentCount / (1 + documentFrequency.get(term)!));
    const tfidf = tf * idf;
    let words = 1;
    for (let i = term.indexOf(' '); i >= 0; i = term.indexOf(' ', i + 1)) words++;
    scored.push({ term, tf, tfidf, score: tfidf * (1 + 0.5 * (words - 1)) });
  }
  return scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
}

/** A scored n-gram: how many documents hold it, and the last document that counted it. */
interface Held {
  documents: number;
  last: number;
}

/**
 * Each wanted document's n-gram counts, in the documents' order, and the number of documents holding
 * each n-gram a wanted document has twice or more (no other is ever scored).
 */
function countTerms(documents: ReadonlyMap<string, readonly string[]>, wanted?: ReadonlySet<string>) {
  // Complaints repeat their wording: each distinct clause is cut into n-grams once.
  const cut = new Map<string, string[]>();
  const counts = new Map<string, Map<string, number>>();
  for (const [key, clauses] of documents) {
    if (wanted && !wanted.has(key)) continue;
    const terms = new Map<string, number>();
    for (const clause of clauses) {
      let grams = cut.get(clause);
      if (grams === undefined) {
        grams = clauseNgrams(clause);
        cut.set(clause, grams);
      }
      for (const gram of grams) terms.set(gram, (terms.get(gram) ?? 0) + 1);
    }
    counts.set(key, terms);
  }
  const held = new Map<string, Held>();
  for (const terms of counts.values()) {
    for (const [term, tf] of terms) if (tf >= 2) held.set(term, { documents: 0, last: -1 });
  }
  countDocuments(documents, counts, held);
  return { counts, documentFrequency: new Map([...held].map(([term, h]) => [term, h.documents])) };
}

/**
 * Counts the documents holding each `held` n-gram. The other documents are only searched for them,
 * word by word down a tree of the held n-grams' words, so their own n-grams are never written out
 * (whether an n-gram is kept depends only on its words, so a held one found is one clauseNgrams
 * would cut); each distinct clause keeps the held n-grams it holds.
 */
function countDocuments(
  documents: ReadonlyMap<string, readonly string[]>,
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  held: ReadonlyMap<string, Held>,
): void {
  const tree = termTree(held);
  const found = new Map<string, Held[]>();
  let index = 0;
  for (const [key, clauses] of documents) {
    index++;
    const terms = counts.get(key);
    if (terms !== undefined) {
      for (const term of terms.keys()) {
        const h = held.get(term);
        if (h !== undefined) h.documents++;
      }
      continue;
    }
    for (const clause of clauses) {
      let hits = found.get(clause);
      if (hits === undefined) {
        hits = findTerms(clauseWords(clause), tree);
        found.set(clause, hits);
      }
      for (const h of hits) {
        if (h.last === index) continue;
        h.last = index;
        h.documents++;
      }
    }
  }
}

/** A word of held n-grams: the n-gram ending here, and the words that continue one. */
interface TermNode {
  held?: Held;
  next?: Map<string, TermNode>;
}

function termTree(held: ReadonlyMap<string, Held>): Map<string, TermNode> {
  const root = new Map<string, TermNode>();
  for (const [term, h] of held) {
    let level = root;
    let node: TermNode | undefined;
    for (const word of term.split(' ')) {
      if (node !== undefined) {
        node.next ??= new Map();
        level = node.next;
      }
      node = level.get(word);
      if (node === undefined) {
        node = {};
        level.set(word, node);
      }
    }
    node!.held = h;
  }
  return root;
}

/** The held n-grams (up to three words) at each word of a clause. */
function findTerms(words: readonly string[], tree: ReadonlyMap<string, TermNode>): Held[] {
  const hits: Held[] = [];
  for (let i = 0; i < words.length; i++) {
    let node = tree.get(words[i]!);
    for (let n = 1; node !== undefined; n++) {
      if (node.held !== undefined) hits.push(node.held);
      if (n === 3 || i + n >= words.length) break;
      node = node.next?.get(words[i + n]!);
    }
  }
  return hits;
}
