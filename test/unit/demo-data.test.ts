import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  CELLS,
  cellRatesOn,
  DEMO_HEADER,
  DEMO_WINDOW,
  type DemoLabel,
  generateDemo,
  STORY,
} from '../../scripts/generate-demo.js';
import { STAGES, TOUCHPOINTS } from '../../src/domain.js';

const files = generateDemo();
const labels = files.flatMap((f) => f.labels);
const committed = (file: string) =>
  readFileSync(new URL(`../../fixtures/demo/${file}`, import.meta.url), 'utf8');
const records = (content: string): string[][] => parse(content, { relax_column_count: false });

const SOURCES: Record<string, { source: string; prefix: string; ratings: (r: string) => boolean }> = {
  'survey-responses.csv': { source: 'survey', prefix: 'S', ratings: (r) => /^(10|[0-9])$/.test(r) },
  'app-reviews.csv': { source: 'app-review', prefix: 'R', ratings: (r) => /^[1-5]$/.test(r) },
  'support-tickets.csv': { source: 'support-ticket', prefix: 'T', ratings: (r) => r === '' },
};

const WEEK_MS = 7 * 86_400_000;
const weeks = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / WEEK_MS;
const windowEnd = '2026-08-24T00:00:00Z';

/** Weekly volume and negative share of one cell before and after a cut-over day, by hidden label. */
function splitAt(rows: readonly DemoLabel[], cut: string) {
  const before = rows.filter((l) => l.createdAt < cut);
  const after = rows.filter((l) => l.createdAt >= cut);
  const negative = (part: DemoLabel[]) => part.filter((l) => l.polarity === 'negative').length / part.length;
  return {
    before: {
      perWeek: before.length / weeks(DEMO_WINDOW.start, cut),
      negative: negative(before),
      n: before.length,
    },
    after: { perWeek: after.length / weeks(cut, windowEnd), negative: negative(after), n: after.length },
  };
}
const inCell = (key: string) => labels.filter((l) => `${l.stage}/${l.touchpoint}` === key);

describe('demo data set', () => {
  it('the committed files equal a fresh generation, byte for byte', () => {
    expect(files.map((f) => f.file).sort()).toEqual(Object.keys(SOURCES).sort());
    for (const { file, content } of files) expect(committed(file)).toBe(content);
  });

  it('two generations in one process are identical', () => {
    expect(generateDemo().map((f) => f.content)).toEqual(files.map((f) => f.content));
  });

  it.each(Object.entries(SOURCES))('%s has the exact header, unique ids and valid cells', (file, spec) => {
    const content = committed(file);
    expect(content.split('\n', 1)[0]).toBe(DEMO_HEADER);
    const [header, ...rows] = records(content);
    expect(header!.join(',')).toBe(DEMO_HEADER);
    const labelsOfFile = files.find((f) => f.file === file)!.labels;
    expect(rows).toHaveLength(labelsOfFile.length);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    for (const [i, row] of rows.entries()) {
      const [id, source, createdAt, customer, channel, plan, region, persona, rating, text] = row;
      expect(id).toMatch(new RegExp(`^${spec.prefix}-\\d{6}$`));
      expect(id).toBe(labelsOfFile[i]!.id);
      expect(source).toBe(spec.source);
      expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(createdAt! >= DEMO_WINDOW.start && createdAt! <= DEMO_WINDOW.end).toBe(true);
      expect(customer).toMatch(/^C-\d{5}$/);
      expect(['free', 'plus', 'pro']).toContain(plan);
      expect(['north', 'south', 'east', 'west']).toContain(region);
      expect(['new_customer', 'regular', 'business']).toContain(persona);
      if (spec.source === 'survey') expect(channel).toBe('survey');
      else if (spec.source === 'app-review') expect(channel).toBe('app_review');
      else expect(['email', 'chat', 'phone', 'web']).toContain(channel);
      expect(spec.ratings(rating!)).toBe(true);
      expect(text!.trim().length).toBeGreaterThan(0);
    }
  });

  it('holds 3,000 to 4,000 items from ~1,500 customers, some of whom write more than once', () => {
    expect(labels.length).toBeGreaterThanOrEqual(3000);
    expect(labels.length).toBeLessThanOrEqual(4000);
    const customers = files.flatMap((f) =>
      records(f.content)
        .slice(1)
        .map((r) => r[3]),
    );
    const distinct = new Set(customers).size;
    expect(distinct).toBeLessThanOrEqual(1500);
    expect(distinct).toBeLessThan(customers.length * 0.6);
  });

  it('covers every stage and at least thirteen touchpoints', () => {
    expect(new Set(labels.map((l) => l.stage))).toEqual(new Set([...STAGES, 'unknown']));
    const touchpoints = new Set(labels.map((l) => l.touchpoint).filter((t) => t !== 'unknown'));
    expect(touchpoints.size).toBeGreaterThanOrEqual(13);
    for (const t of touchpoints) expect(TOUCHPOINTS).toContain(t);
  });

  it('delivery turns negative and doubles in volume after the carrier change on 2026-06-01', () => {
    const { before, after } = splitAt(inCell('fulfilment/delivery'), '2026-06-01');
    expect(before.negative).toBeGreaterThan(0.12);
    expect(before.negative).toBeLessThan(0.28);
    expect(after.negative).toBeGreaterThan(0.62);
    expect(after.negative).toBeLessThan(0.78);
    expect(after.perWeek / before.perWeek).toBeGreaterThan(1.7);
    expect(after.perWeek / before.perWeek).toBeLessThan(2.3);
  });

  it('logging in turns positive and halves in volume after the fix on 2026-05-04', () => {
    const { before, after } = splitAt(inCell('usage/account_login'), '2026-05-04');
    expect(before.negative).toBeGreaterThan(0.6);
    expect(before.negative).toBeLessThan(0.8);
    expect(after.negative).toBeGreaterThan(0.07);
    expect(after.negative).toBeLessThan(0.23);
    expect(after.perWeek / before.perWeek).toBeGreaterThan(0.4);
    expect(after.perWeek / before.perWeek).toBeLessThan(0.6);
  });

  it('every other cell is planted with one negative share and volume for the whole window', () => {
    const story = new Set(STORY.map((s) => s.cell));
    const days = Array.from({ length: 182 }, (_, d) =>
      new Date(Date.parse(DEMO_WINDOW.start) + d * 86_400_000).toISOString().slice(0, 10),
    );
    for (const cell of CELLS.filter((c) => !story.has(`${c.stage}/${c.touchpoint}`))) {
      const key = `${cell.stage}/${cell.touchpoint}`;
      for (const day of days)
        expect(cellRatesOn(key, day), `${key} on ${day}`).toEqual({ negative: cell.negative, volume: 1 });
    }
  });

  it('in the sample, other cells move across the cut-over days by no more than chance (3 sigma)', () => {
    const story = new Set(STORY.map((s) => s.cell));
    const cells = new Set(labels.map((l) => `${l.stage}/${l.touchpoint}`));
    for (const key of [...cells].filter((k) => !story.has(k))) {
      for (const cut of STORY.map((s) => s.from)) {
        const { before, after } = splitAt(inCell(key), cut);
        if (before.n < 40 || after.n < 40) continue;
        const p = (before.negative * before.n + after.negative * after.n) / (before.n + after.n);
        const sigma = Math.sqrt(p * (1 - p) * (1 / before.n + 1 / after.n));
        expect(Math.abs(after.negative - before.negative), `${key} at ${cut}`).toBeLessThan(3 * sigma);
        const logRatio = Math.log(after.perWeek / before.perWeek);
        expect(Math.abs(logRatio), `${key} at ${cut}`).toBeLessThan(
          3 * Math.sqrt(1 / before.n + 1 / after.n) + 0.1,
        );
      }
    }
  });

  it('story items name what they are about, so a tagger can find them', () => {
    const texts = new Map(
      files.flatMap((f) =>
        records(f.content)
          .slice(1)
          .map((r) => [r[0]!, r[9]!.toLowerCase()] as const),
      ),
    );
    const delivery = /parcel|courier|deliver|package|box|arriv|arived/;
    const login = /log in|log-in|logging in|logged in|login|sign in|password|verification code|locked out/;
    for (const l of labels) {
      const key = `${l.stage}/${l.touchpoint}`;
      if (key === 'fulfilment/delivery') expect(texts.get(l.id), l.id).toMatch(delivery);
      if (key === 'usage/account_login') expect(texts.get(l.id), l.id).toMatch(login);
    }
  });
});
