import { describe, expect, it } from 'vitest';
import { SeenIds } from '../../../src/ingest/seen-ids.js';

describe('SeenIds', () => {
  it('knows every id added, through many growths, and no other', () => {
    const seen = new SeenIds();
    const n = 200_000;
    for (let i = 0; i < n; i++) seen.add(`s-${i}`);
    expect(seen.size).toBe(n);
    let missing = 0;
    let strangers = 0;
    for (let i = 0; i < n; i++) {
      if (!seen.has(`s-${i}`)) missing++;
      if (seen.has(`t-${i}`)) strangers++;
    }
    expect([missing, strangers]).toEqual([0, 0]);
  });

  it('counts an id added twice once, and tells ids apart by every character', () => {
    const seen = new SeenIds();
    seen.add('ticket 42');
    seen.add('ticket 42');
    expect(seen.size).toBe(1);
    expect(seen.has('ticket 42')).toBe(true);
    expect(seen.has('ticket 42 ')).toBe(false);
    expect(seen.has('Ticket 42')).toBe(false);
    seen.add('');
    seen.add('é🙂');
    expect([seen.has(''), seen.has('é🙂'), seen.has('e🙂'), seen.size]).toEqual([true, true, false, 3]);
  });
});
