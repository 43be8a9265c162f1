// The pain points' pure steps answer exactly as they did before they were made faster: the files in
// fixtures/pain-points-golden were written by the earlier code (natural's TfIdf scanned per term, a
// DayCounts array per resample) on the seeded inputs of golden-inputs.ts, and every number must match
// to the last bit. `npx vitest run -u` rewrites them: only for a change meant to alter the output.
import { describe, expect, it } from 'vitest';
import { rankPainPoints } from '../../../src/aggregate/pain-points.format.js';
import { pickQuotes } from '../../../src/aggregate/quotes.js';
import { parseStageWeights } from '../../../src/aggregate/stage-weights.js';
import { bootstrapInterval } from '../../../src/aggregate/stats/intervals.js';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';
import { clauseNgrams, topPhrases } from '../../../src/aggregate/top-phrases.js';
import { AWKWARD, cellDocuments, cellSeries, clauseRows, demoClauses } from './golden-inputs.js';

const golden = (name: string) => `./fixtures/pain-points-golden/${name}.json`;
/** One entry a line: a difference shows where it is. */
const lines = (entries: Array<[string, unknown]>) =>
  `${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n')}\n`;

describe('top phrases and quotes, as before', () => {
  const documents = cellDocuments(1, 40, 200);
  const keys = [...documents.keys()];

  it('cut the same n-grams from awkward and real clauses', async () => {
    const clauses = [...AWKWARD, ...demoClauses().filter((_, i) => i % 25 === 0)];
    await expect(lines(clauses.map((c) => [c, clauseNgrams(c)]))).toMatchFileSnapshot(golden('ngrams'));
  });

  it('score the same phrases over forty cells, every cell or a few wanted, five or three', async () => {
    const wanted = new Set(keys.filter((_, i) => i % 4 === 1));
    const small = cellDocuments(2, 12, 30);
    const awkward = new Map(AWKWARD.map((c, i) => [`awkward|${i}`, [c, c, ...AWKWARD.slice(0, i)]]));
    const alone = new Map([['only|one', [...AWKWARD, ...documents.get(keys[1]!)!]]]);
    const entries: Array<[string, unknown]> = [
      ...[...topPhrases(documents)].map(([k, v]): [string, unknown] => [`all ${k}`, v]),
      ...[...topPhrases(documents, 3, wanted)].map(([k, v]): [string, unknown] => [`wanted ${k}`, v]),
      ...[...topPhrases(small, 5)].map(([k, v]): [string, unknown] => [`small ${k}`, v]),
      ...[...topPhrases(awkward, 4)].map(([k, v]): [string, unknown] => [`awkward ${k}`, v]),
      ...[...topPhrases(alone)].map(([k, v]): [string, unknown] => [`alone ${k}`, v]),
      ['none', [...topPhrases(new Map())]],
    ];
    await expect(lines(entries)).toMatchFileSnapshot(golden('phrases'));
  });

  it('pick the same quotes for the cells’ clauses and phrases', async () => {
    const phrases = topPhrases(documents);
    const entries: Array<[string, unknown]> = [];
    for (const [i, key] of keys.entries()) {
      const rows = clauseRows(100 + i, documents.get(key)!);
      const own = phrases.get(key)!;
      entries.push([`${key} 5`, pickQuotes(rows, own, 5)]);
      if (i % 3 === 0) entries.push([`${key} 3`, pickQuotes(rows, own, 3)]);
      if (i % 3 === 1) entries.push([`${key} positive`, pickQuotes(rows, own, 5, 'positive')]);
      if (i % 3 === 2) entries.push([`${key} no phrases`, pickQuotes(rows, [], 5)]);
    }
    await expect(lines(entries)).toMatchFileSnapshot(golden('quotes'));
  });
});

describe('ranked pain points with bootstrap intervals, as before', () => {
  const shapes: Array<[string, number, number, Record<string, unknown>]> = [
    ['week, top 10, weighted', 3, 40, { intervalsFor: 10, weights: 'fulfilment=1.5,support/tp_e=3' }],
    ['four weeks, every cell, seed 5', 4, 20, { seed: 5 }],
    ['a day', 5, 15, {}],
    ['a quarter, 300 resamples', 6, 8, { iterations: 300, intervalsFor: 3 }],
  ];
  const days: Record<number, [string, string, string, string]> = {
    3: ['2026-02-23', '2026-03-01', '2026-03-02', '2026-03-08'],
    4: ['2026-02-02', '2026-03-01', '2026-03-02', '2026-03-29'],
    5: ['2026-03-01', '2026-03-01', '2026-03-02', '2026-03-02'],
    6: ['2025-09-01', '2025-11-30', '2025-12-01', '2026-03-01'],
  };

  it('rank, measure and bootstrap the same figures', async () => {
    const entries: Array<[string, unknown]> = [];
    for (const [name, seed, cells, { weights, ...options }] of shapes) {
      const [pf, pt, f, t] = days[seed]!;
      const span = (Date.parse(t) - Date.parse(pf)) / 86_400_000 + 1;
      const ranked = rankPainPoints(cellSeries(seed, cells, span), {
        previous: { from: pf, to: pt },
        period: { from: f, to: t },
        weights: parseStageWeights(weights as string | undefined),
        ...options,
      });
      for (const r of ranked) entries.push([`${name} ${r.rank}`, r]);
    }
    await expect(lines(entries)).toMatchFileSnapshot(golden('ranked'));
  });

  it('bootstrap the same intervals of sums, differences and ratios that are sometimes undefined', async () => {
    const random = seededRandom(9);
    const group = (n: number) => Array.from({ length: n }, () => (random() < 0.3 ? 0 : random() * 5));
    const sum = (g: number[]) => g.reduce((a, b) => a + b, 0);
    const entries: Array<[string, unknown]> = [];
    for (const n of [1, 2, 7, 28, 91]) {
      const [a, b] = [group(n), group(n)];
      entries.push([`sum ${n}`, bootstrapInterval([a], ([x]) => sum(x!) * 1.5, { seed: n })]);
      entries.push([`change ${n}`, bootstrapInterval([a, b], ([x, y]) => sum(y!) - sum(x!), { seed: n })]);
      entries.push([`ratio ${n}`, bootstrapInterval([a, b], ([x, y]) => sum(x!) / sum(y!), { seed: n })]);
    }
    await expect(lines(entries)).toMatchFileSnapshot(golden('bootstrap'));
  });
});
