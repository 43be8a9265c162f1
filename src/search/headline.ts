// Pure: Postgres's ts_headline output (the whole text with each match between two marker
// characters) → the text and the offsets of its matches, and a snippet of a long text around its
// first matches. Offsets are UTF-16 code units, as JavaScript strings index, so a page can mark
// them with text nodes only (escape, then mark: no feedback text ever becomes HTML).

export const START_MARK = '\u0001';
export const STOP_MARK = '\u0002';

export interface Span {
  start: number;
  end: number;
}

export interface Headline {
  text: string;
  highlights: Span[];
}

/** `a \u0001b\u0002 c` → text `a b c`, highlights [{ start: 2, end: 3 }]. */
export function parseHeadline(marked: string): Headline {
  let text = '';
  const highlights: Span[] = [];
  let open: number | null = null;
  for (const char of marked) {
    if (char === START_MARK) open = text.length;
    else if (char === STOP_MARK) {
      if (open !== null && text.length > open) highlights.push({ start: open, end: text.length });
      open = null;
    } else text += char;
  }
  return { text, highlights };
}

export interface Snippet extends Headline {
  /** Text left out before and after the snippet. */
  cut: { start: boolean; end: boolean };
}

/**
 * The whole text when it is at most `max` characters; otherwise `max` characters starting a little
 * before the first match, cut at spaces where there are some, with the highlights inside it.
 */
export function snippetOf(headline: Headline, max = 600): Snippet {
  const { text, highlights } = headline;
  if (text.length <= max) return { text, highlights, cut: { start: false, end: false } };
  const first = highlights[0]?.start ?? 0;
  let start = Math.max(0, Math.min(first - Math.floor(max / 4), text.length - max));
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space >= 0 && space < first) start = space + 1;
  }
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start && space > (highlights[0]?.end ?? 0)) end = space;
  }
  return {
    text: text.slice(start, end),
    highlights: highlights
      .filter((h) => h.start >= start && h.end <= end)
      .map((h) => ({ start: h.start - start, end: h.end - start })),
    cut: { start: start > 0, end: end < text.length },
  };
}
