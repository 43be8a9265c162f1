// Google Play Developer API reviews (androidpublisher v3 `reviews.list`) → feedback items. Pure.
// A review is {reviewId, authorName, comments: [{userComment}, {developerComment}]}; the developer's
// reply is company text and never read. An edited review comes back with a newer lastModified.

import type { DateResult } from '../ingest/dates.js';
import type { JsonFormat } from '../ingest/json-format.js';
import { asArray, asText, get, type JsonObject } from '../ingest/json-values.js';
import { finishRecord, parseRating } from '../ingest/records.js';

/** The customer's own comment of a review (the first `userComment`). */
export function userCommentOf(review: JsonObject): JsonObject | null {
  for (const c of asArray(review.comments)) {
    const user = get(c, 'userComment');
    if (user && typeof user === 'object' && !Array.isArray(user)) return user as JsonObject;
  }
  return null;
}

/** `lastModified: {seconds: "1453978803", nanos: 796000000}` → epoch milliseconds. */
export function lastModifiedMs(review: JsonObject): number | null {
  const seconds = Number(asText(get(userCommentOf(review), 'lastModified', 'seconds')));
  if (!Number.isFinite(seconds) || seconds <= 0) return null;
  const nanos = Number(asText(get(userCommentOf(review), 'lastModified', 'nanos'))) || 0;
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

function dateOf(review: JsonObject): DateResult {
  const ms = lastModifiedMs(review);
  if (ms === null) return { ok: false, code: 'missing_date', reason: 'the review has no lastModified time' };
  return { ok: true, iso: new Date(ms).toISOString() };
}

export const googlePlayApi: JsonFormat = {
  name: 'google-play-api',
  source: 'google-play',
  matches: (r) => 'reviewId' in r && 'comments' in r,
  map: (r, record, options) => {
    const user = userCommentOf(r) ?? {};
    const text = asText(user.text).replace(/\t/g, '\n');
    const language = asText(user.reviewerLanguage).trim();
    const segment: Record<string, string> = { ...options.segment };
    const version = asText(user.appVersionName).trim();
    const device = asText(user.device).trim();
    if (version) segment.app_version = version;
    if (device) segment.device = device;
    if (language) segment.language = language;
    return [
      finishRecord({
        record,
        source: 'google-play',
        id: asText(r.reviewId),
        idRequired: true,
        date: dateOf(r),
        text,
        rating: parseRating(asText(user.starRating), 'stars5'),
        channel: 'app_review',
        customerId: null,
        segment,
        statedLanguage: language || null,
        raw: [JSON.stringify(r).slice(0, 200)],
        textLabel: 'userComment.text',
      }),
    ];
  },
};
