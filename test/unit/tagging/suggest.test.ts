// The pure parts of `painmap taxonomy suggest`: terms of a clause, the log-odds score, ranking against the
// tagged clauses, grouping, the proposed rules and the taxonomy they are written into.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';
import { createTagger, defaultTaxonomy, parseTaxonomy, type Taxonomy } from '../../../src/tagging/index.js';
import { clauseTerms } from '../../../src/tagging/suggest/clause-terms.js';
import { cosine, groupTerms, ochiai } from '../../../src/tagging/suggest/group-terms.js';
import { chooseClass, matchList, proposeRules } from '../../../src/tagging/suggest/propose-rules.js';
import { logOddsZ, rankTerms, type ScoredTerm } from '../../../src/tagging/suggest/score-terms.js';
import { formatSuggestReport, formatTaxonomy } from '../../../src/tagging/suggest/suggest.format.js';
import {
  addProposals,
  knownTo,
  type SuggestReport,
  suggestRules,
} from '../../../src/tagging/suggest/suggest-rules.js';
import {
  addMinedClause,
  addTaggedClause,
  type ClauseInput,
  createTally,
  pruneTerms,
  type SuggestTally,
} from '../../../src/tagging/suggest/term-tally.js';

const keys = (text: string) => clauseTerms(text).map((t) => t.key);

describe('the terms of a clause', () => {
  it.each([
    { text: 'The push notifications woke me', terms: ['push', 'notif', 'push notif', 'woke', 'notif woke'] },
    { text: 'bath mats and a bath mat', terms: ['bath', 'mat', 'bath mat'] },
    { text: 'the mirror is nothing like the pictures', terms: ['mirror', 'noth', 'pictur'] },
    { text: 'Gate agents, boarding', terms: ['gate', 'agent', 'gate agent', 'board'] },
    { text: "I didn't get 3 bags", terms: ['bag'] },
    { text: 'Kind regards,', terms: [] },
    { text: 'Hi,', terms: [] },
    { text: 'n/a', terms: [] },
  ])('$text → $terms', ({ text, terms }) => {
    expect(keys(text)).toEqual(terms);
  });

  it('keeps the written form beside the stem', () => {
    expect(clauseTerms('Bath Mats')).toEqual([
      { key: 'bath', surface: 'bath' },
      { key: 'mat', surface: 'mats' },
      { key: 'bath mat', surface: 'bath mats' },
    ]);
  });
});

describe('the log-odds score', () => {
  const n = { mined: 100, tagged: 1000 };
  it.each([
    { name: 'the same rate in both kinds scores about zero', a: 10, b: 100, low: -0.5, high: 0.5 },
    { name: 'a word mostly in mined clauses scores high', a: 20, b: 5, low: 5, high: 20 },
    { name: 'a word mostly in tagged clauses scores below zero', a: 1, b: 300, low: -20, high: -2 },
  ])('$name', ({ a, b, low, high }) => {
    const z = logOddsZ(a, b, n);
    expect(z).toBeGreaterThan(low);
    expect(z).toBeLessThan(high);
  });

  it('grows with the evidence at the same rates', () => {
    expect(logOddsZ(20, 10, n)).toBeGreaterThan(logOddsZ(4, 2, n));
    expect(logOddsZ(20, 10, { mined: 100, tagged: 1000 })).toBeLessThan(
      logOddsZ(40, 20, { mined: 200, tagged: 2000 }),
    );
  });

  it('is finite when every mined clause has the word and nothing was tagged', () => {
    expect(Number.isFinite(logOddsZ(5, 0, { mined: 5, tagged: 0 }))).toBe(true);
  });
});

let nextItem = 1;
const mined = (text: string, cell: Partial<ClauseInput> = {}): ClauseInput => ({
  itemId: nextItem++,
  text,
  stage: null,
  touchpoint: null,
  ...cell,
});
const tagged = (text: string, stage: string, touchpoint: string): ClauseInput => ({
  itemId: nextItem++,
  text,
  stage,
  touchpoint,
});

/** A small airline store: baggage and crew words the taxonomy lacks, generic words everywhere. */
function airlineClauses(): { mined: ClauseInput[]; tagged: ClauseInput[] } {
  const m: ClauseInput[] = [];
  const t: ClauseInput[] = [];
  for (let i = 0; i < 6; i++) {
    m.push(mined(`My baggage was lost at the carousel, really bad ${i}`));
    m.push(mined(`The cabin crew were really lovely`, { stage: 'usage' }));
  }
  for (let i = 0; i < 3; i++) m.push(mined('really good overall'));
  for (let i = 0; i < 40; i++) t.push(tagged('The app is really good', 'usage', 'mobile_app'));
  for (let i = 0; i < 4; i++) t.push(tagged('Baggage fees at checkout were hidden', 'purchase', 'checkout'));
  for (let i = 0; i < 6; i++) t.push(tagged('The crew helped me on the phone', 'usage', 'phone_support'));
  return { mined: m, tagged: t };
}

function tallyOf(input: { mined: ClauseInput[]; tagged: ClauseInput[] }, minCount = 3): SuggestTally {
  const tally = createTally();
  for (const c of input.mined) addMinedClause(tally, c);
  pruneTerms(tally, minCount);
  for (const c of input.tagged) addTaggedClause(tally, c);
  return tally;
}

const nothingKnown = () => false;

describe('ranking the terms', () => {
  it('puts the words the tagged clauses lack first, and generic words below or out', () => {
    const ranked = rankTerms(tallyOf(airlineClauses()), { minCount: 3, known: nothingKnown });
    const rank = (key: string) => ranked.findIndex((t) => t.key === key);
    // Only in mined clauses: first. Also in a few tagged ones: next. In most clauses of both kinds: last
    // ("really": 15 of 15 mined, 40 of 50 tagged) or out ("good": 3 of 15 mined, 40 of 50 tagged).
    for (const key of ['carousel', 'lost', 'cabin crew']) expect(rank(key)).toBeLessThan(rank('baggag'));
    expect(rank('baggag')).toBeGreaterThan(-1);
    expect(rank('realli')).toBe(ranked.length - 1);
    expect(rank('good')).toBe(-1);
    expect(ranked.find((t) => t.key === 'baggag')).toMatchObject({
      surface: 'baggage',
      mined: 6,
      tagged: 4,
      items: 6,
    });
  });

  it('needs the minimum count, from more than one item', () => {
    const tally = createTally();
    for (let i = 0; i < 3; i++) addMinedClause(tally, { ...mined(`kiosk ${i} broken`), itemId: 7 });
    addMinedClause(tally, mined('turnstile stuck'));
    addMinedClause(tally, mined('turnstile stuck again'));
    for (let i = 0; i < 5; i++) addTaggedClause(tally, tagged('the app is fine', 'usage', 'mobile_app'));
    const ranked = rankTerms(tally, { minCount: 2, known: nothingKnown }).map((t) => t.key);
    expect(ranked).toContain('turnstil');
    expect(ranked).not.toContain('kiosk');
    expect(rankTerms(tally, { minCount: 3, known: nothingKnown })).toEqual([]);
  });

  it('leaves out the words the taxonomy already matches, and phrases with such a word', () => {
    const tally = tallyOf({
      mined: [1, 2, 3].map((i) => mined(`courier lost my kayak paddle ${i}`)),
      tagged: [],
    });
    const ranked = rankTerms(tally, { minCount: 3, known: knownTo(defaultTaxonomy) }).map((t) => t.key);
    expect(ranked).toEqual(expect.arrayContaining(['kayak', 'paddl', 'kayak paddl']));
    expect(ranked).not.toContain('courier');
    expect(ranked).not.toContain('courier lost');
  });

  it('breaks ties by term', () => {
    const tally = tallyOf({ mined: [1, 2, 3].map((i) => mined(`zebra ${i} aardvark`)), tagged: [] });
    expect(rankTerms(tally, { minCount: 3, known: nothingKnown }).map((t) => t.key)).toEqual([
      'aardvark',
      'zebra',
    ]);
  });
});

const term = (key: string, mined: number, placed: Record<string, number> = {}): ScoredTerm => {
  const stages = new Map<string, number>();
  const touchpoints = new Map<string, number>();
  for (const [label, n] of Object.entries(placed))
    (label.startsWith('t:') ? touchpoints : stages).set(label.slice(2), n);
  return {
    key,
    surface: key,
    score: 10 - mined / 100,
    mined,
    items: mined,
    tagged: 0,
    stat: { key, surfaces: new Map([[key, mined]]), mined, tagged: 0, stages, touchpoints },
  };
};

describe('grouping', () => {
  it('measures co-occurrence and placement', () => {
    expect(ochiai([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.5);
    expect(ochiai([], [1])).toBe(0);
    expect(cosine(new Map([['a', 1]]), new Map([['a', 5]]))).toBeCloseTo(1);
    expect(cosine(new Map([['a', 1]]), new Map([['b', 5]]))).toBe(0);
  });

  it('joins words of the same clauses and words placed alike; keeps the rest apart', () => {
    const clauses = [
      { itemId: 1, text: 'bath mat', terms: ['bath', 'mat'] },
      { itemId: 2, text: 'bath mat', terms: ['bath', 'mat'] },
      { itemId: 3, text: 'crew', terms: ['crew'] },
      { itemId: 4, text: 'gate', terms: ['gate'] },
      { itemId: 5, text: 'pilot', terms: ['pilot'] },
    ];
    const ranked = [
      term('bath', 2),
      term('crew', 1, { 's:usage': 9, 't:product': 1 }),
      term('gate', 1, { 's:purchase': 5 }),
      term('mat', 2),
      term('pilot', 1, { 's:usage': 8, 't:product': 1 }),
    ];
    const groups = groupTerms(ranked, clauses).map((g) => g.terms.map((t) => t.key));
    expect(groups).toEqual([['bath', 'mat'], ['crew', 'pilot'], ['gate']]);
    // The same input in another clause order gives the same groups.
    expect(groupTerms(ranked, [...clauses].reverse()).map((g) => g.terms.map((t) => t.key))).toEqual(groups);
  });
});

describe('the proposed rule', () => {
  it.each([
    {
      name: 'a clear majority',
      placed: { 's:fulfilment': 6, 's:usage': 2 },
      label: 'fulfilment',
      share: 0.75,
    },
    {
      name: 'a split',
      placed: { 's:fulfilment': 3, 's:usage': 3, 's:support': 2 },
      label: null,
      share: 0.375,
    },
    { name: 'too few placements', placed: { 's:fulfilment': 2 }, label: null, share: 1 },
    { name: 'none at all', placed: {}, label: null, share: 0 },
  ])('stage from $name', ({ placed, label, share }) => {
    expect(chooseClass([term('x', 5, placed as Record<string, number>)], 'stages')).toMatchObject({
      label,
      share,
    });
  });

  it('drops a word that only occurs inside a listed phrase, keeps one that also stands alone', () => {
    const terms = [term('bath mat', 10), term('bath', 10), term('mat', 30)];
    terms.forEach((t, i) => {
      t.surface = ['bath mats', 'bath', 'mat'][i]!;
    });
    expect(matchList(terms)).toEqual(['bath mats', 'mat']);
  });

  it('counts clauses and items, and shows the shortest distinct examples', () => {
    const clauses = [
      { itemId: 4, text: 'The crew were rude to my mother', terms: ['crew'] },
      { itemId: 3, text: 'Crew: great', terms: ['crew'] },
      { itemId: 3, text: 'crew: great', terms: ['crew'] },
      { itemId: 2, text: 'Lovely crew', terms: ['crew'] },
      { itemId: 1, text: 'Gate closed early', terms: ['gate'] },
      { itemId: 9, text: 'The pilot and crew were late for the flight', terms: ['crew', 'pilot'] },
    ];
    const [proposal] = proposeRules([{ terms: [term('crew', 5), term('pilot', 1)] }], clauses);
    expect(proposal).toMatchObject({ id: 'suggested-crew', clauses: 5, items: 4, match: ['crew', 'pilot'] });
    expect(proposal!.examples).toEqual([
      { itemId: 3, text: 'Crew: great' },
      { itemId: 2, text: 'Lovely crew' },
      { itemId: 4, text: 'The crew were rude to my mother' },
    ]);
  });
});

describe('proposals written into the taxonomy', () => {
  const input = airlineClauses();

  it('add loadable rules to the likely classes, which then tag the clauses that fell to the fallback', () => {
    const tally = tallyOf(input);
    const proposals = suggestRules(tally, defaultTaxonomy, { limit: 5, minCount: 3 });
    const placed = proposals.find((p) => p.match.includes('cabin crew') || p.match.includes('crew'));
    expect(placed?.stage.label).toBe('usage');
    const text = formatTaxonomy(addProposals(defaultTaxonomy, proposals));
    const suggested = parseTaxonomy(text, 'suggested.json');
    expect(suggested.version).toBe(`${defaultTaxonomy.version}+suggested`);
    expect(suggested.stages.usage!.rules.at(-1)).toMatchObject({ id: placed!.id, weight: 2 });
    const tag = createTagger(suggested, { clauseModel: null });
    const before = createTagger(defaultTaxonomy, { clauseModel: null });
    const evidence = (t: typeof tag) =>
      t({ text: 'The cabin crew were really lovely' }).mentions[0]!.evidence.map((e) => e.rule);
    expect(evidence(before)).toContain('fallback');
    expect(evidence(tag)).toContain(`stage.usage.${placed!.id}`);
  });

  it('name the proposals without a likely class in the description, with unique rule ids', () => {
    const base: Taxonomy = { ...defaultTaxonomy, stages: { ...defaultTaxonomy.stages } };
    base.stages.usage = {
      ...base.stages.usage!,
      rules: [...base.stages.usage!.rules, { id: 'suggested-crew', match: ['x'], weight: 1 }],
    };
    const choose = { label: null, top: null, votes: 0, share: 0 };
    const usage = { label: 'usage', top: 'usage', votes: 5, share: 1 };
    const common = { score: 1, terms: [], clauses: 3, items: 3, examples: [] };
    const merged = addProposals(base, [
      { ...common, id: 'suggested-crew', stage: usage, touchpoint: choose, match: ['crew'] },
      { ...common, id: 'suggested-gate', stage: choose, touchpoint: choose, match: ['gate', 'gates'] },
    ]);
    expect(merged.stages.usage!.rules.slice(-2).map((r) => r.id)).toEqual([
      'suggested-crew',
      'suggested-crew-2',
    ]);
    expect(merged.description).toContain('choose one and add by hand: suggested-gate: gate, gates');
    expect(parseTaxonomy(formatTaxonomy(merged)).stages.usage!.rules.length).toBe(
      base.stages.usage!.rules.length + 1,
    );
  });

  it('lay out a taxonomy that reads back the same', () => {
    expect(parseTaxonomy(formatTaxonomy(defaultTaxonomy))).toEqual(defaultTaxonomy);
  });
});

describe('determinism', () => {
  /** A seeded shuffle, so the test itself is the same every run. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const random = seededRandom(seed);
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  it('gives byte-identical proposals for the same clauses in any order', () => {
    const input = airlineClauses();
    const once = JSON.stringify(suggestRules(tallyOf(input), defaultTaxonomy, { limit: 5, minCount: 3 }));
    expect(once).toContain('baggage');
    for (const seed of [1, 2, 3]) {
      const again = { mined: shuffled(input.mined, seed), tagged: shuffled(input.tagged, seed + 10) };
      expect(JSON.stringify(suggestRules(tallyOf(again), defaultTaxonomy, { limit: 5, minCount: 3 }))).toBe(
        once,
      );
    }
  });
});

describe('the printed report', () => {
  const report = (proposals: SuggestReport['proposals'], capped: boolean): SuggestReport => ({
    taxonomy: { path: 'my.json', version: 'acme-2' },
    since: '2026-05-01',
    scan: {
      cap: 50,
      mined: { read: capped ? 50 : 12, capped, withoutWords: 2 },
      tagged: { read: 50, capped: false, withoutWords: 0 },
    },
    minedVersions: [
      { version: 'acme-2', clauses: 10 },
      { version: 'acme-1', clauses: 2 },
    ],
    proposals,
  });

  it('says what it read, when the cap cut it short, other taxonomy versions, and when there is nothing', () => {
    const text = formatSuggestReport(report([], true)).join('\n');
    expect(text).toContain(
      'against acme-2, items received since 2026-05-01 (read-only: nothing was changed)',
    );
    expect(text).toContain(
      'the newest 50 clauses that fell to unknown or the fallback (2 with no word to count; --scan 50: older ones not read)',
    );
    expect(text).toContain('50 tagged clauses to compare with\n');
    expect(text).toContain('2 with acme-1');
    expect(text).toContain('no proposals');
  });

  it('shows each proposal with its classes, words and examples', () => {
    const [proposal] = proposeRules(
      [{ terms: [term('crew', 2, { 's:usage': 4, 't:product': 1, 't:store': 1 })] }],
      [
        { itemId: 3, text: 'Crew: great', terms: ['crew'] },
        { itemId: 5, text: 'Lovely crew', terms: ['crew'] },
      ],
    );
    expect(formatSuggestReport(report([proposal!], false)).slice(5, 11)).toEqual([
      '1. suggested-crew: 2 clauses in 2 items, score 10.0',
      '   stage usage (100% of the stages named with these words); touchpoint: choose (most often product, 50%)',
      '   match: "crew"',
      '   words (mined/tagged clauses): crew 2/0',
      '   e.g. #3 "Crew: great"',
      '        #5 "Lovely crew"',
    ]);
  });
});
