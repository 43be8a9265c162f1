import { describe, expect, it } from 'vitest';
import { createTagger, defaultTaxonomy, shippedClauseModel } from '../../../src/tagging/index.js';

// The codebook: a clause that names nothing takes the cell of the clause beside it or of the survey question
// it answers, else `unknown` — never a guess from a stray word. Shipped tagger (clause model).
const tag = createTagger(defaultTaxonomy, { clauseModel: shippedClauseModel });
const cell = (text: string, more: { source?: string; question?: string } = {}) => {
  const r = tag({ text, ...more });
  return `${r.stage} × ${r.touchpoint}`;
};

describe('clauses that judge but name nothing', () => {
  it.each(['Took forever.', 'Really great!', 'Not good at all.', 'Could be better', 'Love it :)'])(
    '"%s" alone is unknown × unknown, with its sentiment kept',
    (text) => {
      expect(cell(text)).toBe('unknown × unknown');
      expect(tag({ text }).sentiment.label).not.toBe('neutral');
      const evidence = tag({ text }).mentions[0]!.evidence.map((e) => e.rule);
      expect(evidence).toContain('model.stage.unknown.names-nothing');
    },
  );

  it('takes the cell of a named clause beside it', () => {
    const r = tag({ text: 'The courier left the parcel in the rain. Not good at all.' });
    expect(r.mentions.map((m) => `${m.stage} × ${m.touchpoint}`)).toEqual([
      'fulfilment × delivery',
      'fulfilment × delivery',
    ]);
  });

  it("takes an app store's hint when the source is one: a review of an app points at the app", () => {
    expect(cell('Really great!', { source: 'google-play' })).toBe('usage × mobile_app');
    // The arrival channel is not what the text is about.
    expect(cell('Really great!', { source: 'survey' })).toBe('unknown × unknown');
  });

  it('keeps a clause that names a topic, even in plain evaluation words', () => {
    expect(cell('Great service')).not.toBe('unknown × unknown');
    expect(cell('Crashes all the time.')).toBe('usage × mobile_app');
  });
});
