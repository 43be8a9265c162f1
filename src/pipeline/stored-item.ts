// Pure: a stored item read back as the FeedbackInput it was written from, so re-tagging sees the
// same input and the same content hash as the first tagging did.
import type { FeedbackInput, RatingScale } from '../domain.js';
import type { StoredItem } from '../storage/retag.repository.js';

export function toFeedbackInput(item: StoredItem): FeedbackInput {
  return {
    source: item.source,
    externalId: item.external_id,
    receivedAt: new Date(item.received_at).toISOString(),
    text: item.text,
    rating: item.rating === null ? null : { value: item.rating, scale: item.rating_scale as RatingScale },
    channel: item.channel,
    customerId: item.customer_id,
    segment: item.segment,
    language: item.language,
    ...(item.format !== item.source ? { format: item.format } : {}),
    ...(item.question !== null ? { question: item.question } : {}),
  };
}
