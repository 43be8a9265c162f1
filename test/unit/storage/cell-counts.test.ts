import { describe, expect, it } from 'vitest';
import { countAddedCells, countAddedSpread } from '../../../src/storage/cell-counts.js';

const m = (stage: string, touchpoint: string, label: string, score: number) => ({
  stage,
  touchpoint,
  label,
  score,
});

describe('countAddedCells', () => {
  it('groups mentions by cell, counting labels, score sums as real, and each item once', () => {
    const cells = countAddedCells([
      {
        day: '2026-01-01',
        source: 'survey',
        segmentJson: '{}',
        mentions: [
          m('usage', 'app', 'negative', -0.1),
          m('usage', 'app', 'negative', -0.7),
          m('support', 'phone', 'positive', 0.5),
        ],
      },
      { day: '2026-01-01', source: 'survey', segmentJson: '{}', mentions: [m('usage', 'app', 'neutral', 0)] },
      {
        day: '2026-01-02',
        source: 'survey',
        segmentJson: '{}',
        mentions: [m('usage', 'app', 'positive', 0.3)],
      },
      {
        day: '2026-01-01',
        source: 'survey',
        segmentJson: '{"plan":"pro"}',
        mentions: [m('usage', 'app', 'negative', -0.2)],
      },
    ]);
    const key = (c: (typeof cells)[number]) => `${c.day} ${c.stage} ${c.touchpoint} ${c.segment}`;
    const byKey = new Map(cells.map((c) => [key(c), c]));
    expect(cells).toHaveLength(4);
    expect(byKey.get('2026-01-01 usage app {}')).toEqual({
      day: '2026-01-01',
      stage: 'usage',
      touchpoint: 'app',
      source: 'survey',
      segment: '{}',
      mentions: 3,
      negative: 2,
      neutral: 1,
      positive: 0,
      sentiment_sum: Math.fround(-0.1) + Math.fround(-0.7),
      negative_intensity_sum: -Math.fround(-0.1) - Math.fround(-0.7),
      items: 2,
    });
    expect(byKey.get('2026-01-01 support phone {}')).toMatchObject({ mentions: 1, positive: 1, items: 1 });
    expect(byKey.get('2026-01-02 usage app {}')).toMatchObject({ mentions: 1, positive: 1, items: 1 });
    expect(byKey.get('2026-01-01 usage app {"plan":"pro"}')).toMatchObject({
      mentions: 1,
      negative: 1,
      items: 1,
    });
  });

  it('gives nothing for items without mentions', () => {
    expect(countAddedCells([{ day: '2026-01-01', source: 's', segmentJson: '{}', mentions: [] }])).toEqual(
      [],
    );
  });
});

describe('countAddedSpread', () => {
  it('sums per item and stage its clauses c and their score s, then items, Σc, Σs, Σs², Σs·c, Σc² per row', () => {
    const rows = countAddedSpread([
      {
        day: '2026-01-01',
        source: 'survey',
        segmentJson: '{}',
        mentions: [
          m('usage', 'app', 'negative', -0.5),
          m('usage', 'web', 'negative', -0.25),
          m('support', 'phone', 'positive', 0.5),
        ],
      },
      {
        day: '2026-01-01',
        source: 'survey',
        segmentJson: '{}',
        mentions: [m('usage', 'app', 'positive', 0.5)],
      },
      {
        day: '2026-01-01',
        source: 'survey',
        segmentJson: '{"plan":"pro"}',
        mentions: [m('usage', 'app', 'neutral', 0)],
      },
    ]);
    const row = (stage: string, segment: string, sums: number[]) => ({
      day: '2026-01-01',
      stage,
      source: 'survey',
      segment,
      items: sums[0],
      mentions: sums[1],
      score_sum: sums[2],
      score_sq_sum: sums[3],
      score_mentions_sum: sums[4],
      mentions_sq_sum: sums[5],
    });
    expect(rows).toEqual([
      // Item 1 has c = 2, s = −0.75 in usage; item 2 c = 1, s = 0.5.
      row('usage', '{}', [2, 3, -0.25, 0.5625 + 0.25, -1.5 + 0.5, 5]),
      row('support', '{}', [1, 1, 0.5, 0.25, 0.5, 1]),
      row('usage', '{"plan":"pro"}', [1, 1, 0, 0, 0, 1]),
    ]);
  });
});
