import { describe, expect, it } from 'vitest';
import { type Score, scoreTitle, unitOf } from '../../../web/src/drivers-format.js';

const score = (scale: string, metric: 'nps' | 'mean_rating', value: number): Score => ({
  source: 'survey',
  scale,
  metric,
  respondents: 227,
  score: value,
  scoreCi: { low: value - 12.2, high: value + 12.3 },
});

describe('the drivers tables’ units and headings', () => {
  it('names each scale’s unit: NPS points, stars, CSAT points, the share satisfied', () => {
    expect(unitOf(score('nps', 'nps', 16.7))).toBe('NPS points');
    expect(unitOf(score('stars5', 'mean_rating', 3.4))).toBe('stars');
    expect(unitOf(score('csat5', 'mean_rating', 3.4))).toBe('CSAT points (1–5)');
    expect(unitOf(score('csat2', 'mean_rating', 0.7))).toBe('share satisfied');
    expect(unitOf(score('scale10', 'mean_rating', 6.2))).toBe('rating points (1–10)');
  });

  it('titles a score with its interval: NPS to one decimal (a true minus sign), ratings to two', () => {
    expect(scoreTitle(score('nps', 'nps', 4))).toBe('survey: NPS 4.0 (95%: −8.2 … 16.3), 227 respondents');
    expect(scoreTitle({ ...score('stars5', 'mean_rating', 3.38), scoreCi: null })).toBe(
      'survey: mean rating (stars5) 3.38, 227 respondents',
    );
  });
});
