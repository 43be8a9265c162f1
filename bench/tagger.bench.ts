// Throughput of full clause-level tagging vs raw `sentiment`.analyze() on ~200-character items, one core.
// Run: npx tsx bench/tagger.bench.ts [items]
import Sentiment from 'sentiment';
import { createTagger, defaultTaxonomy, shippedClauseModel, tagItem } from '../src/tagging/index.js';

const PARTS = [
  'The delivery was two days late and the box was crushed',
  'but the support agent on chat sorted it out quickly',
  'I want a refund, I was charged twice for my subscription',
  'The app keeps crashing when I log in after the latest update',
  'Checkout was smooth and the promo code worked first time',
  'still waiting for my new card to arrive, no tracking info',
  'Love the product, the battery lasts all week!!',
  'Help centre articles are outdated and the chatbot is useless',
  'Setting up my account took five minutes, really easy',
  'Too many marketing emails, I unsubscribed twice 😡',
];

function buildItems(n: number): string[] {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    let text = '';
    for (let k = 0; text.length < 190; k++) text += `${PARTS[(i * 7 + k * 3) % PARTS.length]}. `;
    items.push(`${text.slice(0, 200)} #${i}`);
  }
  return items;
}

/**
 * Items per second of this process's CPU time (user + system): one core's throughput, which other jobs on
 * the machine do not distort the way they distort wall-clock time (printed beside it).
 */
function measure(label: string, items: readonly string[], run: (text: string) => unknown): number {
  for (let i = 0; i < Math.min(2000, items.length); i++) run(items[i]!);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let sink = 0;
  for (const text of items) sink += run(text) === undefined ? 0 : 1;
  const cpu = process.cpuUsage(c0);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = items.length / ((cpu.user + cpu.system) / 1e6);
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `${label.padEnd(28)} ${fmt(rate).padStart(10)} items/s of CPU  (${fmt(items.length / wall)} by the wall clock, ${sink} items)`,
  );
  return rate;
}

const n = Number(process.argv[2] ?? 50_000);
const items = buildItems(n);
const mean = items.reduce((s, t) => s + t.length, 0) / items.length;
console.log(`${n} items, mean ${mean.toFixed(0)} chars, one core`);
const analyzer = new Sentiment();
const raw = measure('sentiment.analyze (AFINN)', items, (t) => analyzer.analyze(t));
const rulesOnly = createTagger(defaultTaxonomy, { clauseModel: null });
const ruled = measure('rules only (model off)', items, (t) => rulesOnly({ text: t }));
const withModel = createTagger(defaultTaxonomy, { clauseModel: shippedClauseModel });
const modelled = measure('with the clause model', items, (t) => withModel({ text: t }));
const tagged = measure('tagItem (the default)', items, (t) => tagItem({ text: t }));
console.log(
  `ratio tagItem / sentiment.analyze: ${(tagged / raw).toFixed(2)}; rules only ${Math.round(ruled).toLocaleString('en-US')} items/s; with the clause model ${Math.round(modelled).toLocaleString('en-US')} items/s (target >= 16,000)`,
);
