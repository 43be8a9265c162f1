// Pure: where a quote's evidence words are, so the page can mark them (case aside, longest first,
// no overlaps). The words are the matches the tagger's rules made in this very text.

export interface Span {
  start: number;
  end: number;
  kind: string;
}

export function evidenceSpans(text: string, words: readonly string[]): Span[] {
  const lower = text.toLowerCase();
  const taken: Span[] = [];
  const sorted = [...new Set(words.filter((w) => w.trim() !== ''))].sort((a, b) => b.length - a.length);
  for (const word of sorted) {
    const needle = word.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const span = { start: at, end: at + needle.length, kind: 'evidence' };
      if (!taken.some((t) => span.start < t.end && t.start < span.end)) taken.push(span);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}
