// Pure: how re-tagging moves mentions between stage × touchpoint cells. Per item, the old cells
// (as a multiset) are the "from" side and the new cells the "to" side; cells on both sides cancel,
// and what is left is paired in mention order. A left-over "from" with no partner was removed
// (to `null`), a left-over "to" was added (from `null`), e.g. when clause splitting changed.

export interface Cell {
  stage: string;
  touchpoint: string;
}

export interface ItemTags {
  /** The cells of the item's mentions, in mention order. */
  cells: Cell[];
  /** The item-level sentiment label. */
  sentiment: string;
}

export interface MoveTally {
  items: number;
  changedItems: number;
  mentionsBefore: number;
  mentionsAfter: number;
  /** Mentions whose cell is on both sides of their item (cancelled). */
  stayed: number;
  /** `from\u0000to` cell keys (`''` for none) → mentions. */
  moves: Map<string, number>;
  /** cell key → [before, after]. */
  cells: Map<string, [number, number]>;
  /** `old\u0000new` sentiment labels → items (only changed labels). */
  sentiment: Map<string, number>;
}

export interface CellMove {
  from: Cell | null;
  to: Cell | null;
  mentions: number;
}
export interface CellTotal extends Cell {
  before: number;
  after: number;
}
export interface SentimentChange {
  from: string;
  to: string;
  items: number;
}
export interface MoveSummary {
  items: { examined: number; changed: number; unchanged: number };
  mentions: { before: number; after: number; stayed: number; moved: number; added: number; removed: number };
  /** Every move, most mentions first (ties by cell names). */
  moves: CellMove[];
  /** Every cell with mentions on either side, the largest change first. */
  cells: CellTotal[];
  sentiment: SentimentChange[];
}

const SEP = '\u0000';
const cellKey = (cell: Cell) => `${cell.stage}/${cell.touchpoint}`;
const cellOf = (key: string): Cell | null => {
  if (key === '') return null;
  const at = key.indexOf('/');
  return { stage: key.slice(0, at), touchpoint: key.slice(at + 1) };
};
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export function createMoveTally(): MoveTally {
  return {
    items: 0,
    changedItems: 0,
    mentionsBefore: 0,
    mentionsAfter: 0,
    stayed: 0,
    moves: new Map(),
    cells: new Map(),
    sentiment: new Map(),
  };
}

/** The cells that do not cancel, on each side, in mention order. */
export function unmatchedCells(before: Cell[], after: Cell[]): { from: string[]; to: string[] } {
  return { from: dropMatched(before, countKeys(after)), to: dropMatched(after, countKeys(before)) };
}

function countKeys(cells: Cell[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cell of cells) bump(counts, cellKey(cell));
  return counts;
}

/** The keys of `cells` left once the first occurrences that `other` also has are cancelled. */
function dropMatched(cells: Cell[], other: Map<string, number>): string[] {
  const budget = new Map(other);
  const left: string[] = [];
  for (const cell of cells) {
    const key = cellKey(cell);
    const n = budget.get(key) ?? 0;
    if (n > 0) budget.set(key, n - 1);
    else left.push(key);
  }
  return left;
}

/** Adds one item's old and new tags; returns whether its cells or sentiment changed. */
export function addItemMoves(tally: MoveTally, before: ItemTags, after: ItemTags): boolean {
  tally.items++;
  tally.mentionsBefore += before.cells.length;
  tally.mentionsAfter += after.cells.length;
  for (const cell of before.cells) countCell(tally, cellKey(cell), 0);
  for (const cell of after.cells) countCell(tally, cellKey(cell), 1);
  const { from, to } = unmatchedCells(before.cells, after.cells);
  tally.stayed += before.cells.length - from.length;
  for (let i = 0; i < Math.max(from.length, to.length); i++) {
    bump(tally.moves, `${from[i] ?? ''}${SEP}${to[i] ?? ''}`);
  }
  const relabelled = before.sentiment !== after.sentiment;
  if (relabelled) bump(tally.sentiment, `${before.sentiment}${SEP}${after.sentiment}`);
  const changed = relabelled || from.length > 0 || to.length > 0;
  if (changed) tally.changedItems++;
  return changed;
}

function countCell(tally: MoveTally, key: string, side: 0 | 1): void {
  const totals = tally.cells.get(key) ?? [0, 0];
  totals[side]++;
  tally.cells.set(key, totals);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function summarizeMoves(tally: MoveTally): MoveSummary {
  const moves = [...tally.moves]
    .sort(([ka, a], [kb, b]) => b - a || byName(ka, kb))
    .map(([key, mentions]) => {
      const [from = '', to = ''] = key.split(SEP);
      return { from: cellOf(from), to: cellOf(to), mentions };
    });
  const sum = (pick: (m: CellMove) => boolean) =>
    moves.filter(pick).reduce((total, m) => total + m.mentions, 0);
  const cells = [...tally.cells]
    .sort(([ka, [a0, a1]], [kb, [b0, b1]]) => Math.abs(b1 - b0) - Math.abs(a1 - a0) || byName(ka, kb))
    .map(([key, [before, after]]) => ({ ...(cellOf(key) as Cell), before, after }));
  const sentiment = [...tally.sentiment]
    .sort(([ka, a], [kb, b]) => b - a || byName(ka, kb))
    .map(([key, items]) => {
      const [from = '', to = ''] = key.split(SEP);
      return { from, to, items };
    });
  return {
    items: {
      examined: tally.items,
      changed: tally.changedItems,
      unchanged: tally.items - tally.changedItems,
    },
    mentions: {
      before: tally.mentionsBefore,
      after: tally.mentionsAfter,
      stayed: tally.stayed,
      moved: sum((m) => m.from !== null && m.to !== null),
      added: sum((m) => m.from === null),
      removed: sum((m) => m.to === null),
    },
    moves,
    cells,
    sentiment,
  };
}
