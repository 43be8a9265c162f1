import { describe, expect, it } from 'vitest';
import { defaultTaxonomy } from '../../../src/tagging/index.js';
import { ratingPolarity } from '../../../src/tagging/sentiment/fuse-rating.js';
import { createTagItem } from '../../../src/tagging/tag-item.js';
import { compileTaxonomy } from '../../../src/tagging/taxonomy/compile-taxonomy.js';

// The rules alone (no trained layer), so each case shows what a rule does.
const rules = createTagItem(compileTaxonomy(defaultTaxonomy), null);
const labelOf = (text: string) => rules({ text }).sentiment.label;

describe('customer-experience complaints without a sentiment word', () => {
  it.each([
    'Delivery took almost a month',
    'I had to call three times to get my address changed',
    'The app logs me out every day',
    'Waited 2 hours for a callback',
    'I was promised a callback on Monday and nobody called',
    'No one answered my emails',
    'I never heard back from them',
    'The app won’t load since the update',
    "The speaker won't pair with my phone",
    'Unable to change my address online',
    'It stopped working after a week',
    'The checkout keeps timing out',
    'The tracking link goes to a 404 page',
    'wow 3 weeks for a parcel, amazing service 🙃',
    'Thanks for nothing.',
    'Oh sure, next day delivery. Ten days later, nothing.',
    'Your ads follow me everywhere, I have hidden them five times',
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });
});

describe('customer-experience praise without a sentiment word', () => {
  it.each([
    'Arrived the next day',
    'Sorted in minutes',
    'It does exactly what I need it to do',
    'Refunded within 24 hours, no questions asked',
    'Came a day earlier than promised',
    'no issues at all',
    'No problem with the order',
    '10/10 would buy again',
    'I have had it for a year and it still looks brand new',
  ])('"%s" is positive', (text) => {
    expect(labelOf(text)).toBe('positive');
  });
});

describe('what is not sentiment', () => {
  it.each([
    'no',
    'nothing really',
    'Nothing to add',
    'Can I buy a gift card on the website?',
    'Can I refer a friend if I am on the free plan?',
    'hello i need help',
    'Please send the invoice to accounts@example.com',
  ])('"%s" is neutral', (text) => {
    expect(labelOf(text)).toBe('neutral');
  });

  it('keeps a complaint asked as a question negative', () => {
    expect(labelOf('Why is the app so slow and buggy?')).toBe('negative');
  });

  it('reads NPS passives (7-8) as about neutral and promoters as positive', () => {
    expect(ratingPolarity({ value: 7, scale: 'nps' })).toBe(0);
    expect(Math.abs(ratingPolarity({ value: 8, scale: 'nps' })!)).toBeLessThan(0.1);
    expect(ratingPolarity({ value: 9, scale: 'nps' })).toBeGreaterThan(0.5);
    expect(ratingPolarity({ value: 6, scale: 'nps' })).toBeLessThan(0);
    expect(rules({ text: 'n/a', rating: { value: 8, scale: 'nps' } }).sentiment.label).toBe('neutral');
  });
});

describe('mixed items', () => {
  it.each(['nice design, useless search', 'Great coffee, terrible wait times at the counter'])(
    '"%s" is mixed: praise and complaint in comma-separated parts',
    (text) => {
      expect(labelOf(text)).toBe('mixed');
    },
  );

  it('does not call a topic word a complaint ("noise cancelling")', () => {
    expect(labelOf('Best headphones I have ever owned, the noise cancelling is unreal')).toBe('positive');
  });
});
