// Porter stems through natural's stemmer module (imported directly: natural's root import loads storage
// back-ends that print to stdout), memoised because the same few thousand words recur in feedback.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { boundedMemo } from './bounded-memo.js';

interface Stemmer {
  stem(word: string): string;
}

const porter: Stemmer = PorterStemmer;
/** The Porter stem of a lower-case word; hyphens and apostrophes are dropped first ("log-in" = "login"). */
export const stemWord: (lower: string) => string = boundedMemo((lower) => {
  const plain = lower.replace(/['’-]/g, '');
  return /^[a-z]+$/.test(plain) ? porter.stem(plain) : plain;
});
