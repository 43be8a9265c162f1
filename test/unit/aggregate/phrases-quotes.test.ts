import { describe, expect, it } from 'vitest';
import { type ClauseRow, evidenceWords, pickQuotes } from '../../../src/aggregate/quotes.js';
import { clauseNgrams, topPhrases } from '../../../src/aggregate/top-phrases.js';
import { renderAlertsCsv } from '../../../src/cli/alerts.command.js';

const clause = (id: string, text: string, score: number, evidence: unknown = []): ClauseRow => ({
  stage: 'fulfilment',
  touchpoint: 'delivery',
  source: 'survey',
  external_id: id,
  day: '2026-06-02',
  clause: text,
  score,
  evidence,
});

describe('top phrases by TF-IDF over n-grams', () => {
  it('builds 1–3-word n-grams that neither start nor end with a stopword, keeping negations', () => {
    expect(clauseNgrams('The parcel was not delivered')).toEqual([
      'parcel',
      'not',
      'delivered',
      'not delivered',
      'parcel was not',
    ]);
  });

  it("ranks a cell's own phrases above words every cell shares", () => {
    const docs = new Map([
      [
        'fulfilment|delivery',
        ['parcel arrived late', 'parcel arrived late again', 'the order was late', 'order lost'],
      ],
      ['onboarding|account_login', ['login code never arrives', 'login code expired', 'order page froze']],
    ]);
    const phrases = topPhrases(docs);
    expect(phrases.get('fulfilment|delivery')!.map((p) => p.phrase)[0]).toBe('parcel arrived late');
    expect(phrases.get('onboarding|account_login')!.map((p) => p.phrase)[0]).toBe('login code');
    for (const list of phrases.values()) for (const p of list) expect(p.count).toBeGreaterThanOrEqual(2);
  });
});

describe('representative quotes', () => {
  it('prefers clauses with top phrases, then the most negative, one per item, with evidence words', () => {
    const rows = [
      clause('a', 'Terrible service overall', -0.9),
      clause('b', 'The parcel arrived late', -0.4, [
        { kind: 'touchpoint', rule: 'tp.delivery', match: 'parcel', start: 4, end: 10 },
        { kind: 'sentiment', rule: 's', match: 'late', start: 19, end: 23 },
      ]),
      clause('c', 'Parcel arrived late, again!', -0.6),
      clause('c', 'and it was wet', -0.7),
      clause('d', 'The parcel arrived late', -0.5),
    ];
    const quotes = pickQuotes(rows, [{ phrase: 'parcel arrived late', count: 3, tfidf: 3 }], 3);
    expect(quotes.map((q) => q.externalId)).toEqual(['c', 'd', 'a']);
    expect(evidenceWords(rows[1]!.evidence)).toEqual(['parcel', 'late']);
    expect(evidenceWords('not an array')).toEqual([]);
  });
});

describe('representative quotes, diverse', () => {
  it('show a different complaint before the same one twice, and fill with repeats only when short', () => {
    const ev = (...words: string[]) =>
      words.map((match, i) => ({ kind: 'sentiment', rule: 's', match, start: i, end: i + 1 }));
    const rows = [
      clause(
        't1',
        'Hi team, the box was damaged and the table inside was broken',
        -0.9,
        ev('box', 'damaged', 'broken'),
      ),
      clause(
        't2',
        'Order 7: the box was damaged and the sofa inside was broken',
        -0.9,
        ev('Box', 'damaged', 'broken'),
      ),
      clause(
        't3',
        'The box was damaged and the lamp inside was broken',
        -0.8,
        ev('box', 'damaged', 'broken'),
      ),
      clause('t4', 'The courier left my parcel with a stranger', -0.5, ev('courier', 'parcel')),
      clause('t5', 'Damaged box, dented lamp', -0.4, ev('damaged', 'dented')),
    ];
    expect(pickQuotes(rows, [], 3).map((q) => q.externalId)).toEqual(['t1', 't4', 't5']);
    expect(pickQuotes(rows, [], 5).map((q) => q.externalId)).toEqual(['t1', 't4', 't5', 't2', 't3']);
  });

  it('puts the most positive first for moments of delight', () => {
    const rows = [
      clause('p1', 'Delivery was fine', 0.2),
      clause('p2', 'The courier was wonderful, so friendly', 0.9),
      clause('p3', 'Quick delivery, thanks', 0.6),
    ];
    expect(pickQuotes(rows, [], 3, 'positive').map((q) => q.externalId)).toEqual(['p2', 'p3', 'p1']);
    expect(pickQuotes(rows, [], 3).map((q) => q.externalId)).toEqual(['p1', 'p3', 'p2']);
  });
});

describe('CSV exports', () => {
  it('neutralise quotes that a spreadsheet would run as formulas', () => {
    const csv = renderAlertsCsv({
      asOf: '2026-06-07',
      bucket: 'week',
      period: { from: '2026-06-01', to: '2026-06-07' },
      baseline: { from: '2026-04-06', to: '2026-05-31' },
      baselinePeriods: 8,
      minCount: 5,
      fdr: 0.05,
      filter: {},
      tested: 1,
      alerts: [
        {
          stage: 'fulfilment',
          touchpoint: 'delivery',
          test: 'share',
          mentions: 10,
          negative: 8,
          baselineMentions: 80,
          baselineNegative: 16,
          baselinePeriods: 8,
          expectedNegative: 2,
          rateRatio: 4,
          negativeShare: 0.8,
          baselineNegativeShare: 0.2,
          pValue: 0.0001,
          qValue: 0.001,
          alert: true,
          dispersion: 1,
          examples: [
            {
              source: 'survey',
              externalId: 'x',
              day: '2026-06-02',
              text: '=HYPERLINK("http://evil")',
              score: -0.8,
              evidence: [],
            },
          ],
        },
      ],
    });
    const [head, row] = csv.split('\n');
    expect(head!.split(',')).toHaveLength(20);
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row!.startsWith('2026-06-07,week,2026-06-01')).toBe(true);
  });
});
