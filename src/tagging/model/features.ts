// The features of one clause for the learned clause model: the clause's word stems and stem bigrams (with
// their offsets, so a tag can name the words that carried it), the stems of the rest of the item (context:
// "the app" three sentences earlier), the taxonomy rules that fired (by id, and by the label they vote for,
// so a custom taxonomy's rules count too) and the rules' sentiment score. Training and tagging share this
// one function, so the model sees at run time exactly what it was trained on.
import type { ClauseSentiment } from '../../domain.js';
import { isNegator } from '../sentiment/word-valence.js';
import { stemWord } from '../text/stem.js';
import type { Token } from '../text/tokenize.js';

export interface Feature {
  key: string;
  value: number;
  /** Char offsets of the words behind the feature; -1 for features with no place in the text. */
  start: number;
  end: number;
}

export interface RuleHit {
  /** `stage.fulfilment.refund` */
  id: string;
  kind: 'stage' | 'touchpoint';
  label: string;
  start: number;
  end: number;
}

const DIGITS = /\d/g;

/** The feature-key prefixes: the key grammar that compiled-features.ts reads back. */
export const KEY = {
  word: 'w:',
  /** A word as written (lower case, digits folded) where its stem differs: "booked" beside "book". */
  form: 'f:',
  negated: 'n:',
  /** Two words, space-separated (a token never holds a space). */
  bigram: 'b:',
  context: 'd:',
  hit: 'h:',
  hitLabel: 'hl:',
  ruleLabel: 'rs:',
} as const;
export const BIAS_KEY = 'bias:clause';
export const EMPTY_KEY = 'empty';
export const QUESTION_KEY = 'p:?';
export const RULE_SCORE_KEY = 'rs:score';
export const NEGATION_REACH = 3;
export const isFeatureToken = (t: Token): boolean =>
  t.kind === 'word' || t.kind === 'emoji' || t.kind === 'emoticon';

/** A word's feature form: its stem, digits folded to '#'. */
export function featureWord(lower: string): string {
  return stemWord(lower).replace(DIGITS, '#');
}

/** A word's written form as a feature (lower case, digits folded). */
export function featureForm(lower: string): string {
  return lower.replace(DIGITS, '#');
}

/** The distinct stems of a whole item, computed once per item. */
export function contextStems(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) if (t.kind === 'word') out.add(featureWord(t.lower));
  return out;
}

/** The value of a context feature: the rest of the item counts half as much as the clause's own words. */
export const CONTEXT_VALUE = 0.5;

/** The features of the rest of the item: the same for every clause of it. */
export function contextFeatures(context: ReadonlySet<string>, out: Feature[] = []): Feature[] {
  for (const c of context) out.push({ key: `d:${c}`, value: CONTEXT_VALUE, start: -1, end: -1 });
  return out;
}

export function clauseFeatures(
  clause: readonly Token[],
  context: ReadonlySet<string>,
  hits: readonly RuleHit[],
  rule: { label: ClauseSentiment; score: number },
  out: Feature[] = [],
): Feature[] {
  out.length = 0;
  out.push({ key: 'bias:clause', value: 1, start: -1, end: -1 });
  let previous: Token | null = null;
  let previousWord = '';
  let negatedUntil = -1;
  let k = 0;
  for (const t of clause) {
    if (!isFeatureToken(t)) {
      if (t.kind === 'punct' || t.kind === 'break') previous = null;
      if (t.kind === 'punct' && t.text.includes('?'))
        out.push({ key: 'p:?', value: 1, start: t.start, end: t.end });
      continue;
    }
    const w = t.kind === 'word' ? featureWord(t.lower) : t.text;
    out.push({ key: `w:${w}`, value: 1, start: t.start, end: t.end });
    // Tense and form carry intent the stem drops: "I booked" is after the sale, "to book" before it.
    if (t.kind === 'word') {
      const form = featureForm(t.lower);
      if (form !== w) out.push({ key: `f:${form}`, value: 1, start: t.start, end: t.end });
    }
    if (k <= negatedUntil) out.push({ key: `n:${w}`, value: 1, start: t.start, end: t.end });
    if (t.kind === 'word' && isNegator(t.lower)) negatedUntil = k + NEGATION_REACH;
    if (previous !== null)
      out.push({ key: `b:${previousWord} ${w}`, value: 1, start: previous.start, end: t.end });
    previous = t;
    previousWord = w;
    k++;
  }
  if (k === 0) out.push({ key: 'empty', value: 1, start: -1, end: -1 });
  contextFeatures(context, out);
  for (const h of hits) {
    out.push({ key: `h:${h.id}`, value: 1, start: h.start, end: h.end });
    out.push({ key: `hl:${h.kind}:${h.label}`, value: 1, start: h.start, end: h.end });
  }
  out.push({ key: `rs:${rule.label}`, value: 1, start: -1, end: -1 });
  out.push({ key: 'rs:score', value: rule.score, start: -1, end: -1 });
  return out;
}
