import { describe, expect, it } from 'vitest';
import { createTagger, defaultTaxonomy } from '../../../src/tagging/index.js';
import { createTagItem } from '../../../src/tagging/tag-item.js';
import { compileTaxonomy } from '../../../src/tagging/taxonomy/compile-taxonomy.js';

// The rules' mechanics: the rules alone (as `PAINMAP_CLAUSE_MODEL=off`, and as the clause model's features).
const tagItem = createTagger(defaultTaxonomy, { clauseModel: null });

// The rules alone (no trained layer), so each case shows what a rule does.
const rules = createTagItem(compileTaxonomy(defaultTaxonomy), null);
const labelOf = (text: string) => rules({ text }).sentiment.label;
const rulesOf = (text: string) =>
  rules({ text }).mentions.flatMap((m) =>
    m.evidence.filter((e) => e.kind === 'sentiment').map((e) => e.rule),
  );

describe('greetings and sign-offs in tickets are politeness, not praise', () => {
  it.each([
    'Hello, could you please send me a copy of my last invoice? Many thanks, Tom',
    'Hi, what are your opening hours on bank holidays? Cheers',
    'Good morning. Please update the delivery address on order 5512. Kind regards, D. Patel',
  ])('"%s" is neutral', (text) => {
    expect(labelOf(text)).toBe('neutral');
  });

  it('keeps a ticket with a complaint and a thank-you negative, not mixed', () => {
    expect(labelOf("Hi team, my parcel was due yesterday and the tracking hasn't moved. Thanks, Priya")).toBe(
      'negative',
    );
  });

  it('still reads thanks as praise when it is all the item says', () => {
    expect(labelOf('Thank you so much!')).toBe('positive');
    expect(labelOf('Good morning world!!!')).toBe('positive');
  });

  it('still reads thanks with a reason as praise', () => {
    expect(labelOf('Thanks for the quick help on chat earlier')).toBe('positive');
  });
});

describe('contrast: a "but" clause after clear praise is the complaint', () => {
  it('makes the contrast clause negative and the item mixed when it has no sentiment word', () => {
    const text = 'Love the design but it takes two hands to open the lid';
    const result = rules({ text });
    expect(result.sentiment.label).toBe('mixed');
    expect(result.mentions.map((m) => m.sentiment.label)).toEqual(['positive', 'negative']);
    expect(rulesOf(text)).toContain('sentiment.contrast-implied');
  });

  it('reads a trailing "though" after praise as a complaint', () => {
    expect(labelOf('Good coffee, the machine is loud though')).toBe('mixed');
  });

  it('counts a mild complaint after "although" as clear', () => {
    expect(labelOf('Checkout was quick although the shipping options were limited')).toBe('mixed');
  });

  it('leaves a contrast after a neutral clause alone', () => {
    expect(labelOf('I ordered on Monday but it came on Wednesday')).toBe('neutral');
  });

  it('does not read "nothing but" as a contrast', () => {
    expect(rulesOf('Nice easy day of doing nothing but painting')).not.toContain(
      'sentiment.contrast-implied',
    );
  });
});

describe('sarcasm', () => {
  it.each([
    'Oh good, charged again for a plan I cancelled. Brilliant.',
    'I was on hold, got cut off, called again, on hold again. Fantastic.',
    'Great, another app update that moves every button.',
    'Love waiting 10 days for express shipping',
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });

  it('leaves praise beside a complaint made by a fallback rule alone', () => {
    const result = rules({ text: "YAY! They offered to take us out for supper! I don't have to cook! YAY!" });
    expect(result.mentions[0]!.sentiment.label).toBe('positive');
    expect(result.mentions[3]!.sentiment.label).toBe('positive');
  });

  it('leaves an exclamation beside other praise alone', () => {
    expect(labelOf('Fast shipping, lovely packaging. Item was damaged. Great.')).toBe('mixed');
  });
});

describe('resolved problems, shrugs and questions', () => {
  it.each([
    'Support fixed the bug in the next release',
    'They sorted the billing error without me having to chase',
    'The new update fixed the crashing, thank you',
    'Hard to fault, honestly',
    'Saw you on Instagram, ordered the same day, zero regrets',
  ])('"%s" is positive', (text) => {
    expect(labelOf(text)).toBe('positive');
  });

  it('keeps a problem that was never fixed a complaint', () => {
    expect(labelOf('They never fixed the bug')).toBe('negative');
  });

  it.each([
    'Not great, not terrible',
    'Nothing special',
    "haven't used it enough to say",
    'It is fine',
    'Do you offer a discount for charities?',
  ])('"%s" is neutral', (text) => {
    expect(labelOf(text)).toBe('neutral');
  });

  it.each([
    'Why has my bill gone up by £5 this month?',
    'The battery barely lasts half a day',
    'Le service client ne répond jamais au téléphone',
    'The price is too high for what it is',
    'It just is not what I expected',
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });
});

describe('phrases with digits and things that went wrong', () => {
  it('reads a one-digit star count as a phrase', () => {
    expect(labelOf('Highly recommend! 5 stars')).toBe('positive');
    expect(labelOf('2 stars, it broke')).toBe('negative');
  });

  it('reads "for 6 days" as waiting', () => {
    expect(labelOf('The tracking page just says "exception" for 6 days')).toBe('negative');
  });

  it.each([
    'Where is my money?',
    'Shopped here for 10 years, not anymore after how I was treated',
    "Quality isn't what it was",
    'The colour is different from the photos',
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });
});

describe('the trained layer reads only what the customer said', () => {
  it('leaves a ticket of a question and a thank-you neutral', () => {
    const text =
      "Hi, I placed order 48213 on the 3rd and it says 'processing'. When will it ship? Thanks, Maria";
    expect(tagItem({ text }).sentiment.label).toBe('neutral');
  });
});

describe('comma-parts that hold praise and complaint', () => {
  it('become one mention each, with offsets into the item text', () => {
    const text = 'Lovely staff, terrible hold times on the phone';
    const result = rules({ text });
    expect(result.sentiment.label).toBe('mixed');
    expect(result.mentions.map((m) => [m.text, m.sentiment.label])).toEqual([
      ['Lovely staff,', 'positive'],
      ['terrible hold times on the phone', 'negative'],
    ]);
    for (const m of result.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(result.touchpoint).toBe('phone_support');
  });

  it('keep a part without sentiment words with its neighbour', () => {
    const text = 'For a laptop, great screen, awful battery';
    expect(rules({ text }).mentions.map((m) => m.text)).toEqual([
      'For a laptop, great screen,',
      'awful battery',
    ]);
  });

  it('leave a clause of one polarity whole', () => {
    expect(rules({ text: 'Fast, friendly, helpful staff' }).mentions).toHaveLength(1);
  });
});

describe('requests and review idioms', () => {
  it.each(['Dark mode please!', 'More colours please', 'Please add Apple Pay.'])(
    'reads the feature request "%s" as neutral',
    (text) => {
      expect(labelOf(text)).toBe('neutral');
    },
  );

  it.each([
    'Finally an app that lets me split bills without doing maths. Love it.',
    'Nothing, all good',
    "I've been with you for 12 years and I've never had a reason to leave.",
    'I returned it in store and got my money back on the spot.',
  ])('"%s" is positive', (text) => {
    expect(labelOf(text)).toBe('positive');
  });

  it.each([
    'Was great until the last update. Now the widgets are blank.',
    'Phone line was busy all afternoon.',
    'I was told I would get a callback. It has been 4 days.',
    'The checkout asks for my phone number for no reason.',
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });
});

describe('asking for an action', () => {
  it('reads a request to cancel as a request, not a complaint', () => {
    expect(labelOf('Please cancel my account and delete my data.')).toBe('neutral');
    expect(labelOf("I'd like to cancel my order, it hasn't shipped yet.")).not.toBe('mixed');
  });

  it('still reads asking for a refund as a complaint', () => {
    expect(labelOf("I'd like a refund please")).toBe('negative');
    expect(labelOf('I want a refund')).toBe('negative');
  });

  it('finds a question whose opener comes after a lead-in', () => {
    expect(labelOf('Quick one: does the annual plan include the reporting add-on?')).toBe('neutral');
  });

  it('does not read "not the app" as a negated action', () => {
    expect(labelOf('I signed up through the website, not the app.')).toBe('neutral');
    expect(labelOf('The code does not arrive')).toBe('negative');
  });
});

describe('negation idioms that negate nothing', () => {
  it.each([
    ['Nothing short of wonderful', 'positive'],
    ['It not only fails on its own, it drags the rest down', 'negative'],
    ['Nothing but praise for the team', 'positive'],
    ['Nope, still clueless', 'negative'],
  ])('"%s" is %s', (text, label) => {
    expect(labelOf(text)).toBe(label);
  });
});

describe('more complaints and praise without a sentiment word', () => {
  it.each([
    'They closed my ticket without fixing anything.',
    'You keep texting me about a sale when I have opted out.',
    "Cheap, don't expect it to last.",
  ])('"%s" is negative', (text) => {
    expect(labelOf(text)).toBe('negative');
  });

  it('reads "haven\'t looked back" as praise', () => {
    expect(labelOf("I switched from my old bank and haven't looked back.")).toBe('positive');
  });

  it('counts speed as clear praise beside a complaint', () => {
    expect(labelOf('Delivery was quick, the invoice was wrong.')).toBe('mixed');
  });
});

describe('rating fusion with praise and complaint in one item', () => {
  const text = 'Great headphones, but the left earbud disconnects randomly';
  it.each([
    [5, 'positive'],
    [4, 'mixed'],
    [3, 'mixed'],
    [1, 'negative'],
  ] as const)('a %d-star rating makes it %s', (value, label) => {
    const result = rules({ text, rating: { value, scale: 'stars5' } });
    expect(result.sentiment.label).toBe(label);
    expect(result.sentiment.ratingUsed).toBe(true);
    expect(result.mentions.map((m) => m.sentiment.label)).toEqual(['positive', 'negative']);
  });

  it('lets an NPS promoter or detractor decide too', () => {
    expect(rules({ text, rating: { value: 10, scale: 'nps' } }).sentiment.label).toBe('positive');
    expect(rules({ text, rating: { value: 2, scale: 'nps' } }).sentiment.label).toBe('negative');
    expect(rules({ text, rating: { value: 7, scale: 'nps' } }).sentiment.label).toBe('mixed');
  });
});

describe('"even though"', () => {
  it('reads an event that should not have happened as a complaint', () => {
    const text = 'The subscription renewed even though I turned off auto-renew.';
    expect(labelOf(text)).toBe('negative');
    expect(rulesOf(text)).toContain('sentiment.even-though');
  });

  it('leaves a clause that has its own sentiment words alone', () => {
    expect(rulesOf('The courier was lovely even though it rained')).not.toContain('sentiment.even-though');
  });
});
