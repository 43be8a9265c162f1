import { describe, expect, it } from 'vitest';
import {
  createTagger,
  defaultTaxonomy,
  ownRulesOf,
  parseTaxonomy,
  shippedClauseModel,
  TAGGER_VERSION,
} from '../../../src/tagging/index.js';

const model = shippedClauseModel;
const tag = createTagger(defaultTaxonomy, { clauseModel: model });

describe('the learned clause model', () => {
  it('ships, and every result names it in the tagger version, read or not', () => {
    expect(model).not.toBeNull();
    const version = `${TAGGER_VERSION}+${model!.version}`;
    expect(tag({ text: 'The parcel never came' }).taggerVersion).toBe(version);
    // A language the tagger does not read must carry the same version (retag compares them).
    expect(tag({ text: 'Das Paket kam nie an', language: 'de' }).taggerVersion).toBe(version);
  });

  it('names the words that carried each tag, at their offsets in the text', () => {
    const text = 'I was charged twice for one order and the refund still has not arrived.';
    const r = tag({ text });
    for (const m of r.mentions) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      const kinds = new Set(m.evidence.map((e) => e.kind));
      expect(kinds.has('stage') && kinds.has('touchpoint')).toBe(true);
      for (const e of m.evidence) if (e.match !== '') expect(text.slice(e.start, e.end)).toBe(e.match);
    }
    expect(r.mentions.flatMap((m) => m.evidence).some((e) => e.rule.startsWith('model.'))).toBe(true);
  });

  it('is deterministic', () => {
    const text = 'Checkout was easy but the delivery took three weeks and nobody answered my emails';
    expect(tag({ text })).toEqual(tag({ text }));
  });

  it('keeps a greeting or sign-off neutral and out of the item sentiment', () => {
    const r = tag({ text: 'When will my order ship? Thanks, Maria' });
    expect(r.sentiment.label).not.toBe('positive');
  });

  it('gives a language it does not read unknown cells and the rating only', () => {
    const r = tag({
      text: 'Überweisung nicht angekommen',
      language: 'de',
      rating: { value: 1, scale: 'stars5' },
    });
    expect([r.stage, r.touchpoint, r.sentiment.label]).toEqual(['unknown', 'unknown', 'negative']);
    expect(r.mentions[0]!.evidence.map((e) => e.rule)).toContain('language.de.not-read');
    const unrated = tag({ text: 'Überweisung nicht angekommen', language: 'de' });
    expect(unrated.sentiment.label).toBe('neutral');
  });

  it("lets a custom taxonomy's own rules decide the clauses they fire in", () => {
    const custom = parseTaxonomy(
      JSON.stringify({
        ...defaultTaxonomy,
        version: 'custom-kiosk',
        stages: {
          ...defaultTaxonomy.stages,
          support: {
            ...defaultTaxonomy.stages.support!,
            rules: [...defaultTaxonomy.stages.support!.rules, { id: 'kiosk', match: ['kiosk'], weight: 3 }],
          },
        },
      }),
    );
    expect([...ownRulesOf(custom)]).toEqual(['stage.support.kiosk']);
    const r = createTagger(custom, { clauseModel: model })({ text: 'The kiosk froze twice' });
    expect(r.stage).toBe('support');
    expect(r.mentions[0]!.evidence.find((e) => e.kind === 'stage')?.rule).toBe('stage.support.kiosk');
  });
});
