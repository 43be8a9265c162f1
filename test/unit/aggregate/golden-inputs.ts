// Seeded, varied inputs for the pain points' pure steps (ranking with intervals, TF-IDF phrases,
// quotes): real feedback wording from fixtures/demo cut into clauses and dealt to cells, plus the
// awkward words a tokenizer meets (apostrophes, hyphens, digits, accents, emoji, `constructor`).
import { readFileSync } from 'node:fs';
import type { CellSeries, DayCounts } from '../../../src/aggregate/cell-days.format.js';
import type { ClauseRow } from '../../../src/aggregate/quotes.js';
import { seededRandom } from '../../../src/aggregate/stats/prng.js';

const DEMO = ['survey-responses', 'support-tickets', 'app-reviews'];

/** The demo files' free-text column (everything after the ninth comma), cut at . ! ? ; into clauses. */
export function demoClauses(): string[] {
  const clauses: string[] = [];
  for (const name of DEMO) {
    const csv = readFileSync(new URL(`../../../fixtures/demo/${name}.csv`, import.meta.url), 'utf8');
    for (const line of csv.split('\n').slice(1)) {
      const text = line.split(',').slice(9).join(',').replaceAll('"', '');
      for (const clause of text.split(/[.!?;]+/)) if (clause.trim() !== '') clauses.push(clause);
    }
  }
  return clauses;
}

export const AWKWARD = [
  "The parcel wasn't delivered, it wasn’t even sent",
  'constructor constructor constructor of the app',
  'valueOf toString hasOwnProperty __proto__ __key',
  'check-in check-in was a no-show, check-in again',
  'Order 12345 and order 2nd and 3rd time: 2 days, 10 days',
  'été très décevant, livraison très décevant',
  'Café ÉTÉ naïve façade café',
  'the the the and or but',
  'a b c d e f g',
  'not not not never never nothing nobody cannot',
  '🙁 awful awful 😡 :( app crashed',
  'I I I me me my',
  "rock 'n' roll rock 'n' roll",
  'https://example.com/x @support #fail late late',
  '',
  '   ',
  'LATE DELIVERY LATE DELIVERY',
  'refund refund refund refund',
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/**
 * `cells` documents of up to `most` clauses, each cell drawing mostly from its own stretch of the
 * clauses (so cells have phrases of their own) and sometimes from anywhere or the awkward ones.
 */
export function cellDocuments(seed: number, cells: number, most: number): Map<string, string[]> {
  const random = seededRandom(seed);
  const clauses = demoClauses();
  const documents = new Map<string, string[]>();
  for (let c = 0; c < cells; c++) {
    const size = c % 9 === 8 ? 0 : Math.floor(random() * (most + 1));
    const from = Math.floor(random() * (clauses.length - 60));
    const doc: string[] = [];
    for (let i = 0; i < size; i++) {
      const r = random();
      if (r < 0.7) doc.push(clauses[from + Math.floor(random() * 60)]!);
      else if (r < 0.95) doc.push(pick(random, clauses));
      else doc.push(pick(random, AWKWARD));
    }
    documents.set(`stage${c % 7}|touchpoint${c}`, doc);
  }
  return documents;
}

const WORDS = ['late', 'parcel', 'Late', 'refund', 'crash', 'login', 'box', 'damaged', 'courier', 'app'];

function evidenceOf(random: () => number): unknown {
  const r = random();
  if (r < 0.1) return 'not an array';
  if (r < 0.2) return [];
  if (r < 0.25) return [null, { kind: 'stage' }, { match: 7 }];
  const n = 1 + Math.floor(random() * 3);
  return Array.from({ length: n }, (_, i) => ({
    kind: 'sentiment',
    rule: 's',
    match: pick(random, WORDS),
    start: i,
    end: i + 1,
  }));
}

/** A cell's clause rows: scores in (−1, 0], some repeated items and repeated wordings. */
export function clauseRows(seed: number, clauses: readonly string[]): ClauseRow[] {
  const random = seededRandom(seed);
  return clauses.map((clause, i) => ({
    stage: 'fulfilment',
    touchpoint: 'delivery',
    source: pick(random, ['survey', 'app-review', 'support-ticket']),
    external_id: `x-${random() < 0.2 ? Math.floor(i / 3) : i}`,
    day: `2026-03-0${1 + Math.floor(random() * 7)}`,
    clause: random() < 0.1 ? ` ${clause.toUpperCase()}! ` : clause,
    score: -Math.round(random() * 1000) / 1000,
    evidence: evidenceOf(random),
  }));
}

function dayCounts(random: () => number, busy: number): DayCounts {
  if (random() < 0.2) return { mentions: 0, negative: 0, sentimentSum: 0, intensity: 0 };
  const mentions = Math.floor(random() * busy);
  const negative = Math.floor(random() * (mentions + 1));
  let intensity = 0;
  for (let i = 0; i < negative; i++) intensity += 0.05 + random() * 0.95;
  return { mentions, negative, sentimentSum: -intensity + (mentions - negative) * 0.4, intensity };
}

/** `cells` series of `days` days each, some quiet, some never negative. */
export function cellSeries(seed: number, cells: number, days: number): CellSeries[] {
  const random = seededRandom(seed);
  return Array.from({ length: cells }, (_, c) => {
    const busy = c % 5 === 4 ? 1 : 1 + Math.floor(random() * 80);
    return {
      stage: ['awareness', 'purchase', 'fulfilment', 'usage', 'support'][c % 5]!,
      touchpoint: `tp_${String.fromCharCode(97 + (c % 26))}${'z'.repeat(Math.floor(c / 26))}`,
      days: Array.from({ length: days }, () => dayCounts(random, busy)),
    };
  });
}
