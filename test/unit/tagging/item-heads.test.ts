// The clause model's item heads: the item read whole for its own stage and touchpoint, choosing among the
// item's mentions and moving the primary mention only when sure. Small hand-made item heads on top of the
// shipped clause heads make each behaviour visible; the shipped heads are held to the trainer's features.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STAGES, TOUCHPOINTS } from '../../../src/domain.js';
import { draftMentions } from '../../../src/tagging/draft-mentions.js';
import { createTagger, defaultTaxonomy, shippedClauseModel, tagItem } from '../../../src/tagging/index.js';
import {
  type ClauseModelJson,
  featureRows,
  type HeadJson,
  readClauseModel,
} from '../../../src/tagging/model/clause-model.js';
import { ITEM_SURE, itemFeatures, readItem } from '../../../src/tagging/model/item-heads.js';
import { compileTaxonomy } from '../../../src/tagging/taxonomy/compile-taxonomy.js';
import { tokenize } from '../../../src/tagging/text/tokenize.js';
import { kioskTaxonomy } from './fixtures/kiosk-taxonomy.js';

const require = createRequire(import.meta.url);
const shippedJson = require('../../../src/tagging/model/clause-model.json') as ClauseModelJson;

type Words = Record<string, [string, number]>;

/** Item heads whose only knowledge is `word` → `label` with `weight` (stems, as the features write them). */
function itemHeads(stage: Words, touchpoint: Words = {}, sentiment: Words = {}) {
  const head = (labels: readonly string[], words: Words): HeadJson => ({
    labels: [...labels],
    bias: labels.map(() => 0),
    weights: Object.fromEntries(
      Object.entries(words).map(([w, [label, weight]]) => [
        `w:${w}`,
        labels.map((l) => (l === label ? weight : 0)),
      ]),
    ),
  });
  return {
    stage: head(STAGES, stage),
    touchpoint: head(TOUCHPOINTS, touchpoint),
    sentiment: head(['positive', 'negative', 'neutral', 'mixed'], sentiment),
  };
}

const withItemHeads = (item: ClauseModelJson['item'], taxonomy = defaultTaxonomy) =>
  createTagger(taxonomy, { clauseModel: readClauseModel({ ...shippedJson, item }) });
const withoutItemHeads = createTagger(defaultTaxonomy, {
  clauseModel: readClauseModel({ ...shippedJson, item: undefined }),
});

// Two mentions in different stages: a complaint about a refund, praise for the stay.
const TWO = 'The refund never arrived. The apartment itself was lovely.';

describe('the item heads', () => {
  it('ship with the clause model, and a model file without them still tags (as before)', () => {
    expect(shippedClauseModel?.item).not.toBeNull();
    const r = withoutItemHeads({ text: TWO });
    expect(r.mentions.length).toBeGreaterThan(1);
    expect(r.mentions.map((m) => m.stage)).toContain(r.stage);
  });

  it("choose the item's cell among its own negative mentions, even one that is not the most negative", () => {
    const text = 'The refund never arrived. The apartment was dirty and cold.';
    const before = withoutItemHeads({ text });
    expect(before.mentions.every((m) => m.sentiment.label === 'negative')).toBe(true);
    const stages = before.mentions.map((m) => m.stage);
    const other = stages.find((s) => s !== before.stage);
    expect(other).toBeDefined();
    // Item heads that lean (unsurely) towards the other mention's stage pick it; no mention moves.
    const after = withItemHeads(itemHeads({ apart: [other!, 1.5] }))({ text });
    expect(after.stage).toBe(other);
    expect(after.mentions.map((m) => m.stage)).toEqual(stages);
    // A praising mention's stage is not the item's while the item has a complaint (the codebook's rule)…
    const praised = withoutItemHeads({ text: TWO });
    const praise = praised.mentions.find((m) => m.sentiment.label === 'positive')!;
    expect(praise.stage).not.toBe(praised.stage);
    const leaning = withItemHeads(itemHeads({ apart: [praise.stage, 1.5] }))({ text: TWO });
    expect(leaning.stage).toBe(praised.stage);
    // …unless the heads, trained on the annotators' item labels, are sure (ITEM_SURE) it is the item's point.
    const sure = withItemHeads(itemHeads({ apart: [praise.stage, 12] }))({ text: TWO });
    expect(sure.stage).toBe(praise.stage);
    expect(sure.mentions.map((m) => m.stage)).toEqual(praised.mentions.map((m) => m.stage));
  });

  it("move a one-clause item's mention to a stage it lacks only when sure, with their words as evidence", () => {
    const text = 'The refund never arrived.';
    const base = withoutItemHeads({ text });
    expect(base.mentions).toHaveLength(1);
    expect(base.stage).not.toBe('advocacy');
    const sure = withItemHeads(itemHeads({ refund: ['advocacy', 12] }));
    const moved = sure({ text });
    expect(moved.stage).toBe('advocacy');
    expect(moved.mentions[0]!.stage).toBe('advocacy');
    const evidence = moved.mentions[0]!.evidence.filter((e) => e.kind === 'stage');
    expect(evidence[0]).toMatchObject({ rule: 'model.item.stage.advocacy.w:refund', match: 'refund' });
    expect(text.slice(evidence[0]!.start, evidence[0]!.end)).toBe('refund');
    // Unsure (a weight that leaves P(advocacy) well below ITEM_SURE): the mention's own stage stands.
    const unsure = withItemHeads(itemHeads({ refund: ['advocacy', 1] }))({ text });
    expect(unsure.stage).toBe(base.stage);
    expect(ITEM_SURE).toBeGreaterThan(0.5);
    // An item of several clauses: the heads cannot tell which clause their label is of, so nothing moves.
    const two = withoutItemHeads({ text: TWO });
    const notMoved = sure({ text: TWO });
    expect(notMoved.stage).toBe(two.stage);
    expect(notMoved.mentions.map((m) => m.stage)).toEqual(two.mentions.map((m) => m.stage));
  });

  it('never move a clause the survey question placed, nor one a custom rule decided', () => {
    const heads = itemHeads({}, { fine: ['mobile_app', 12] });
    const question = 'How was the delivery of your order?';
    const answered = withItemHeads(heads)({ text: 'It was fine.', question });
    expect(answered.touchpoint).toBe('delivery');
    // Without the question the answer names nothing: unknown, whatever the heads would guess (codebook).
    expect(withItemHeads(heads)({ text: 'It was fine.' }).touchpoint).toBe('unknown');

    const custom = kioskTaxonomy();
    const text = 'The kiosk froze twice';
    const kiosk = itemHeads({ kiosk: ['advocacy', 12] });
    expect(withItemHeads(kiosk)({ text }).stage).toBe('advocacy');
    expect(withItemHeads(kiosk, custom)({ text }).stage).toBe('support');
  });

  it("read the item's sentiment from its whole text where sure; a decisive rating still speaks for a neutral text", () => {
    const text = 'The lamp came in a box on Tuesday.';
    const before = withoutItemHeads({ text });
    expect(before.sentiment.label).not.toBe('negative');
    const sure = withItemHeads(itemHeads({}, {}, { tuesdai: ['negative', 12] }));
    const after = sure({ text });
    expect(after.sentiment.label).toBe('negative');
    expect(after.sentiment.score).toBeLessThan(before.sentiment.score);
    // Unsure: the clauses' reading stands.
    expect(withItemHeads(itemHeads({}, {}, { tuesdai: ['negative', 0.5] }))({ text }).sentiment.label).toBe(
      before.sentiment.label,
    );
    const neutral = withItemHeads(itemHeads({}, {}, { tuesdai: ['neutral', 12] }));
    expect(neutral({ text }).sentiment.label).toBe('neutral');
    expect(neutral({ text, rating: { value: 1, scale: 'stars5' } }).sentiment.label).toBe('negative');
    // A rating does not overrule what the text says.
    expect(sure({ text, rating: { value: 5, scale: 'stars5' } }).sentiment.label).toBe('negative');
  });

  it('never let the item sentiment head call a text with a clear complaint neutral', () => {
    const text = 'The parcel arrived crushed and two plates were broken. Tuesday.';
    const before = withoutItemHeads({ text });
    expect(before.sentiment.label).toBe('negative');
    const r = withItemHeads(itemHeads({}, {}, { tuesdai: ['neutral', 12] }))({ text });
    expect(r.mentions.some((m) => m.sentiment.label === 'negative')).toBe(true);
    expect(r.sentiment.label).toBe('negative');
    // Without a complaint among the clauses the sure head still decides.
    expect(
      withItemHeads(itemHeads({}, {}, { tuesdai: ['neutral', 12] }))({ text: 'It came on Tuesday.' })
        .sentiment.label,
    ).toBe('neutral');
  });

  it("lean a mixed item's score to the side most of its clauses take", () => {
    const r = tagItem({
      text: 'Love the colour and the soft fabric, but the sleeves are too tight. The shoulders pull and the buttons gape.',
    });
    expect(r.sentiment.label).toBe('mixed');
    expect(r.mentions.map((m) => m.sentiment.label)).toEqual(['positive', 'negative', 'negative']);
    expect(r.sentiment.score).toBeLessThan(0);
  });

  it('give an item that names nothing no cell', () => {
    const text = 'Nothing really';
    expect(withoutItemHeads({ text }).stage).toBe('unknown');
    const r = withItemHeads(itemHeads({ noth: ['purchase', 12] }, { noth: ['checkout', 12] }))({ text });
    expect([r.stage, r.touchpoint]).toEqual(['unknown', 'unknown']);
  });
});

describe("the item heads' compiled rows", () => {
  const corpora = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../fixtures/labelled/corpora',
  );
  const texts = readFileSync(path.join(corpora, 'batch-20.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 60)
    .map((l) => String((JSON.parse(l) as { text: string }).text));

  it("equal the trainer's string features of the whole item", () => {
    const item = shippedClauseModel!.item!;
    const taxonomy = compileTaxonomy(defaultTaxonomy);
    let known = 0;
    for (const text of texts) {
      const tokens = tokenize(text);
      const drafts = draftMentions(taxonomy, text, tokens);
      const features = itemFeatures(tokens, drafts);
      const rows = featureRows(item, features);
      const expected = features.flatMap((f, i) =>
        rows[i]! >= 0 ? [[rows[i], f.value, f.start, f.end]] : [],
      );
      const got = readItem(item, tokens, drafts).rows;
      expect(got.n).toBe(expected.length);
      for (let i = 0; i < got.n; i++)
        expect([got.rows[i], got.values[i], got.starts[i], got.ends[i]]).toEqual(expected[i]);
      known += got.n;
    }
    expect(known / texts.length).toBeGreaterThan(10);
  });
});
