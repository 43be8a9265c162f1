// What the pipeline hands the tagger for a stored or ingested item.
import { describe, expect, it } from 'vitest';
import type { FeedbackInput } from '../../../src/domain.js';
import { tagInputOf } from '../../../src/pipeline/item-rows.js';
import { tagItem } from '../../../src/tagging/index.js';

const answer = (question: string | null): FeedbackInput => ({
  source: 'nps-q3',
  format: 'survey',
  question,
  externalId: 'r-17',
  receivedAt: '2026-11-02T10:00:00Z',
  text: 'It was fine.',
  rating: null,
  channel: null,
  customerId: null,
  segment: {},
  language: 'en',
});

describe('tagInputOf', () => {
  it("hands the tagger the survey question, the format's name and the language", () => {
    expect(tagInputOf(answer('How was the delivery of your order?'))).toMatchObject({
      text: 'It was fine.',
      question: 'How was the delivery of your order?',
      source: 'survey',
      language: 'en',
    });
  });

  it('so an answer that names nothing lands in the cell of its question', () => {
    const answered = tagItem(tagInputOf(answer('How was the delivery of your order?')));
    const alone = tagItem(tagInputOf(answer(null)));
    expect([answered.stage, answered.touchpoint]).toEqual(['fulfilment', 'delivery']);
    expect(alone.touchpoint).not.toBe('delivery');
  });
});
