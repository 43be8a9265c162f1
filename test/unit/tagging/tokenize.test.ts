import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Token, type TokenKind, tokenize } from '../../../src/tagging/text/tokenize.js';

// The token grammar, written as the one regular expression the scanner must agree with.
const REFERENCE = new RegExp(
  [
    '(\\n\\s*\\n|\\r?\\n|(?:https?://|www\\.)\\S+|[@#][\\p{L}\\p{N}_]+|&[a-z]+;)',
    "((?:[:;=][-'^o]?[()\\[\\]DPpOo3/\\\\|*$@]+|<\\/?3|[)(][-']?[:;=]))(?![\\p{L}\\p{N}])",
    "([\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*'?)",
    '(\\p{Extended_Pictographic}(?:\\uFE0F|\\u200D\\p{Extended_Pictographic}|[\\u{1F3FB}-\\u{1F3FF}])*)',
    '([!?.]+|[^\\s])',
  ].join('|'),
  'gu',
);
const KINDS: readonly TokenKind[] = ['break', 'emoticon', 'word', 'emoji', 'punct'];

function referenceTokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    let group = 1;
    while (group < 6 && m[group] === undefined) group++;
    let kind = KINDS[group - 1] ?? 'punct';
    if (kind === 'break' && m[0][0] !== '\n' && m[0][0] !== '\r') kind = 'symbol';
    const word = kind === 'word' && m[0].endsWith("'") ? m[0].slice(0, -1) : m[0];
    const caps = kind === 'word' && word.length > 1 && /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);
    const lower = kind === 'word' ? word.toLowerCase().replaceAll('’', "'") : word;
    tokens.push({ text: word, lower, start: m.index, end: m.index + word.length, kind, caps });
  }
  return tokens;
}

const PIECES = [
  ..."aBzZéÜß19 \t\n\r.!?,;:)(-'’DPoO3</\\|*$@#&_=^[]中٣İΣ\u00a0\u200d\ufe0f".split(''),
  '  ',
  '\r\n',
  '\n\n',
  ' \n \n',
  '...',
  'amp',
  'http://x.y/z',
  'https://a',
  'www.',
  '😡',
  '👍🏽',
  '❤️',
  '👨‍👩‍👧',
  "don't",
  'NOT',
  'GOOD',
  ':-)',
  ';)',
  '=D',
  ':(',
  '</3',
  '<3',
  '(:',
  ')-:',
  '𝐀𝐁',
  '©',
];

describe('tokenize', () => {
  it('agrees with the reference pattern on random text', () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(tokenize(t)).toEqual(referenceTokenize(t));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it.each([
    [
      "Don't WAIT :-) for the app!!! 😡👍🏽",
      ["Don't", 'WAIT', ':-)', 'for', 'the', 'app', '!!!', '😡', '👍🏽'],
    ],
    ['see https://x.io/a, @bob #fail &amp; ok', ['see', 'https://x.io/a,', '@bob', '#fail', '&amp;', 'ok']],
    ["the customers' parcels\n\nlog-in", ['the', 'customers', 'parcels', '\n\n', 'log-in']],
  ])('splits %j', (text, expected) => {
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(expected);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('marks words in capitals and lower-cases typographic apostrophes', () => {
    const [wait, dont] = tokenize('WAIT don’t');
    expect(wait!.caps).toBe(true);
    expect(dont!.lower).toBe("don't");
  });
});
