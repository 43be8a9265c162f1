// Pure: the drivers page's numbers and units: NPS to one decimal, ratings to two, a true minus sign.
// (Its own shape of a score, not api.ts's, so that it stays free of the browser's globals.)

/** A score of GET /v1/drivers, without its drivers. */
export interface Score {
  source: string;
  scale: string;
  metric: 'nps' | 'mean_rating';
  respondents: number;
  score: number;
  scoreCi: { low: number; high: number } | null;
}

/** The score's unit: NPS points on the nps scale, else what the scale's mean counts. */
export function unitOf(s: Score): string {
  if (s.metric === 'nps') return 'NPS points';
  if (s.scale === 'stars5') return 'stars';
  if (s.scale === 'csat2') return 'share satisfied';
  return s.scale === 'csat5' ? 'CSAT points (1–5)' : 'rating points (1–10)';
}

export const digitsOf = (s: Score) => (s.metric === 'nps' ? 1 : 2);
export const fixed = (n: number, digits: number) => `${n < 0 ? '−' : ''}${Math.abs(n).toFixed(digits)}`;
export const signed = (n: number, digits: number) => `${n > 0 ? '+' : ''}${fixed(n, digits)}`;

/** The score's heading: its source, what it measures, its value with its interval, its respondents. */
export function scoreTitle(s: Score): string {
  const digits = digitsOf(s);
  const what = s.metric === 'nps' ? 'NPS' : `mean rating (${s.scale})`;
  const ci = s.scoreCi ? ` (95%: ${fixed(s.scoreCi.low, digits)} … ${fixed(s.scoreCi.high, digits)})` : '';
  return `${s.source}: ${what} ${fixed(s.score, digits)}${ci}, ${s.respondents} respondents`;
}
