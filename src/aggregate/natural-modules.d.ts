// Types for the natural submodules the analytics import directly (natural's root import has side effects).
declare module 'natural/lib/natural/tfidf/tfidf.js' {
  interface TfIdfTerm {
    term: string;
    tf: number;
    idf: number;
    tfidf: number;
  }
  class TfIdf {
    addDocument(document: string | string[], key?: string): void;
    listTerms(index: number): TfIdfTerm[];
  }
  export default TfIdf;
}
declare module 'natural/lib/natural/ngrams/ngrams.js' {
  const NGrams: { ngrams(sequence: string[], n: number): string[][] };
  export default NGrams;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  const stopwords: { words: string[] };
  export default stopwords;
}
