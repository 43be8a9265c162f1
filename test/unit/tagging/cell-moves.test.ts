import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoveSummary } from '../../../src/tagging/cell-moves.format.js';
import {
  addItemMoves,
  type Cell,
  createMoveTally,
  summarizeMoves,
  unmatchedCells,
} from '../../../src/tagging/cell-moves.js';

/** `fulfilment/delivery` → a cell. */
const c = (key: string): Cell => {
  const [stage = '', touchpoint = ''] = key.split('/');
  return { stage, touchpoint };
};
const cells = (keys: string) => (keys === '' ? [] : keys.split(' ').map(c));

describe('cells that cancel within an item', () => {
  it.each([
    { name: 'nothing changed', before: 'a/x b/y', after: 'a/x b/y', from: [], to: [] },
    { name: 'order does not matter', before: 'a/x b/y', after: 'b/y a/x', from: [], to: [] },
    { name: 'one mention moved', before: 'a/x b/y', after: 'a/x b/z', from: ['b/y'], to: ['b/z'] },
    { name: 'a swap cancels', before: 'a/x b/y', after: 'b/y a/x', from: [], to: [] },
    { name: 'a cell twice, once kept', before: 'a/x a/x', after: 'a/x c/z', from: ['a/x'], to: ['c/z'] },
    { name: 'a mention added', before: 'a/x', after: 'a/x d/w', from: [], to: ['d/w'] },
    { name: 'a mention removed', before: 'a/x d/w', after: 'a/x', from: ['d/w'], to: [] },
    { name: 'all new', before: 'a/x b/y', after: 'c/z', from: ['a/x', 'b/y'], to: ['c/z'] },
    { name: 'no mentions at all', before: '', after: '', from: [], to: [] },
  ])('$name', ({ before, after, from, to }) => {
    expect(unmatchedCells(cells(before), cells(after))).toEqual({ from, to });
  });
});

describe('a move tally over items', () => {
  const items = [
    { before: 'f/delivery s/phone', after: 'f/delivery s/email', was: 'negative', is: 'negative' },
    { before: 's/phone', after: 's/email', was: 'neutral', is: 'negative' },
    { before: 'u/product', after: 'u/product', was: 'positive', is: 'positive' },
    { before: 'u/product', after: 'u/product u/app', was: 'neutral', is: 'mixed' },
    { before: 'p/checkout p/checkout', after: 'p/billing', was: 'negative', is: 'negative' },
  ];
  const tally = createMoveTally();
  const changed = items.map((i) =>
    addItemMoves(
      tally,
      { cells: cells(i.before), sentiment: i.was },
      { cells: cells(i.after), sentiment: i.is },
    ),
  );
  const summary = summarizeMoves(tally);

  it('says which items changed', () => {
    expect(changed).toEqual([true, true, false, true, true]);
    expect(summary.items).toEqual({ examined: 5, changed: 4, unchanged: 1 });
  });

  it('counts moves by pair of cells, most first, and reconciles the totals', () => {
    expect(summary.moves).toEqual([
      { from: c('s/phone'), to: c('s/email'), mentions: 2 },
      { from: null, to: c('u/app'), mentions: 1 },
      { from: c('p/checkout'), to: null, mentions: 1 },
      { from: c('p/checkout'), to: c('p/billing'), mentions: 1 },
    ]);
    expect(summary.mentions).toEqual({ before: 7, after: 7, stayed: 3, moved: 3, added: 1, removed: 1 });
    const { before, after, stayed, moved, added, removed } = summary.mentions;
    expect(stayed + moved + removed).toBe(before);
    expect(stayed + moved + added).toBe(after);
  });

  it('gives every cell its totals before and after, the largest change first', () => {
    expect(summary.cells).toEqual([
      { stage: 'p', touchpoint: 'checkout', before: 2, after: 0 },
      { stage: 's', touchpoint: 'email', before: 0, after: 2 },
      { stage: 's', touchpoint: 'phone', before: 2, after: 0 },
      { stage: 'p', touchpoint: 'billing', before: 0, after: 1 },
      { stage: 'u', touchpoint: 'app', before: 0, after: 1 },
      { stage: 'f', touchpoint: 'delivery', before: 1, after: 1 },
      { stage: 'u', touchpoint: 'product', before: 2, after: 2 },
    ]);
  });

  it('counts item sentiment changes', () => {
    expect(summary.sentiment).toEqual([
      { from: 'neutral', to: 'mixed', items: 1 },
      { from: 'neutral', to: 'negative', items: 1 },
    ]);
  });

  it('prints the moves and the changed cells as aligned tables', () => {
    expect(formatMoveSummary(summary, 3)).toEqual([
      'items: 5 examined, 4 with other cells or sentiment, 1 the same',
      'mentions: 7 before, 7 after; 3 kept their cell, 3 moved, 1 added, 1 removed',
      'mentions moved between cells (top 3 of 4):',
      '  2  s × phone    → s × email',
      '  1  (no mention) → u × app',
      '  1  p × checkout → (no mention)',
      'cells whose mention count changed (top 3 of 5), before → after:',
      '  p × checkout  2 → 0  (-2)',
      '  s × email     0 → 2  (+2)',
      '  s × phone     2 → 0  (-2)',
      'item sentiment changes: neutral → mixed 1, neutral → negative 1',
    ]);
  });
});

describe('move tallies on random items', () => {
  const cellArb = fc.constantFrom(...cells('a/x a/y b/x b/y c/z'));
  it('every cell total changes by exactly its moves in minus its moves out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(cellArb, { maxLength: 5 }), fc.array(cellArb, { maxLength: 5 }))),
        (pairs) => {
          const tally = createMoveTally();
          for (const [before, after] of pairs)
            addItemMoves(tally, { cells: before, sentiment: 'n' }, { cells: after, sentiment: 'n' });
          const summary = summarizeMoves(tally);
          const key = (cell: Cell | null) => (cell ? `${cell.stage}/${cell.touchpoint}` : '');
          for (const cell of summary.cells) {
            const net = summary.moves.reduce(
              (n, m) =>
                n + (key(m.to) === key(cell) ? m.mentions : 0) - (key(m.from) === key(cell) ? m.mentions : 0),
              0,
            );
            expect(cell.after - cell.before).toBe(net);
          }
          const { before, after, stayed, moved, added, removed } = summary.mentions;
          expect([stayed + moved + removed, stayed + moved + added]).toEqual([before, after]);
        },
      ),
    );
  });
});
