// Sentiment of one clause with a language pack: the pack's phrases and words (then the base lexicon),
// intensified by the word before, turned into a complaint by an "excess" word ("zu spät"), flipped by a
// negator before it (or, in German and French, after it: "gefällt mir nicht", "ne marche pas").
import type { Evidence } from '../types.js';
import type { CompiledPack } from './compile-pack.js';
import type { PackClause, PackToken } from './pack-text.js';

/** VADER's damping of a negated word: "not good" is less bad than "bad". */
const NEGATION_FACTOR = -0.74;
/** A negated word that carries nothing alone ("no funciona", "kommt nicht an"). */
const NEGATED_NEUTRAL = -1.5;
/** "too" before a word without sentiment ("zu spät", "trop petite"). */
const EXCESS_SCORE = -1.5;
/** A question that reports a problem ("¿por qué me cobran…?"). */
const COMPLAINT_QUESTION = -1.5;
const NEGATION_WINDOW = 3;
const NEGATION_AFTER_WINDOW = 3;

export interface PackClauseScore {
  raw: number;
  hits: number;
  evidence: Evidence[];
}

function phraseAt(pack: CompiledPack, words: readonly PackToken[], i: number) {
  for (const p of pack.phrases) {
    let ok = true;
    for (let k = 0; k < p.keys.length && ok; k++) ok = words[i + k]?.key === p.keys[k];
    if (ok) return p;
  }
  return undefined;
}

function negatedBefore(pack: CompiledPack, words: readonly PackToken[], i: number): boolean {
  for (let k = Math.max(0, i - NEGATION_WINDOW); k < i; k++)
    if (pack.negators.has(words[k]!.key)) return true;
  return false;
}

function negatedAfter(pack: CompiledPack, words: readonly PackToken[], i: number, to: number): boolean {
  for (let k = i + 1; k < Math.min(to, i + 1 + NEGATION_AFTER_WINDOW); k++)
    if (pack.negatorsAfter.has(words[k]!.key)) return true;
  return false;
}

export function scorePackClause(
  pack: CompiledPack,
  text: string,
  tokens: readonly PackToken[],
  clause: PackClause,
): PackClauseScore {
  const words: PackToken[] = [];
  for (let i = clause.from; i < clause.to; i++) if (tokens[i]!.kind === 'word') words.push(tokens[i]!);
  let raw = 0;
  let hits = 0;
  const evidence: Evidence[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const phrase = phraseAt(pack, words, i);
    const span = phrase?.keys.length ?? 1;
    if (phrase === undefined && (pack.negators.has(w.key) || pack.negatorsAfter.has(w.key))) continue;
    const negatable = phrase === undefined && pack.negatable.has(w.key);
    let value = phrase?.score ?? pack.lexicon.get(w.key) ?? (negatable ? 0 : (pack.base.get(w.key) ?? 0));
    const prev = words[i - 1]?.key ?? '';
    const prev2 = words[i - 2]?.key ?? '';
    const excess = pack.excess.has(prev) || (pack.intensifiers.has(prev) && pack.excess.has(prev2));
    const multiplier = pack.intensifiers.get(prev);
    if (excess && value >= 0 && !pack.negators.has(w.key)) value = EXCESS_SCORE;
    else if (multiplier !== undefined) value *= multiplier;
    const negated = negatedBefore(pack, words, i) || negatedAfter(pack, words, i + span - 1, words.length);
    if (negated && negatable) value = NEGATED_NEUTRAL;
    else if (negated && phrase === undefined) value *= NEGATION_FACTOR;
    if (value !== 0) {
      raw += value;
      hits++;
      const last = words[i + span - 1]!;
      evidence.push({
        kind: 'sentiment',
        rule: `${pack.language}.sentiment.${(phrase?.keys.join('-') ?? w.key) + (negated ? '.negated' : '')}`,
        match: text.slice(w.start, last.end),
        start: w.start,
        end: last.end,
      });
    }
    i += span - 1;
  }
  if (clause.question && words[0] !== undefined && pack.complaintQuestions.has(words[0].key)) {
    raw += COMPLAINT_QUESTION;
    hits++;
    evidence.push({
      kind: 'sentiment',
      rule: `${pack.language}.sentiment.complaint-question`,
      match: words[0].text,
      start: words[0].start,
      end: words[0].end,
    });
  }
  return { raw, hits, evidence };
}
