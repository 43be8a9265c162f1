// Words and clauses of a text in a language pack's language: tokens with offsets, split into clauses at
// sentence punctuation, semicolons, commas before a new statement and the pack's clause-opening words.
import { foldWord } from './fold.js';

export interface PackToken {
  kind: 'word' | 'punct';
  text: string;
  /** Folded (lower case, no accents) for words; the character itself for punctuation. */
  key: string;
  start: number;
  end: number;
}

export interface PackClause {
  /** Token range [from, to). */
  from: number;
  to: number;
  question: boolean;
}

const TOKEN = /[\p{L}\p{N}]+|[.!?;:,¿¡…]/gu;

export function tokenizePackText(text: string): PackToken[] {
  const tokens: PackToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = /[\p{L}\p{N}]/u.test(m[0]);
    tokens.push({
      kind: word ? 'word' : 'punct',
      text: m[0],
      key: word ? foldWord(m[0]) : m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return tokens;
}

const SENTENCE_END = new Set(['.', '!', '?', ';', '…']);
/** A comma starts a new clause only when at least this many words follow it in the sentence. */
const MIN_WORDS_AFTER_COMMA = 2;

function wordsBetween(tokens: readonly PackToken[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && SENTENCE_END.has(t.text)) break;
    if (t.kind === 'word') n++;
  }
  return n;
}

/** Clause boundaries: sentence ends, commas and colons followed by a statement, and the pack's breaks. */
export function splitPackClauses(tokens: readonly PackToken[], breaks: ReadonlySet<string>): PackClause[] {
  const clauses: PackClause[] = [];
  let from = 0;
  const close = (to: number) => {
    let words = 0;
    let question = false;
    for (let i = from; i < to; i++) {
      if (tokens[i]!.kind === 'word') words++;
      else if (tokens[i]!.text === '?' || tokens[i]!.text === '¿') question = true;
    }
    if (words > 0) clauses.push({ from, to, question });
    from = to;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (SENTENCE_END.has(t.text)) close(i + 1);
      else if (
        (t.text === ',' || t.text === ':') &&
        wordsBetween(tokens, i + 1, tokens.length) >= MIN_WORDS_AFTER_COMMA
      )
        close(i + 1);
      else if (t.text === '¿' || t.text === '¡') close(i);
    } else if (breaks.has(t.key) && i > from && tokens[i - 1]!.kind === 'word') close(i);
  }
  close(tokens.length);
  return clauses;
}
