// Sentiment that only the neighbouring clauses reveal. A contrast clause without a sentiment word after
// clear praise is the complaint ("Love the design, but it drains my battery like crazy"). A bare
// exclamation ("Brilliant.", "Amazing service 👏", "Just what I needed.") beside a complaint, in an item
// that praises nothing else, is sarcasm.
import { CONTRAST_WEIGHTS } from '../lexicon/modifiers.js';
import type { Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import { SARCASM_SCALE } from './clause-mood.js';

/** What the context rules need to know about one clause, and may rewrite. */
export interface ContextClause {
  raw: number;
  hits: number;
  /** The clause's valence is a rule's fallback, not a sentiment word: not a clear complaint for sarcasm. */
  fallback: boolean;
  /** Normalised clause score, and of its most negative and most positive comma-part. */
  score: number;
  low: number;
  high: number;
  /** The clause opens with a contrast word ("but", "however", "though"). */
  contrast: boolean;
  /** The clause opens with "even though" ("...sent to my old address even though I updated it"). */
  concession: boolean;
  /** The clause is only an exclamation of praise ("Brilliant.", "Oh wonderful", "Thanks a lot 👏"). */
  exclamation: boolean;
  question: boolean;
  evidence: Evidence[];
  /** First word token, for the evidence of a context rule. */
  first: Token | undefined;
}

/** Raw valence of a contrast clause that follows clear praise and carries no sentiment word itself. */
export const IMPLIED_COMPLAINT = -0.8;
/**
 * Raw valence of a clause without sentiment words followed by "even though ...": something happened that
 * should not have ("The subscription renewed even though I turned off auto-renew").
 */
export const CONCEDED_COMPLAINT = -1.1;
/** A complaint must be this clear (normalised) before a bare exclamation beside it reads as sarcasm. */
export const SARCASM_COMPLAINT = 0.4;

const EXCLAMATION_WORDS = new Set(
  (
    'oh wow just what needed wanted brilliant fantastic great amazing wonderful perfect lovely awesome superb ' +
    'excellent marvellous marvelous terrific nice good well done job service stuff work love it that thanks ' +
    'thank you cheers really so very again top notch bravo genius classic yay'
  ).split(' '),
);

/** A praise-only exclamation of at most four words (emoji allowed). */
export function isExclamation(tokens: readonly Token[]): boolean {
  let words = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' || t.kind === 'emoji' || t.kind === 'emoticon' || t.kind === 'break') continue;
    if (!EXCLAMATION_WORDS.has(t.lower) || ++words > 4) return false;
  }
  return words > 0;
}

/** "the machine is loud though": a clause that ends in "though" contrasts with the one before it. */
export function endsWithThough(tokens: readonly Token[]): boolean {
  for (let i = tokens.length - 1; i >= 0; i--)
    if (tokens[i]!.kind === 'word') return tokens[i]!.lower === 'though';
  return false;
}

export function opensWithContrast(tokens: readonly Token[]): boolean {
  for (const t of tokens) if (t.kind === 'word') return CONTRAST_WEIGHTS.has(t.lower);
  return false;
}

function note(c: ContextClause, text: string, rule: string): void {
  if (c.first === undefined) return;
  c.evidence.push({
    kind: 'sentiment',
    rule,
    match: text.slice(c.first.start, c.first.end),
    start: c.first.start,
    end: c.first.end,
  });
}

/**
 * Rewrites `raw` of the clauses whose sentiment comes from their neighbours; `normalize` maps a raw
 * sum to -1..1, `clear` is the score of clear praise or complaint and `clearPart` that of a comma-part.
 */
export function applyClauseContext(
  clauses: readonly ContextClause[],
  text: string,
  normalize: (raw: number) => number,
  clear: number,
  clearPart: number,
): void {
  /** A clear complaint, and praise outside bare exclamations, anywhere in the item. */
  let complaint = false;
  let praise = false;
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    const before = clauses[i - 1];
    if (c.concession && before !== undefined && before.hits === 0 && c.hits === 0 && !before.question) {
      before.raw = CONCEDED_COMPLAINT;
      before.hits = 1;
      before.score = normalize(before.raw);
      before.low = before.score;
      before.high = before.score;
      note(before, text, 'sentiment.even-though');
    }
    if (c.contrast && c.hits === 0 && !c.question && before !== undefined && before.score >= clear) {
      c.raw = IMPLIED_COMPLAINT;
      c.hits = 1;
      c.score = normalize(c.raw);
      c.low = -clearPart;
      c.high = c.score;
      note(c, text, 'sentiment.contrast-implied');
    }
    // A contrast clause opposing clear sentiment is clear itself, however mild its words ("Checkout was
    // quick although the shipping options were limited").
    if (c.contrast && before !== undefined && Math.abs(before.score) >= clear && c.score * before.score < 0) {
      if (c.score < 0) c.low = Math.min(c.low, -clearPart);
      else c.high = Math.max(c.high, clearPart);
    }
    if (c.score <= -SARCASM_COMPLAINT && !c.exclamation && !c.fallback) complaint = true;
    if (c.score > 0 && !c.exclamation) praise = true;
  }
  for (let i = 0; i < clauses.length; i++) {
    const c = clauses[i]!;
    const sarcastic = c.exclamation && complaint && !praise;
    if (!sarcastic || c.raw <= 0) continue;
    c.raw *= SARCASM_SCALE;
    c.score = normalize(c.raw);
    c.low = c.score;
    c.high = c.score;
    note(c, text, 'sentiment.sarcasm');
  }
}
