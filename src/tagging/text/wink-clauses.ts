// Clause spans from wink-nlp's part-of-speech tags (npm wink-nlp + wink-eng-lite-web-model, both MIT).
// winkClauseSpans refines segment.ts's clauses: inside each, a new clause opens before a coordinating
// conjunction ("and", "but", "or", also "so", "yet") or after a comma/semicolon when the words that follow
// have their own subject and verb ("Got it for Christmas, | and you don't support it"); a comma list of short
// judged phrases ("quick delivery, lovely fabric, awful box") becomes one clause per element.
// scripts/eval/segmentation.ts measures it against the labelled clauses.
// wink-nlp loads lazily, on the first call (about 0.3 s and 30 MiB): importing this module costs nothing.
import { createRequire } from 'node:module';
import type WinkFn from 'wink-nlp';
import type { ItsHelpers, Model, WinkMethods } from 'wink-nlp';
import { segmentClauses } from './segment.js';
import { tokenize } from './tokenize.js';

export type Span = [start: number, end: number];

interface WinkToken {
  start: number;
  end: number;
  lower: string;
  pos: string;
  /** Whitespace (wink-nlp keeps line breaks as tokens). */
  space: boolean;
  /** Holds a line break. */
  newline: boolean;
}

interface WinkDoc {
  tokens: WinkToken[];
  /** Sentences as token ranges [from, to). */
  sentences: Array<[number, number]>;
}

let loaded: { nlp: WinkMethods; its: ItsHelpers } | null = null;

/** Loads wink-nlp and its English model (sentence splitter and POS tagger); later calls do nothing. */
export function loadWink(): void {
  if (loaded) return;
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as typeof WinkFn;
  const model = require('wink-eng-lite-web-model') as Model;
  const nlp = winkNLP(model, ['sbd', 'pos']);
  loaded = { nlp, its: nlp.its };
}

/** wink-nlp's tokens (with char offsets) and sentences of `text`. */
export function winkDoc(text: string): WinkDoc {
  loadWink();
  const { nlp, its } = loaded!;
  const doc = nlp.readDoc(text);
  const all = doc.tokens();
  const values = all.out(its.value) as string[];
  const spaces = all.out(its.precedingSpaces) as string[];
  const pos = all.out(its.pos) as string[];
  // wink-nlp keeps the text: each token is its preceding spaces plus its value (checked on the labelled
  // texts), so offsets are running sums; the search only guards against a text it might not keep.
  const tokens: WinkToken[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    at += spaces[i]!.length;
    if (!text.startsWith(v, at)) {
      const found = text.indexOf(v, at);
      if (found >= 0) at = found;
    }
    const space = v.trim() === '';
    tokens.push({
      start: at,
      end: at + v.length,
      lower: v.toLowerCase(),
      pos: pos[i]!,
      space,
      newline: space && v.includes('\n'),
    });
    at += v.length;
  }
  const spans = doc.sentences().out(its.span) as unknown as Array<[number, number]>;
  return { tokens, sentences: spans.map(([from, last]): [number, number] => [from, last + 1]) };
}

/** Switches of the splitting rules; the defaults are the rules above (the others are for evaluation). */
export interface SplitRules {
  /** Require subject + verb after a conjunction or comma (false: split at every one). */
  subjectVerb: boolean;
  /** Split comma lists of short judged phrases. */
  lists: boolean;
  /** A verb ending in -ing ("charges being applied") opens no clause. */
  finiteOnly: boolean;
}

export const DEFAULT_RULES: SplitRules = { subjectVerb: true, lists: true, finiteOnly: false };

const CONJUNCTIONS = new Set(['and', 'but', 'or', 'nor', 'so', 'yet']);
/** Opens a clause even with no subject and verb after it ("fast but wrong"), as segment.ts does. */
const CONTRAST = new Set(['but']);
const SUBJECT = new Set(['PRON', 'NOUN', 'PROPN']);
const VERB = new Set(['VERB', 'AUX']);
/** A list element ("lovely fabric") has at most this many words. */
const LIST_ELEMENT_WORDS = 5;

const isStop = (t: WinkToken) => t.pos === 'PUNCT' || t.newline;
const isWord = (t: WinkToken) => t.pos !== 'PUNCT' && t.pos !== 'SYM' && !t.space;

/** The words from `i` up to the next punctuation hold a subject (PRON/NOUN/PROPN) and, after it, a verb. */
function hasSubjectVerb(tokens: readonly WinkToken[], i: number, to: number, rules: SplitRules): boolean {
  if (!rules.subjectVerb) return i < to && !isStop(tokens[i]!);
  let subject = false;
  for (let j = i; j < to && !isStop(tokens[j]!); j++) {
    const t = tokens[j]!;
    if (subject && VERB.has(t.pos) && !(rules.finiteOnly && t.lower.endsWith('ing'))) return true;
    if (SUBJECT.has(t.pos)) subject = true;
  }
  return false;
}

/** Clause starts in [from, to): before a conjunction, or after a comma/semicolon/line break. */
function clauseStarts(tokens: readonly WinkToken[], from: number, to: number, rules: SplitRules): number[] {
  const starts = [from];
  let words = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (words > 0 && t.pos !== 'PUNCT' && CONJUNCTIONS.has(t.lower)) {
      const conj = t.pos === 'CCONJ' || t.lower === 'so' || t.lower === 'yet' || !rules.subjectVerb;
      if (conj && (CONTRAST.has(t.lower) || hasSubjectVerb(tokens, i + 1, to, rules))) {
        starts.push(i);
        words = 0;
      }
    } else if (
      words > 0 &&
      (t.lower === ',' || t.lower === ';' || t.newline) &&
      i + 1 < to &&
      hasSubjectVerb(tokens, i + 1, to, rules)
    ) {
      starts.push(i + 1);
      words = 0;
      continue;
    }
    if (isWord(t)) words++;
  }
  return starts;
}

/** Element starts of a comma list of short judged phrases (each with an adjective) in [from, to). */
function listStarts(tokens: readonly WinkToken[], from: number, to: number): number[] {
  const parts: Array<{ from: number; judged: boolean }> = [];
  let partFrom = from;
  let words = 0;
  let adjective = false;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.lower === ',' && words > 0) {
      parts.push({ from: partFrom, judged: adjective && words <= LIST_ELEMENT_WORDS });
      partFrom = i + 1;
      words = 0;
      adjective = false;
      continue;
    }
    if (isWord(t)) words++;
    if (t.pos === 'ADJ') adjective = true;
  }
  if (words > 0) parts.push({ from: partFrom, judged: adjective && words <= LIST_ELEMENT_WORDS });
  const starts = [from];
  for (let k = 1; k < parts.length; k++)
    if (parts[k]!.judged && parts[k - 1]!.judged) starts.push(parts[k]!.from);
  return starts;
}

/** Clause token ranges in [from, to): conjunction/comma clauses, each split into its list elements. */
export function splitTokenRange(
  tokens: readonly WinkToken[],
  from: number,
  to: number,
  rules: SplitRules = DEFAULT_RULES,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const starts = clauseStarts(tokens, from, to, rules);
  for (let k = 0; k < starts.length; k++) {
    const end = starts[k + 1] ?? to;
    const inner = rules.lists ? listStarts(tokens, starts[k]!, end) : [starts[k]!];
    for (let m = 0; m < inner.length; m++) out.push([inner[m]!, inner[m + 1] ?? end]);
  }
  return out;
}

/** Char span of tokens [from, to) less leading and trailing whitespace, or null when nothing is left. */
function charSpan(tokens: readonly WinkToken[], from: number, to: number): Span | null {
  let a = from;
  let b = to;
  while (a < b && tokens[a]!.space) a++;
  while (b > a && tokens[b - 1]!.space) b--;
  return a < b ? [tokens[a]!.start, tokens[b - 1]!.end] : null;
}

/** wink-nlp's sentences as char spans. */
export function winkSentenceSpans(text: string): Span[] {
  const { tokens, sentences } = winkDoc(text);
  const out: Span[] = [];
  for (const [from, to] of sentences) {
    const s = charSpan(tokens, from, to);
    if (s) out.push(s);
  }
  return out;
}

/** wink-nlp's sentences, each split into clauses by the POS rules (wink-nlp alone, no segment.ts). */
export function winkSentenceClauseSpans(text: string, rules: SplitRules = DEFAULT_RULES): Span[] {
  const { tokens, sentences } = winkDoc(text);
  const out: Span[] = [];
  for (const [from, to] of sentences)
    for (const [a, b] of splitTokenRange(tokens, from, to, rules)) {
      const s = charSpan(tokens, a, b);
      if (s) out.push(s);
    }
  return out;
}

/** segment.ts's clauses of `text` as char spans. */
export function segmentSpans(text: string): Span[] {
  const tokens = tokenize(text);
  return segmentClauses(tokens).map((c): Span => [tokens[c.from]!.start, tokens[c.to - 1]!.end]);
}

/**
 * The clauses of `text` as char spans [start, end): segment.ts's clauses (or `clauses`, char spans in text
 * order), each split further by the POS rules. Every span lies inside one of those clauses, the first and
 * last part of a clause keep its start and end, and a clause the rules leave whole comes back unchanged.
 */
export function winkClauseSpans(
  text: string,
  clauses: readonly Span[] = segmentSpans(text),
  rules: SplitRules = DEFAULT_RULES,
): Span[] {
  if (clauses.length === 0) return [];
  const { tokens } = winkDoc(text);
  const out: Span[] = [];
  let i = 0;
  for (const [cs, ce] of clauses) {
    while (i < tokens.length && tokens[i]!.start < cs) i++;
    let j = i;
    while (j < tokens.length && tokens[j]!.start < ce) j++;
    const parts = splitTokenRange(tokens, i, j, rules);
    if (parts.length <= 1) {
      out.push([cs, ce]);
    } else {
      const spans = parts.map(([a, b]) => charSpan(tokens, a, b)).filter((s): s is Span => s !== null);
      if (spans.length === 0) out.push([cs, ce]);
      spans.forEach(([a, b], k) => {
        out.push([k === 0 ? cs : Math.max(cs, a), k === spans.length - 1 ? ce : Math.min(ce, b)]);
      });
    }
    i = j;
  }
  return out;
}
