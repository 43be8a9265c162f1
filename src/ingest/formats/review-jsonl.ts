// Review dumps as JSON Lines: Yelp Open Dataset `review.json` and Amazon Reviews'23 (and the
// older 2014/2018 Amazon shape). Amazon has no review id: the id hashes user, product and time.
import { htmlToPlainText } from '../company-text.js';
import type { JsonFormat } from '../json-format.js';
import { asText, type JsonObject, parseJsonDate } from '../json-values.js';
import { finishRecord, hashId, parseRating } from '../records.js';

export const yelp: JsonFormat = {
  name: 'yelp',
  source: 'yelp',
  matches: (r) => 'review_id' in r && 'business_id' in r,
  map: (r, record, options) => [
    finishRecord({
      record,
      source: 'yelp',
      id: asText(r.review_id),
      idRequired: true,
      date: parseJsonDate(r.date),
      text: asText(r.text),
      rating: parseRating(asText(r.stars), 'stars5'),
      channel: 'review',
      customerId: asText(r.user_id) || null,
      segment: { ...options.segment, ...(asText(r.business_id) ? { business: asText(r.business_id) } : {}) },
      raw: [JSON.stringify(r)],
      textLabel: 'text',
    }),
  ],
};

function amazonFields(r: JsonObject) {
  const modern = 'rating' in r || 'timestamp' in r;
  return {
    title: asText(modern ? r.title : r.summary).trim(),
    body: htmlToPlainText(asText(modern ? r.text : r.reviewText)),
    rating: asText(modern ? r.rating : r.overall),
    date: parseJsonDate(modern ? r.timestamp : r.unixReviewTime),
    user: asText(modern ? r.user_id : r.reviewerID),
    product: asText(r.parent_asin) || asText(r.asin),
  };
}

export const amazon: JsonFormat = {
  name: 'amazon',
  source: 'amazon',
  matches: (r) => ('asin' in r || 'parent_asin' in r) && ('rating' in r || 'overall' in r),
  map: (r, record, options) => {
    const f = amazonFields(r);
    return [
      finishRecord({
        record,
        source: 'amazon',
        id: f.date.ok && f.user ? hashId(['amazon', f.user, f.product, f.date.iso]) : null,
        idRequired: false,
        date: f.date,
        text: [f.title, f.body].filter(Boolean).join('\n'),
        rating: parseRating(f.rating, 'stars5'),
        channel: 'review',
        customerId: f.user || null,
        segment: { ...options.segment, ...(f.product ? { product: f.product } : {}) },
        raw: [JSON.stringify(r)],
        textLabel: 'text',
      }),
    ];
  },
};
