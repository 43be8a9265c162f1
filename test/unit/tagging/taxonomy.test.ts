import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTagger,
  defaultTaxonomy,
  loadTaxonomy,
  parseTaxonomy,
  TaxonomyError,
} from '../../../src/tagging/index.js';

const valid = {
  version: 'custom-1',
  stages: { support: { precedence: 1, rules: [{ id: 'kiosk', match: ['kiosk'], weight: 2 }] } },
  touchpoints: { store: { precedence: 1, rules: [{ id: 'kiosk', match: ['self-service kiosk', 'kiosk'] }] } },
};

describe('taxonomy loading', () => {
  it('loads the default taxonomy with nine stages and fifteen touchpoints', () => {
    expect(Object.keys(defaultTaxonomy.stages)).toHaveLength(9);
    expect(Object.keys(defaultTaxonomy.touchpoints)).toHaveLength(15);
  });

  it('names the line of a JSON syntax error', () => {
    const text = '{\n  "version": "x",\n  "stages": {,\n}';
    expect(() => parseTaxonomy(text, 'my.json')).toThrow(/my\.json:3:\d+: invalid JSON/);
  });

  it('names the class, field and line of a schema error', () => {
    const text = JSON.stringify(
      { ...valid, stages: { support: { precedence: 1, rules: [{ id: 'a', match: [], weight: 1 }] } } },
      null,
      2,
    );
    let message = '';
    try {
      parseTaxonomy(text, 'bad.json');
    } catch (error) {
      expect(error).toBeInstanceOf(TaxonomyError);
      message = (error as Error).message;
    }
    const line = text.split('\n').findIndex((l) => l.includes('"match"')) + 1;
    expect(message).toContain(`bad.json:${line}: stages.support.rules.0.match`);
  });

  it('rejects an unknown stage name', () => {
    expect(() => parseTaxonomy(JSON.stringify({ ...valid, stages: { shopping: { rules: [] } } }))).toThrow(
      /stages/,
    );
  });

  it('rejects a rule id used twice in one class', () => {
    const twice = {
      ...valid,
      touchpoints: {
        store: {
          rules: [
            { id: 'k', match: ['a'] },
            { id: 'k', match: ['b'] },
          ],
        },
      },
    };
    expect(() => parseTaxonomy(JSON.stringify(twice))).toThrow(
      /touchpoints\.store: rule id "k" is used twice/,
    );
  });

  it('tags with a custom taxonomy loaded from a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'painmap-taxonomy-'));
    const file = path.join(dir, 'taxonomy.json');
    writeFileSync(file, JSON.stringify(valid));
    const tag = createTagger(loadTaxonomy(file));
    const r = tag({ text: 'The self-service kiosks were broken' });
    expect(r.stage).toBe('support');
    expect(r.touchpoint).toBe('store');
    expect(r.taxonomyVersion).toBe('custom-1');
    expect(r.mentions[0]!.evidence.find((e) => e.kind === 'touchpoint')?.match).toBe('self-service kiosks');
  });
});

describe('stage from a clearly named touchpoint', () => {
  // The rules' own mechanics (defaults, stem collisions), without the clause model.
  const tag = createTagger(defaultTaxonomy, { clauseModel: null });

  it('lets a named touchpoint lend its default stage when one word only leans to another stage', () => {
    const text = 'The store manager went out of her way to find my size in another branch';
    const result = tag({ text });
    expect(result.touchpoint).toBe('store');
    expect(result.stage).toBe('purchase');
    const rules = result.mentions[0]!.evidence.map((e) => e.rule);
    expect(rules).toContain('stage.purchase.default-for.store');
    expect(rules).not.toContain('stage.usage.using');
  });

  it('keeps a stage that the text names outright', () => {
    expect(tag({ text: 'The store has kept my refund for three weeks' }).stage).toBe('fulfilment');
    expect(tag({ text: 'Cancelled my subscription in the store' }).stage).toBe('retention');
  });

  it.each([
    ['Self-checkout machines are always out of order', 'purchase', 'store'],
    ['The site keeps logging me out while I am shopping', 'usage', 'website'],
    ['Second order and just as impressed as the first time', 'retention', 'product'],
    ['Charged for a cancelled order', 'purchase', 'billing'],
    ["Don't download this app", 'advocacy', 'mobile_app'],
    ['I would tell friends to look elsewhere', 'advocacy', 'product'],
    ['The staff member at the till was on her phone the whole time', 'purchase', 'store'],
    ['Is it compatible with my old printer?', 'consideration', 'product'],
  ])('tags "%s" as %s / %s', (text, stage, touchpoint) => {
    const result = tag({ text });
    expect([result.stage, result.touchpoint]).toEqual([stage, touchpoint]);
  });

  it.each([
    ['Great range of sizes', 'range', 'touchpoint.phone_support'],
    ['Let us know', 'us', 'stage.usage'],
    ['I added my partner as a second user', 'added', 'stage.awareness'],
    ['It is our responsibility', 'responsibility', 'touchpoint.email_support'],
    ['The daily reminder helps me stay on track', 'stay', 'stage.retention'],
    ['I am an active user of the dashboard', 'active', 'stage.onboarding'],
    ['The app supports dark mode now', 'supports', 'stage.support'],
    ['Bought two pairs of shoes', 'pairs', 'stage.onboarding'],
    ['I paid in three instalments', 'instalments', 'stage.onboarding'],
    ['The on/off switch broke', 'switch', 'stage.retention'],
    ['It is sort of slow on my own laptop', 'sort', 'stage.support'],
  ])('does not match a rule by a stem collision: "%s" (%s)', (text, _word, rule) => {
    const evidence = tag({ text }).mentions.flatMap((m) => m.evidence.map((e) => e.rule));
    expect(evidence.filter((r) => r.startsWith(rule))).toEqual([]);
  });

  it('reads "mailing list" as email, not as post', () => {
    expect(tag({ text: 'Please remove me from your mailing list.' }).touchpoint).toBe('email');
  });
});
