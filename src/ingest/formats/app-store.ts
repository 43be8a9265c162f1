// App Store Connect customerReviews (JSON:API): attributes {rating, title, body, createdDate, territory}.
// Developer responses live under relationships and are never read.
import type { JsonFormat } from '../json-format.js';
import { asText, get, parseJsonDate } from '../json-values.js';
import { finishRecord, parseRating } from '../records.js';

export const appStore: JsonFormat = {
  name: 'app-store',
  source: 'app-store',
  matches: (r) =>
    r.type === 'customerReviews' ||
    (get(r, 'attributes', 'reviewerNickname') !== undefined && get(r, 'attributes', 'rating') !== undefined),
  map: (r, record, options) => {
    const a = (k: string) => get(r, 'attributes', k);
    const title = asText(a('title')).trim();
    const body = asText(a('body')).trim();
    const territory = asText(a('territory')).trim();
    return [
      finishRecord({
        record,
        source: 'app-store',
        id: asText(r.id),
        idRequired: true,
        date: parseJsonDate(a('createdDate')),
        text: [title, body].filter(Boolean).join('\n'),
        rating: parseRating(asText(a('rating')), 'stars5'),
        channel: 'app_review',
        customerId: null,
        segment: { ...options.segment, ...(territory ? { country: territory } : {}) },
        raw: [JSON.stringify(r)],
        textLabel: 'body',
      }),
    ];
  },
};
