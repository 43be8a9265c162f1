// The general sentiment lexicons natural (MIT) ships for German, French and Spanish, read once at import and
// put on VADER's -4..4 scale: the Pattern lexicons of CLiPS (BSD-3-Clause) for German and French, the
// Spanish translation of AFINN (Finn Årup Nielsen) for Spanish. The packs' own customer-experience words
// (packs/*.json) are looked up first; these cover the general vocabulary they do not list.
import { createRequire } from 'node:module';
import { foldWord } from './fold.js';

const require = createRequire(import.meta.url);
const DIR = 'natural/lib/natural/sentiment';

/** Pattern polarity is -1..1 and mostly small; words below this are too weak to count. */
const PATTERN_FLOOR = 0.1;
const PATTERN_SCALE = 4;
/** AFINN is -5..5. */
const AFINN_SCALE = 0.8;

interface PatternEntry {
  form?: string;
  polarity?: string;
  sense?: string;
}

function fromPattern(json: Record<string, PatternEntry>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, entry] of Object.entries(json)) {
    const polarity = Number(entry.polarity);
    if (!Number.isFinite(polarity) || Math.abs(polarity) < PATTERN_FLOOR) continue;
    const forms = [word, ...(entry.sense ? entry.sense.split(',') : [])];
    for (const form of forms) {
      const key = foldWord(form.trim());
      if (key !== '' && !out.has(key)) out.set(key, polarity * PATTERN_SCALE);
    }
  }
  return out;
}

function fromAfinn(json: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, score] of Object.entries(json)) {
    const key = foldWord(word);
    if (/^[\p{L}]+$/u.test(key) && !out.has(key)) out.set(key, score * AFINN_SCALE);
  }
  return out;
}

/** The base lexicon of a language, or an empty one for a language natural has none for. */
export function readBaseLexicon(language: string): Map<string, number> {
  switch (language) {
    case 'de':
      return fromPattern(require(`${DIR}/German/pattern-sentiment-de.json`));
    case 'fr':
      return fromPattern(require(`${DIR}/French/pattern-sentiment-fr.json`));
    case 'es':
      return fromAfinn(require(`${DIR}/Spanish/afinnShortSortedSpanish.json`));
    default:
      return new Map();
  }
}
