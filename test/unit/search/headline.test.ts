import { describe, expect, it } from 'vitest';
import { parseHeadline, snippetOf } from '../../../src/search/headline.js';

describe('ts_headline output to text and highlights', () => {
  it.each([
    ['no match', 'plain text', 'plain text', []],
    ['one match', 'a \u0001late\u0002 box', 'a late box', [{ start: 2, end: 6 }]],
    [
      'markup kept as text',
      '<b>\u0001late\u0002</b> é \u0001delivery\u0002',
      '<b>late</b> é delivery',
      [
        { start: 3, end: 7 },
        { start: 14, end: 22 },
      ],
    ],
    ['an astral character before a match', '😀 \u0001late\u0002', '😀 late', [{ start: 3, end: 7 }]],
    ['an empty or unclosed mark', '\u0001\u0002a \u0001b', 'a b', []],
  ])('%s', (_name, marked, text, highlights) => {
    expect(parseHeadline(marked)).toEqual({ text, highlights });
  });
});

describe('snippets of long items', () => {
  it('keeps a short text whole', () => {
    const h = { text: 'late again', highlights: [{ start: 0, end: 4 }] };
    expect(snippetOf(h, 100)).toEqual({ ...h, cut: { start: false, end: false } });
  });

  it('cuts a long text around its first match, at spaces, with the highlights moved', () => {
    const text = `${'word '.repeat(100)}late ${'tail '.repeat(100)}`;
    const start = text.indexOf('late');
    const s = snippetOf({ text, highlights: [{ start, end: start + 4 }] }, 80);
    expect(s.text.length).toBeLessThanOrEqual(80);
    expect(s.cut).toEqual({ start: true, end: true });
    expect(s.text.startsWith('word')).toBe(true);
    expect(s.text.slice(s.highlights[0]!.start, s.highlights[0]!.end)).toBe('late');
  });
});
