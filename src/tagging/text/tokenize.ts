// One pass over the text: words, emoticons, emoji, punctuation and line breaks, each with char offsets.

export type TokenKind = 'word' | 'emoticon' | 'emoji' | 'punct' | 'break' | 'symbol';

export interface Token {
  /** As written in the text: text.slice(start, end). */
  text: string;
  /** Lower-cased, with typographic apostrophes made plain. */
  lower: string;
  start: number;
  end: number;
  kind: TokenKind;
  /** Written in capitals (at least two letters, no lower-case letter). */
  caps: boolean;
}

const TOKEN_PATTERN = new RegExp(
  [
    '(\\n\\s*\\n|\\r?\\n|(?:https?://|www\\.)\\S+|[@#][\\p{L}\\p{N}_]+|&[a-z]+;)', // 1: line break; URL, @user, #tag, &entity;
    "((?:[:;=][-'^o]?[()\\[\\]DPpOo3/\\\\|*$@]+|<\\/?3|[)(][-']?[:;=]))(?![\\p{L}\\p{N}])", // 2: emoticon
    "([\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*'?)", // 3: word
    '(\\p{Extended_Pictographic}(?:\\uFE0F|\\u200D\\p{Extended_Pictographic}|[\\u{1F3FB}-\\u{1F3FF}])*)', // 4: emoji
    '([!?.]+|[^\\s])', // 5: punctuation
  ].join('|'),
  'gu',
);

const KIND_BY_GROUP: readonly TokenKind[] = ['break', 'emoticon', 'word', 'emoji', 'punct'];
const HAS_UPPER = /\p{Lu}/u;
const HAS_LOWER = /\p{Ll}/u;

function isCaps(text: string): boolean {
  return text.length > 1 && HAS_UPPER.test(text) && !HAS_LOWER.test(text);
}

/** Splits `text` into tokens; offsets index into `text` exactly. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let m = TOKEN_PATTERN.exec(text); m !== null; m = TOKEN_PATTERN.exec(text)) {
    let group = 1;
    while (group < 6 && m[group] === undefined) group++;
    let kind = KIND_BY_GROUP[group - 1] ?? 'punct';
    // URLs, @mentions and #hashtags carry no sentiment and break no sentence: keep them as inert symbols.
    if (kind === 'break' && m[0].charCodeAt(0) !== 10 && m[0].charCodeAt(0) !== 13) kind = 'symbol';
    const raw = m[0];
    const start = m.index;
    const word = kind === 'word' && raw.endsWith("'") ? raw.slice(0, -1) : raw;
    tokens.push({
      text: word,
      lower: kind === 'word' ? word.toLowerCase().replaceAll('’', "'") : word,
      start,
      end: start + word.length,
      kind,
      caps: kind === 'word' && isCaps(word),
    });
  }
  return tokens;
}
