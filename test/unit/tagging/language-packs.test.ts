import { describe, expect, it } from 'vitest';
import { chooseLanguage, detectLanguage } from '../../../src/ingest/language.js';
import {
  createTagger,
  defaultTaxonomy,
  READ_LANGUAGES,
  TAGGER_VERSION,
  tagItem,
} from '../../../src/tagging/index.js';
import { LANGUAGE_PACKS_DIGEST, packsDigest } from '../../../src/tagging/language/packs.js';
import type { TagResult } from '../../../src/tagging/types.js';

const rules = createTagger(defaultTaxonomy, { clauseModel: null });
const rulesOf = (r: TagResult) => r.mentions.flatMap((m) => m.evidence.map((e) => e.rule));
const cell = (r: TagResult) => [r.stage, r.touchpoint, r.sentiment.label];

describe('routing by language', () => {
  it.each([
    ['es', 'El paquete llegó tarde y la caja estaba rota'],
    ['de', 'Das Paket kam drei Tage zu spät'],
    ['fr', 'Le colis est arrivé avec une semaine de retard'],
  ])('tags a %s item with its pack: evidence names the pack rules', (language, text) => {
    for (const tag of [tagItem, rules]) {
      const r = tag({ text, language });
      expect(cell(r)).toEqual(['fulfilment', 'delivery', 'negative']);
      const ids = rulesOf(r);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => id.startsWith(`${language}.`))).toBe(true);
    }
  });

  it('names the matched word in the evidence, with offsets into the text', () => {
    const text = 'Die Lieferung kam nie an';
    const e = tagItem({ text, language: 'de' }).mentions[0]!.evidence.find((x) => x.kind === 'touchpoint')!;
    expect(e.rule).toBe('de.touchpoint.delivery.lieferung');
    expect(text.slice(e.start, e.end)).toBe('Lieferung');
  });

  it.each([
    ['nl', 'Mijn pakket is nooit aangekomen en de klantenservice reageert niet'],
    ['it', 'Il pacco non è mai arrivato e il servizio clienti non risponde'],
    ['pt', 'A encomenda nunca chegou e o apoio ao cliente não responde'],
    ['pl', 'Paczka nigdy nie dotarła, a obsługa klienta nie odpowiada'],
  ])('leaves a %s item unread: unknown cells, no English words used', (language, text) => {
    for (const tag of [tagItem, rules]) {
      const r = tag({ text, language });
      expect(cell(r)).toEqual(['unknown', 'unknown', 'neutral']);
      expect(rulesOf(r)).toEqual([`language.${language}.not-read`, `language.${language}.not-read`]);
    }
  });

  it('tags English as before: stating "en" changes nothing and no pack rule fires', () => {
    for (const text of ['Checkout was easy but the delivery took three weeks', 'Nobody answers the phone']) {
      for (const tag of [tagItem, rules]) {
        const stated = tag({ text, language: 'en' });
        expect(stated).toEqual(tag({ text }));
        expect(rulesOf(stated).some((id) => /^(es|de|fr)\./.test(id))).toBe(false);
      }
    }
  });

  it('reads English and the three pack languages', () => {
    expect([...READ_LANGUAGES].sort()).toEqual(['de', 'en', 'es', 'fr']);
  });
});

describe('negation in each pack', () => {
  it.each([
    ['es', 'La aplicación funciona', 'La aplicación no funciona'],
    ['es', 'Tengo una queja', 'No tengo ninguna queja'],
    ['de', 'Die App gefällt mir', 'Die App gefällt mir nicht'],
    ['de', 'Das ist schlecht', 'Das ist nicht schlecht'],
    ['fr', 'Je suis satisfait du service', 'Je ne suis pas satisfait du service'],
    ['fr', "L'application fonctionne", "L'application ne fonctionne pas"],
  ])('%s: "%s" and "%s" differ in sentiment', (language, plain, negated) => {
    const a = tagItem({ text: plain, language }).sentiment;
    const b = tagItem({ text: negated, language }).sentiment;
    expect(a.label).not.toBe(b.label);
    expect(Math.sign(b.score)).not.toBe(Math.sign(a.score) || 1);
    expect(
      rulesOf(tagItem({ text: negated, language })).some((id) => id.startsWith(`${language}.sentiment.`)),
    ).toBe(true);
  });
});

describe('word senses in each pack', () => {
  it.each([
    // es: "cajero" is a cash machine (the service), "caja" at a shop is the till.
    ['es', 'El cajero se tragó mi tarjeta', 'usage', 'product'],
    ['es', 'El pago fue rechazado en la caja', 'purchase', 'store'],
    // de: "Überweisung" is a bank transfer, "weiterverbunden" a call passed on.
    ['de', 'Meine Überweisung ist nicht angekommen', 'usage', 'product'],
    ['de', 'Am Telefon wurde ich dreimal weiterverbunden', 'support', 'phone_support'],
    // fr: "retrait" is a cash withdrawal at the machine, but click & collect "en magasin".
    ['fr', 'Des frais à chaque retrait au distributeur', 'usage', 'billing'],
    ['fr', 'Le retrait en magasin était rapide', 'fulfilment', 'store'],
  ])('%s: "%s" is %s × %s', (language, text, stage, touchpoint) => {
    const r = tagItem({ text, language });
    expect([r.stage, r.touchpoint]).toEqual([stage, touchpoint]);
  });
});

describe('the tagger version follows the packs', () => {
  it('carries the packs digest, which changes when a pack changes', () => {
    expect(TAGGER_VERSION).toContain(`langs-${LANGUAGE_PACKS_DIGEST}`);
    const a = packsDigest([{ language: 'es', lexicon: { bueno: 2 } }]);
    expect(packsDigest([{ language: 'es', lexicon: { bueno: 2.5 } }])).not.toBe(a);
    expect(packsDigest([{ language: 'es', lexicon: { bueno: 2 } }])).toBe(a);
  });
});

describe('very short texts name no language', () => {
  it.each(['Danke', 'Merci', 'Gracias', 'Thanks', 'Super!', 'Danke schön'])('"%s" gets no guess', (text) => {
    expect(detectLanguage(text)).toBeNull();
    expect(chooseLanguage(null, text).language).toBeNull();
  });

  it('still detects a sentence', () => {
    expect(detectLanguage('El paquete llegó dos días tarde y la caja estaba rota')).toBe('es');
    expect(detectLanguage('Das Paket kam drei Tage zu spät und der Karton war beschädigt')).toBe('de');
  });
});
