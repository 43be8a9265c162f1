// Pure: normalised feedback + its tags → the rows the write path stores.
import { createHash } from 'node:crypto';
import type { FeedbackInput } from '../domain.js';
import { blankPlaceholders } from '../ingest/redact.js';
import type { ItemRow } from '../storage/items.repository.js';
import type { TagInput, TagResult } from '../tagging/types.js';

/** A hash of everything that, when edited at the source, should re-tag and re-count the item. */
export function contentHash(item: FeedbackInput): string {
  // The question joins the hash only when there is one, so items stored before it existed keep theirs.
  const question = item.question ? [item.question] : [];
  const canonical = JSON.stringify([
    item.receivedAt,
    item.text,
    item.rating?.value ?? null,
    item.rating?.scale ?? null,
    item.channel,
    item.customerId,
    Object.entries(item.segment).sort(([a], [b]) => (a < b ? -1 : 1)),
    item.language,
    ...question,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function toItemRow(item: FeedbackInput, tags: TagResult, runId: number | null): ItemRow {
  const receivedAt = new Date(item.receivedAt).toISOString();
  return {
    source: item.source,
    format: item.format ?? item.source,
    externalId: item.externalId,
    contentHash: contentHash(item),
    receivedAt,
    day: receivedAt.slice(0, 10),
    text: item.text,
    rating: item.rating?.value ?? null,
    ratingScale: item.rating?.scale ?? null,
    channel: item.channel,
    customerId: item.customerId,
    segmentJson: JSON.stringify(sortKeys(item.segment)),
    language: item.language,
    question: item.question ?? null,
    label: tags.sentiment.label,
    score: tags.sentiment.score,
    ratingUsed: tags.sentiment.ratingUsed,
    stage: tags.stage,
    touchpoint: tags.touchpoint,
    taxonomyVersion: tags.taxonomyVersion,
    taggerVersion: tags.taggerVersion,
    runId,
    mentions: tags.mentions.map((m, ordinal) => ({
      ordinal,
      start: m.start,
      end: m.end,
      stage: m.stage,
      touchpoint: m.touchpoint,
      label: m.sentiment.label,
      score: m.sentiment.score,
      evidenceJson: JSON.stringify(m.evidence),
    })),
  };
}

export function tagInputOf(item: FeedbackInput): TagInput {
  return {
    // Placeholders of redacted personal data carry no meaning for tagging (see ingest/redact.ts).
    text: blankPlaceholders(item.text),
    rating: item.rating,
    channel: item.channel,
    // The format's own name (`zendesk`), not a configured source's (`zendesk-eu`): it is a tagging hint.
    source: item.format ?? item.source,
    language: item.language,
    // The survey question the answer replies to: context for a clause that names nothing.
    question: item.question ?? null,
  };
}

function sortKeys(segment: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(segment).sort(([a], [b]) => (a < b ? -1 : 1)));
}
