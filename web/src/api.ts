// Talks to the painmap API with the token the reader entered. The token lives in this tab's
// sessionStorage: it survives a reload, is gone when the tab closes and is never shared with other
// tabs or written to disk for later sessions (see the README, "The dashboard's token").
import { parseRoute, routeHref } from './router.js';

// The API's response shapes, from the modules that build them (type-only: nothing of the server is bundled).
export type { Driver, ScoreDrivers } from '../../src/aggregate/drivers.format.js';
export type { JourneyCell, StageFigures } from '../../src/aggregate/journey.format.js';
export type { PainPoint } from '../../src/aggregate/pain-points.js';
export type { Quote as JourneyQuote } from '../../src/aggregate/quotes.js';
export type { Interval } from '../../src/aggregate/stats/intervals.js';
export type { CellQuote as Quote } from '../../src/api/cell-quotes.query.js';
export type { SearchResult } from '../../src/search/search-items.js';

import type { ScoreDrivers } from '../../src/aggregate/drivers.format.js';
import type { JourneyCell, StageFigures } from '../../src/aggregate/journey.format.js';
import type { PainPoint } from '../../src/aggregate/pain-points.js';
import type { Quote as JourneyQuote } from '../../src/aggregate/quotes.js';
import type { Interval } from '../../src/aggregate/stats/intervals.js';
import type { SearchResult } from '../../src/search/search-items.js';

const TOKEN_KEY = 'painmap.token';

/** Dashboards before issue 17 kept the token in localStorage: drop that lasting copy. */
export function forgetLegacyToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

/**
 * The zero-setup modes print the dashboard URL with a token for that run in the fragment
 * (#token=…; browsers send fragments to no server). Read it once into sessionStorage and take it
 * out of the address bar, so it is not left in the history or copied along with the URL; the rest
 * of the fragment (a page and its state, #/heatmap?…&token=…) stays.
 */
export function takeTokenFromUrl(): void {
  const { page, params } = parseRoute(location.hash);
  const token = params.get('token');
  if (!token) return;
  saveToken(token);
  params.delete('token');
  const rest = page || params.size > 0 ? routeHref(page, params) : '';
  history.replaceState(null, '', `${location.pathname}${location.search}${rest}`);
}

export function savedToken(): string {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const url = query.size > 0 ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { authorization: `Bearer ${savedToken()}` } });
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ApiError(response.status, body.message ?? `HTTP ${response.status}`);
  return body as T;
}

export interface Cell {
  stage: string;
  touchpoint: string;
  mentions: number;
  negative: number;
  negativeRate: number | null;
  meanSentiment: number | null;
  pain: number;
  value: number | null;
}

export interface Heatmap {
  bucket: string;
  metric: string;
  stages: string[];
  touchpoints: string[];
  buckets: Array<{ start: string; cells: Cell[] }>;
  total: Cell[];
}

export interface Filters {
  first: string | null;
  last: string | null;
  sources: string[];
  segments: Array<{ key: string; value: string }>;
}

export type Direction = 'worse' | 'better' | 'steady';

export interface JourneyStage {
  stage: string;
  current: StageFigures;
  previous: StageFigures;
  change: {
    sentiment: (Interval & { p: number; q: number }) | null;
    negativeShare: (Interval & { p: number }) | null;
    direction: Direction | null;
  };
  touchpoints: Array<{ touchpoint: string; mentions: number; negative: number }>;
  painPoints: JourneyCell[];
  delights: JourneyCell[];
  changes: Array<
    JourneyCell & {
      change: Interval & { p: number; q: number };
      direction: 'worse' | 'better';
      excessNegative: number;
    }
  >;
}

export interface Journey {
  period: { from: string; to: string; days: number } | null;
  previous: { from: string; to: string } | null;
  unplaced: number;
  stages: JourneyStage[];
}

export interface Drivers {
  period: { from: string; to: string } | null;
  method: 'remove-theme';
  scores: ScoreDrivers[];
}

/** GET with `format=csv`, saved by the browser as `<name>.csv` (the token goes in the header, never the URL). */
export async function downloadCsv(path: string, params: Record<string, string | undefined>, name: string) {
  const query = new URLSearchParams({ format: 'csv' });
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const response = await fetch(`${path}?${query}`, { headers: { authorization: `Bearer ${savedToken()}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `HTTP ${response.status}`);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: `${name}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A quote as the reports list it (the pain points' and the alerts' examples). */
export type CellQuoteText = Pick<JourneyQuote, 'source' | 'externalId' | 'day' | 'text' | 'evidence'>;

export interface PainPoints {
  period: { from: string; to: string } | null;
  previous?: { from: string; to: string };
  painPoints: PainPoint[];
}

export interface Alert {
  stage: string;
  touchpoint: string;
  test: 'share' | 'volume';
  mentions: number;
  negative: number;
  negativeShare: number | null;
  baselineNegativeShare: number | null;
  expectedNegative: number;
  rateRatio: number | null;
  pValue: number;
  qValue: number;
  examples: CellQuoteText[];
}

export interface Alerts {
  asOf: string;
  bucket: string;
  period: { from: string; to: string } | null;
  baseline: { from: string; to: string } | null;
  tested: number;
  fdr: number;
  alerts: Alert[];
  note?: string;
}

export interface GroupEffect {
  before: { mentions: number; negative: number; negativeRate: number | null };
  after: { mentions: number; negative: number; negativeRate: number | null };
  change: Interval | null;
}

export interface InterventionEffect {
  intervention: { id: number; name: string; effectiveDay: string; stage: string; touchpoint: string | null };
  before: { from: string; to: string };
  after: { from: string; to: string };
  target: GroupEffect;
  control: GroupEffect;
  differenceInDifferences: Interval | null;
  verdict: string;
}

export interface Search {
  tsquery: string;
  page: number;
  pageSize: number;
  total: number;
  /** More than `total` items match: the results are the best of the newest `total`. */
  totalCapped: boolean;
  results: SearchResult[];
}
