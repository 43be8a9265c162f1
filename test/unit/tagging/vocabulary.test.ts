import { describe, expect, it } from 'vitest';
import { createTagger, defaultTaxonomy } from '../../../src/tagging/index.js';
import { featureBuckets } from '../../../src/tagging/sentiment/polarity-model.js';
import { createTagItem } from '../../../src/tagging/tag-item.js';
import { compileTaxonomy } from '../../../src/tagging/taxonomy/compile-taxonomy.js';
import { tokenize } from '../../../src/tagging/text/tokenize.js';

// The rules' mechanics: the rules alone (as `PAINMAP_CLAUSE_MODEL=off`, and as the clause model's features).
const tagItem = createTagger(defaultTaxonomy, { clauseModel: null });

describe('default taxonomy vocabulary', () => {
  it.each([
    ['The lamp is lovely but the shade wobbles', 'usage', 'product'],
    ['The courier left my parcel in the rain', 'fulfilment', 'delivery'],
    ['I never get the 2FA code when I try to sign in', 'usage', 'account_login'],
    ['You charged my card twice for one invoice', 'purchase', 'billing'],
    ['The promo code would not apply at checkout', 'purchase', 'checkout'],
    ['Stop emailing me your newsletter', 'usage', 'email'],
    ['I emailed support and nobody replied for a week', 'support', 'email_support'],
    ['On hold for 40 minutes before an agent picked up the call', 'support', 'phone_support'],
    ['The bot in the chat kept looping', 'support', 'live_chat'],
    ['Staff at the branch were lovely', 'purchase', 'store'],
    ['Push alerts arrive hours late', 'usage', 'notifications'],
    ['Do you deliver to Northern Ireland?', 'consideration', 'delivery'],
    ['Is there a student discount?', 'consideration', 'checkout'],
    ['The 2FA code never arrives by SMS', 'usage', 'account_login'],
    ['The login code never arrives', 'usage', 'account_login'],
    ['Took my money and never sent the item', 'fulfilment', 'billing'],
    ['Recommended you in a Facebook group and three people signed up', 'advocacy', 'social_media'],
    ['Ads every few seconds, uninstalled the app', 'retention', 'mobile_app'],
  ])('tags "%s" as %s / %s', (text, stage, touchpoint) => {
    const r = tagItem({ text });
    expect([r.stage, r.touchpoint]).toEqual([stage, touchpoint]);
  });

  it('matches a courier name exactly, not by stem ("gave up" is not UPS)', () => {
    expect(tagItem({ text: 'Gave up.' }).touchpoint).not.toBe('delivery');
    expect(tagItem({ text: 'UPS lost it' }).touchpoint).toBe('delivery');
  });

  const rules = createTagger(defaultTaxonomy, { clauseModel: null });

  it('falls back to usage / product, with evidence, when the text names nothing (rules only)', () => {
    const r = rules({ text: 'meh' });
    expect([r.stage, r.touchpoint]).toEqual(['usage', 'product']);
    expect(r.mentions[0]!.evidence.filter((e) => e.rule === 'fallback')).toHaveLength(2);
  });

  it('prefers a channel hint over the fallback', () => {
    expect(rules({ text: 'meh', channel: 'phone' }).touchpoint).toBe('phone_support');
  });
});

describe('trained polarity layer', () => {
  const rulesOnly = createTagItem(compileTaxonomy(defaultTaxonomy), null);
  // The polarity layer alone, without the clause model (which decides clause labels itself).
  const withPolarity = createTagger(defaultTaxonomy, { clauseModel: null });

  it('hashes the same words to the same buckets, inside the table', () => {
    const a = featureBuckets(tokenize('The box was crushed'), 1 << 16);
    expect(a).toEqual(featureBuckets(tokenize('the BOX was crushed'), 1 << 16));
    expect(a).toHaveLength(4 + 3);
    for (const b of a) expect(b).toBeGreaterThanOrEqual(0);
    for (const b of a) expect(b).toBeLessThan(1 << 16);
  });

  it('gives polarity to a complaint the rules find no sentiment word in', () => {
    const text = 'The paint peeled off after one wash';
    expect(rulesOnly({ text }).sentiment.label).toBe('neutral');
    expect(withPolarity({ text }).sentiment.label).toBe('negative');
    expect(tagItem({ text }).sentiment.label).toBe('negative');
  });

  it('keeps the rules in charge of intensity and of mention labels', () => {
    const text = 'Absolutely love it, best purchase this year!!';
    expect(withPolarity({ text }).sentiment.label).toBe('positive');
    expect(withPolarity({ text }).mentions).toEqual(rulesOnly({ text }).mentions);
  });
});
