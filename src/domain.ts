// Types shared by every layer. No logic here: data shapes only.

export const STAGES = [
  'awareness',
  'consideration',
  'purchase',
  'fulfilment',
  'onboarding',
  'usage',
  'support',
  'retention',
  'advocacy',
] as const;
export type Stage = (typeof STAGES)[number];

export const TOUCHPOINTS = [
  'website',
  'mobile_app',
  'account_login',
  'checkout',
  'billing',
  'delivery',
  'product',
  'email',
  'notifications',
  'phone_support',
  'live_chat',
  'email_support',
  'help_center',
  'store',
  'social_media',
] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

/** A mention whose text names no stage or touchpoint is kept and counted under `unknown`. */
export const UNKNOWN = 'unknown' as const;
export type StageOrUnknown = Stage | typeof UNKNOWN;
export type TouchpointOrUnknown = Touchpoint | typeof UNKNOWN;

export type ClauseSentiment = 'positive' | 'negative' | 'neutral';
export type ItemSentiment = ClauseSentiment | 'mixed';

/** A rating as the source gives it, with the scale needed to read it. */
export interface Rating {
  value: number;
  scale: RatingScale;
}
/** stars5: 1..5, nps: 0..10, csat5: 1..5, csat2: 0 (bad) or 1 (good), scale10: 1..10. */
export type RatingScale = 'stars5' | 'nps' | 'csat5' | 'csat2' | 'scale10';

export const RATING_RANGES: Readonly<Record<RatingScale, readonly [number, number]>> = {
  stars5: [1, 5],
  nps: [0, 10],
  csat5: [1, 5],
  csat2: [0, 1],
  scale10: [1, 10],
};

/**
 * One normalised piece of feedback, as every ingest adapter produces it and as it travels
 * (inside a durable batch row) to the tag step. Pure data, JSON-safe.
 */
export interface FeedbackInput {
  /**
   * The source name: a configured source's name (`zendesk-eu`), else the format's own (`survey`,
   * `zendesk`, `google-play`, …). With `externalId` the idempotency key.
   */
  source: string;
  /** The format's own source name (`zendesk`) when `source` is a configured name; absent: same as `source`. */
  format?: string;
  /** The survey question this text answers, when a survey has one or several open questions. */
  question?: string | null;
  /** The source's own id, or `sha256:` + a hash of the content when the source has none. */
  externalId: string;
  /** ISO-8601 UTC instant at which the customer gave the feedback. */
  receivedAt: string;
  text: string;
  rating: Rating | null;
  /** Where the feedback arrived (chat, email, phone, web form…): metadata, not the touchpoint. */
  channel: string | null;
  /** The customer's id when the source identifies them (for reach / distinct customers). */
  customerId: string | null;
  /** Segment values the source carries: plan, region, persona, device, app_version… */
  segment: Record<string, string>;
  /** ISO 639-1 code when known or detected. */
  language: string | null;
  /** Why `language` is null although there is text (`too short to tell`); not stored. */
  languageNote?: string;
  /** Record number in the source file (1-based after the header rows), for error reports. */
  record?: number;
}

/** The UTC day an item is stored, aggregated and partitioned under (`received_day`); null for a date that does not parse. */
export function receivedDayOf(receivedAt: string): string | null {
  const at = Date.parse(receivedAt);
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : null;
}
