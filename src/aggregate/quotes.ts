// Pure: the 3–5 clauses that show a cell's complaint best, with the words that made the tagger fire.
import type { Phrase } from './top-phrases.js';

export interface ClauseRow {
  stage: string;
  touchpoint: string;
  source: string;
  external_id: string;
  day: string;
  clause: string;
  score: number;
  /** The evidence array as stored (kind, rule, match, start, end). */
  evidence: unknown;
}

export interface Quote {
  source: string;
  externalId: string;
  day: string;
  text: string;
  score: number;
  /** The matched words of the stage, touchpoint and sentiment rules. */
  evidence: string[];
}

const MAX_QUOTE = 240;

export function evidenceWords(evidence: unknown): string[] {
  if (!Array.isArray(evidence)) return [];
  const words = evidence
    .map((e) => (e && typeof e === 'object' && 'match' in e ? String((e as { match: unknown }).match) : ''))
    .filter((w) => w !== '');
  return [...new Set(words)];
}

/**
 * Clauses that contain the most top phrases come first, then the most negative (the most positive
 * with `strongest: 'positive'`, for moments of delight); one clause per item
 * and per wording (punctuation and case aside), so five quotes are five voices. Clauses whose
 * evidence words no chosen quote has yet go first, so the quotes show different complaints before
 * showing the same one twice ("the box was damaged…" in three tickets).
 */
export function pickQuotes(
  clauses: readonly ClauseRow[],
  phrases: readonly Phrase[],
  limit = 5,
  strongest: 'negative' | 'positive' = 'negative',
): Quote[] {
  const sign = strongest === 'positive' ? -1 : 1;
  const hits = (text: string) => {
    const lower = ` ${text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
      .replaceAll("'", '')} `;
    return phrases.filter((p) => lower.includes(` ${p.phrase} `)).length;
  };
  const ranked = clauses
    .map((c) => {
      const words = evidenceWords(c.evidence);
      return { c, hits: hits(c.clause), words, key: evidenceKey(words) };
    })
    .sort(
      (a, b) =>
        b.hits - a.hits || sign * (a.c.score - b.c.score) || (a.c.external_id < b.c.external_id ? -1 : 1),
    );
  const seen = new Set<string>();
  const shown = new Set<string>();
  const quotes: Quote[] = [];
  const take = (c: ClauseRow, words: string[], key: string) => {
    const norm = c.clause.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (seen.has(norm) || seen.has(`${c.source}\u0000${c.external_id}`)) return;
    seen.add(norm);
    seen.add(`${c.source}\u0000${c.external_id}`);
    shown.add(key);
    const text = c.clause.trim();
    quotes.push({
      source: c.source,
      externalId: c.external_id,
      day: c.day,
      text: text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text,
      score: Math.round(c.score * 1000) / 1000,
      evidence: words,
    });
  };
  for (const fresh of [true, false]) {
    for (const { c, words, key } of ranked) {
      if (quotes.length >= limit) return quotes;
      // Clauses without evidence words say nothing about which complaint they are: never held back.
      if (fresh && words.length > 0 && shown.has(key)) continue;
      take(c, words, key);
    }
  }
  return quotes;
}

/** The evidence words as a set, case aside. */
const evidenceKey = (words: readonly string[]) =>
  [...new Set(words.map((w) => w.toLowerCase()))].sort().join('\u0000');
