import { describe, expect, it } from 'vitest';
import {
  createTagger,
  defaultTaxonomy,
  TAGGER_VERSION,
  TAXONOMY_VERSION,
} from '../../../src/tagging/index.js';

// The rules' sentiment lexicon and their channel hints, on their own: the clause model reads the rules'
// score as one of its features and takes its labels from labelled real text (clause-model.test.ts).
const rules = createTagger(defaultTaxonomy, { clauseModel: null });
const tagItem = rules;
const label = (text: string) => rules({ text }).sentiment.label;

describe('sentiment rules', () => {
  it.each([
    ['not bad', 'positive'],
    ['no problem at all', 'positive'],
    ['could not be happier', 'positive'],
    ["don't waste your money", 'negative'],
    ['Not good', 'negative'],
    ['NOT good at all', 'negative'],
  ])('negation: "%s" is %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it.each([
    ['I want a refund', 'negative'],
    ['still waiting', 'negative'],
    ['on hold for 40 minutes', 'negative'],
    ['I was charged twice', 'negative'],
    ['my parcel never arrived', 'negative'],
    ['I want to cancel my account', 'negative'],
  ])('customer-experience lexicon: "%s" is %s', (text, expected) => {
    expect(label(text)).toBe(expected);
  });

  it('scores emphasis: exclamation marks and capitals make praise stronger', () => {
    const plain = tagItem({ text: 'The app is good' }).sentiment.score;
    expect(tagItem({ text: 'The app is good!!!' }).sentiment.score).toBeGreaterThan(plain);
    expect(tagItem({ text: 'The app is GOOD' }).sentiment.score).toBeGreaterThan(plain);
  });

  it('reads emoji and emoticons', () => {
    expect(label('delivery 😡')).toBe('negative');
    expect(label('arrived today :)')).toBe('positive');
  });
});

describe('contrast and mixed items', () => {
  const text = 'Delivery was fast but the invoice was wrong.';
  const result = tagItem({ text });

  it('splits a "but" sentence into two mentions with their own tags', () => {
    expect(result.mentions.map((m) => m.text)).toEqual(['Delivery was fast', 'but the invoice was wrong.']);
    expect(result.mentions[0]!.sentiment.label).toBe('positive');
    expect(result.mentions[0]!.touchpoint).toBe('delivery');
    expect(result.mentions[1]!.sentiment.label).toBe('negative');
    expect(result.mentions[1]!.touchpoint).toBe('billing');
  });

  it('labels clear praise plus clear complaint as mixed, with the complaint as primary', () => {
    expect(result.sentiment.label).toBe('mixed');
    expect(result.touchpoint).toBe('billing');
  });

  it('weights the clause after "but" more than the one before', () => {
    const butFirst = tagItem({ text: 'The staff were rude but the food was great' }).sentiment.score;
    const butLast = tagItem({ text: 'The food was great but the staff were rude' }).sentiment.score;
    expect(butFirst).toBeGreaterThan(0);
    expect(butLast).toBeLessThan(0);
  });
});

describe('evidence and offsets', () => {
  const text = 'Great app.\nBut my refund for order 12.5 never arrived 😡';
  const result = tagItem({ text });

  it('gives every mention offsets that slice the item text', () => {
    for (const m of result.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('gives every evidence entry offsets that slice the matched words', () => {
    const evidence = result.mentions.flatMap((m) => m.evidence);
    expect(evidence.length).toBeGreaterThan(2);
    for (const e of evidence) expect(text.slice(e.start, e.end)).toBe(e.match);
  });

  it('names the rule that tagged the stage', () => {
    const refund = result.mentions.find((m) => m.text.includes('refund'))!;
    expect(refund.stage).toBe('fulfilment');
    expect(
      refund.evidence.some(
        (e) => e.kind === 'stage' && e.rule === 'stage.fulfilment.refund' && e.match === 'refund',
      ),
    ).toBe(true);
  });
});

describe('channel and rating', () => {
  it('tags what the text is about, not the channel it came by', () => {
    const r = tagItem({ text: 'I still have not received my refund', channel: 'chat' });
    expect(r.stage).toBe('fulfilment');
    expect(r.touchpoint).toBe('billing');
  });

  it('uses the channel as a hint only when the text names no touchpoint', () => {
    const r = rules({ text: 'Thanks, all sorted!', channel: 'live chat' });
    expect(r.touchpoint).toBe('live_chat');
    expect(r.mentions[0]!.evidence.some((e) => e.rule === 'hint.channel.chat')).toBe(true);
  });

  it('fuses a rating at item level only and records it', () => {
    const text = 'It arrived on Tuesday.';
    const plain = tagItem({ text });
    const rated = tagItem({ text, rating: { value: 1, scale: 'stars5' } });
    expect(plain.sentiment.ratingUsed).toBe(false);
    expect(rated.sentiment.ratingUsed).toBe(true);
    expect(rated.sentiment.label).toBe('negative');
    expect(rated.mentions[0]!.sentiment).toEqual(plain.mentions[0]!.sentiment);
  });

  it('ignores a rating outside its scale', () => {
    expect(tagItem({ text: 'ok', rating: { value: 9, scale: 'stars5' } }).sentiment.ratingUsed).toBe(false);
  });
});

describe('contract', () => {
  it('is deterministic and stamps versions', () => {
    const input = { text: 'The app crashes at checkout, but support was lovely!' };
    expect(JSON.stringify(tagItem(input))).toBe(JSON.stringify(tagItem(input)));
    expect(tagItem(input).taggerVersion).toBe(TAGGER_VERSION);
    expect(tagItem(input).taxonomyVersion).toBe(TAXONOMY_VERSION);
  });

  it('gives at least one mention for any non-blank text and none for blank text', () => {
    expect(tagItem({ text: '???' }).mentions.length).toBeGreaterThan(0);
    expect(tagItem({ text: '   ' }).mentions).toEqual([]);
  });
});
