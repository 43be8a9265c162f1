import { describe, expect, it } from 'vitest';
import { cutClauses } from '../../../src/aggregate/clauses.query.js';

// A row as both clause reads return it: the columns in their select order.
const row = (text: string, start: number, end: number, evidence: unknown = []) => ({
  stage: 'fulfilment',
  touchpoint: 'delivery',
  source: 'survey',
  external_id: 'x-1',
  day: '2026-03-02',
  text,
  start_offset: start,
  end_offset: end,
  score: -0.6,
  evidence,
});

describe('cutting clauses from their items’ texts', () => {
  it('gives the same rows, fields in the same order, as the rest pattern it replaced', () => {
    const rows = [
      row('The parcel was late. The box was crushed', 21, 40, [{ match: 'box' }]),
      row('🙁🙁 never again, the courier lied', 5, 16),
      row('', 0, 0),
      row('Short', 0, 99, 'not an array'),
    ];
    const before = rows.map(({ text, start_offset, end_offset, ...rest }) => ({
      ...rest,
      clause: text.slice(start_offset, end_offset),
    }));
    const cut = cutClauses(rows);
    expect(cut).toEqual(before);
    expect(cut.map((c) => JSON.stringify(c))).toEqual(before.map((c) => JSON.stringify(c)));
    expect(cut.map((c) => c.clause)).toEqual(['The box was crushed', 'never again', '', 'Short']);
  });
});
