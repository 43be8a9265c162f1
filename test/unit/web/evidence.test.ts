import { describe, expect, it } from 'vitest';
import { evidenceSpans } from '../../../web/src/evidence.js';

const marked = (text: string, words: string[]) =>
  evidenceSpans(text, words).map((s) => text.slice(s.start, s.end));

describe('evidence words in a quote', () => {
  it('finds every occurrence, case aside, the longest match first and without overlaps', () => {
    expect(marked('My parcel arrived late. Parcel lost.', ['parcel', 'arrived late', 'late'])).toEqual([
      'parcel',
      'arrived late',
      'Parcel',
    ]);
  });

  it('leaves out words the text does not hold, and empty ones', () => {
    expect(marked('Still waiting 😡', ['still waiting', 'courier', ' ', '😡'])).toEqual([
      'Still waiting',
      '😡',
    ]);
    expect(evidenceSpans('anything', [])).toEqual([]);
  });
});
