// Porter stems through natural's stemmer module (imported directly: natural's root import loads storage
// back-ends that print to stdout), memoised because the same few thousand words recur in feedback.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

interface Stemmer {
  stem(word: string): string;
}

const porter: Stemmer = PorterStemmer;
const MAX_CACHED = 50_000;
const cache = new Map<string, string>();

/** The Porter stem of a lower-case word; hyphens and apostrophes are dropped first ("log-in" = "login"). */
export function stemWord(lower: string): string {
  const hit = cache.get(lower);
  if (hit !== undefined) return hit;
  const plain = lower.replace(/['’-]/g, '');
  const stem = /^[a-z]+$/.test(plain) ? porter.stem(plain) : plain;
  // Bounded so a stream of unseen words cannot grow memory without limit.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(lower, stem);
  return stem;
}
