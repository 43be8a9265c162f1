import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyClause } from '../../../src/tagging/classify-clause.js';
import {
  createTagger,
  defaultTaxonomy,
  ownRulesOf,
  shippedClauseModel,
  TAGGER_VERSION,
} from '../../../src/tagging/index.js';
import { addRow, featureRows } from '../../../src/tagging/model/clause-model.js';
import {
  ClauseRows,
  clauseRows,
  contextRows,
  TokenIds,
} from '../../../src/tagging/model/compiled-features.js';
import { clauseFeatures, contextFeatures, contextStems, KEY } from '../../../src/tagging/model/features.js';
import { compileTaxonomy } from '../../../src/tagging/taxonomy/compile-taxonomy.js';
import { tokenize } from '../../../src/tagging/text/tokenize.js';
import { kioskTaxonomy } from './fixtures/kiosk-taxonomy.js';

const labelledDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/labelled/corpora',
);

const model = shippedClauseModel;
const tag = createTagger(defaultTaxonomy, { clauseModel: model });

describe('the learned clause model', () => {
  it('ships, and every result names it in the tagger version, read or not', () => {
    expect(model).not.toBeNull();
    const version = `${TAGGER_VERSION}+${model!.version}`;
    expect(tag({ text: 'The parcel never came' }).taggerVersion).toBe(version);
    // A language the tagger does not read must carry the same version (retag compares them).
    expect(tag({ text: 'Het pakket is nooit aangekomen', language: 'nl' }).taggerVersion).toBe(version);
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
      text: 'Overschrijving niet aangekomen',
      language: 'nl',
      rating: { value: 1, scale: 'stars5' },
    });
    expect([r.stage, r.touchpoint, r.sentiment.label]).toEqual(['unknown', 'unknown', 'negative']);
    expect(r.mentions[0]!.evidence.map((e) => e.rule)).toContain('language.nl.not-read');
    const unrated = tag({ text: 'Overschrijving niet aangekomen', language: 'nl' });
    expect(unrated.sentiment.label).toBe('neutral');
  });

  it("lets a custom taxonomy's own rules decide the clauses they fire in", () => {
    const custom = kioskTaxonomy();
    expect([...ownRulesOf(custom)]).toEqual(['stage.support.kiosk']);
    const r = createTagger(custom, { clauseModel: model })({ text: 'The kiosk froze twice' });
    expect(r.stage).toBe('support');
    expect(r.mentions[0]!.evidence.find((e) => e.kind === 'stage')?.rule).toBe('stage.support.kiosk');
  });
});

describe('the compiled feature path', () => {
  // Real texts of every corpus (our labelled fixtures): the run-time rows must be exactly the rows of the
  // string features the trainer defines, clause by clause, with the same values and offsets.
  const texts = readdirSync(labelledDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(path.join(labelledDir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 16)
        .map((l) => String((JSON.parse(l) as { text: string }).text)),
    );
  const taxonomy = compileTaxonomy(defaultTaxonomy);

  it('gives the same rows as the string-keyed features the model was trained on', () => {
    const buffer = new ClauseRows();
    let clauses = 0;
    let known = 0;
    let forms = 0;
    for (const text of texts) {
      const tokens = tokenize(text);
      const ids = new TokenIds().read(model!.compiled, tokens);
      // Every window of up to 12 tokens, at a stride: starts inside words, punctuation and line breaks.
      for (let from = 0; from < tokens.length; from += 5) {
        const to = Math.min(tokens.length, from + 12);
        const clause = tokens.slice(from, to);
        const hits = classifyClause(taxonomy, text, clause, 'negative').hits;
        const rule = { label: 'negative' as const, score: -0.4 };
        const features = clauseFeatures(clause, new Set(), hits, rule, []);
        const rows = featureRows(model!, features);
        const expected = features.map((f, i) => ({ f, row: rows[i]! })).filter((x) => x.row >= 0);
        const got = clauseRows(model!.compiled, tokens, ids, from, to, hits, rule, buffer);
        expect(got.n).toBe(expected.length);
        expected.forEach(({ f, row }, i) => {
          expect([got.rows[i], got.values[i], got.starts[i], got.ends[i]]).toEqual([
            row,
            f.value,
            f.start,
            f.end,
          ]);
        });
        clauses++;
        known += expected.length;
        forms += expected.filter((x) => x.f.key.startsWith(KEY.form)).length;
      }
    }
    // The comparison covered real ground: many clauses, most with known features.
    expect(clauses).toBeGreaterThan(1000);
    expect(known / clauses).toBeGreaterThan(4);
    // … including the words' written forms the stage heads read ("booked" beside "book").
    expect(forms).toBeGreaterThan(100);
    // Thousands of clauses compared one by one: seconds on a shared machine, so not the default 5 s limit.
  }, 60_000);

  it('reads a word as written beside its stem where they differ, and never twice where they do not', () => {
    const keys = clauseFeatures(
      tokenize('I booked two seats'),
      new Set(),
      [],
      { label: 'neutral', score: 0 },
      [],
    ).map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['w:book', 'f:booked', 'w:seat', 'f:seats']));
    expect(keys.filter((k) => k.startsWith(KEY.form))).toEqual(['f:booked', 'f:seats']);
    // Only the stage heads were trained on them: the touchpoint and sentiment heads have no `f:` weights.
    const forms = model!.keys.flatMap((k, row) => (k.startsWith(KEY.form) ? [row] : []));
    expect(forms.length).toBeGreaterThan(100);
    const { touchpoint, sentiment } = model!.heads;
    for (const row of forms)
      for (const head of [touchpoint, sentiment])
        for (let j = 0; j < head.labels.length; j++)
          expect(model!.weights[row * model!.width + head.offset + j]).toBe(0);
  });

  it('sums the same context rows as the string-keyed context features', () => {
    const buffer = new ClauseRows();
    // One reader for every text, as tagging reuses one: a word seen in an earlier text counts again.
    const ids = new TokenIds();
    for (const text of texts.slice(0, 100)) {
      const tokens = tokenize(text);
      const expected = contextFeatures(contextStems(tokens));
      const rows = featureRows(model!, expected);
      const want = [...rows].filter((r) => r >= 0).sort((a, b) => a - b);
      const got = contextRows(model!.compiled, ids.read(model!.compiled, tokens), buffer);
      expect([...got.rows.subarray(0, got.n)].sort((a, b) => a - b)).toEqual(want);
    }
  });
});

describe('the weight sums', () => {
  it('add each row as a dense loop over all its weights would, to the bit', () => {
    for (const table of [model!, model!.item!]) {
      const { weights, width } = table;
      const fast = new Float64Array(width);
      const dense = new Float64Array(width);
      let skipped = 0;
      for (let row = 0; row < table.keys.length; row++) {
        // Values as clauses give them: 1 for a word, 0.5 for context, a rule score.
        const value = [1, 0.5, -0.4137][row % 3]!;
        addRow(table, row, value, fast);
        for (let j = 0; j < width; j++) dense[j]! += weights[row * width + j]! * value;
        skipped += width - (table.spans[2 * row + 1]! - table.spans[2 * row]!);
      }
      expect([...fast]).toEqual([...dense]);
      // The spans skip real ground: a word's written form weighs only the stage head.
      expect(skipped / weights.length).toBeGreaterThan(0.1);
    }
  });
});

describe('the survey question as context', () => {
  const delivery = 'How was the delivery of your order?';

  it('gives a clause that names nothing the cell of the question it answers, with the question as evidence', () => {
    const alone = tag({ text: 'It was fine.' });
    const answered = tag({ text: 'It was fine.', question: delivery });
    expect([alone.stage, alone.touchpoint]).not.toEqual(['fulfilment', 'delivery']);
    expect([answered.stage, answered.touchpoint]).toEqual(['fulfilment', 'delivery']);
    const rules = answered.mentions[0]!.evidence.map((e) => e.rule);
    expect(rules).toContain('question.stage.fulfilment');
    expect(rules).toContain('question.touchpoint.delivery');
  });

  it('keeps a clause that names its own topic in its own cell, whatever the question', () => {
    const r = tag({ text: 'The app keeps crashing', question: delivery });
    expect([r.stage, r.touchpoint]).toEqual(['usage', 'mobile_app']);
    expect(r.mentions[0]!.evidence.some((e) => e.rule.startsWith('question.'))).toBe(false);
  });

  it('calls a clause that names nothing unknown when there is no question, not a guess', () => {
    const r = tag({ text: 'Nothing really' });
    expect([r.stage, r.touchpoint]).toEqual(['unknown', 'unknown']);
    expect(r.mentions[0]!.evidence.map((e) => e.rule)).toContain('model.stage.unknown.names-nothing');
    const answered = tag({ text: 'Nothing really', question: 'What could we improve in our mobile app?' });
    expect([answered.stage, answered.touchpoint]).toEqual(['usage', 'mobile_app']);
  });
});
