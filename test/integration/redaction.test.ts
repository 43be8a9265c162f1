// Personal data planted in generated feedback goes through the real pipeline (files, BullMQ on Redis,
// Postgres): no valid planted value is left in any table, any Redis key or the logs; look-alikes
// that fail their check are kept, and the rest of the text is tagged as it is without redaction.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import fc from 'fast-check';
import { type CountryCode, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptItems } from '../../src/api/accept-items.js';
import { createLogger } from '../../src/logger.js';
import { handleJob } from '../../src/pipeline/handlers.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import { jobsForOpenPulls } from '../../src/queue/graph.js';
import { closeWorkers, startWorkers } from '../../src/queue/workers.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { insertManualPullRun } from '../../src/storage/sources.repository.js';
import { tagItem } from '../../src/tagging/index.js';
import {
  createTestDb,
  everyRowAsText,
  obliteratePrefix,
  type TestDb,
  testConfig,
  testRedis,
} from './helpers.js';

interface Plant {
  kind: 'email' | 'phone' | 'card' | 'iban';
  value: string;
  /** False for a look-alike that fails its check (Luhn, mod-97): it must be kept. */
  valid: boolean;
}

const FILLER = [
  'The parcel arrived a week late and the box was damaged.',
  'Checkout was quick and easy, love the new payment page!',
  'Support never answered my ticket.',
  'The app crashes every time I open my basket.',
  'Prices are far too high for what you get.',
  'The courier left the parcel in the rain.',
  'My refund took forever to arrive.',
  'Great service from the shop staff.',
];

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const emailArb: fc.Arbitrary<Plant> = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{2,8}(\.[a-z]{2,6})?$/),
    fc.stringMatching(/^[a-z]{3,10}$/),
    fc.constantFrom('com', 'co.uk', 'de', 'org'),
  )
  .map(([local, domain, tld]) => ({ kind: 'email', value: `${local}@${domain}.${tld}`, valid: true }));

const PHONE_COUNTRIES: CountryCode[] = ['GB', 'US', 'FR', 'DE', 'NL', 'ES', 'IT', 'AU'];
const phoneArb: fc.Arbitrary<Plant> = fc
  .tuple(fc.constantFrom(...PHONE_COUNTRIES), digits(4), fc.boolean())
  .map(([country, tail, national]) => {
    const example = getExampleNumber(country, mobileExamples)!.nationalNumber;
    const number = parsePhoneNumberFromString(`${example.slice(0, -4)}${tail.join('')}`, country);
    if (!number?.isValid()) return null;
    const asNational = national && (country === 'GB' || country === 'US');
    return {
      kind: 'phone',
      value: asNational ? number.formatNational() : number.formatInternational(),
      valid: true,
    };
  })
  .filter((p): p is Plant => p !== null);

const cardArb: fc.Arbitrary<Plant> = fc
  .tuple(fc.constantFrom('4', '51', '55', '6011'), digits(15), fc.constantFrom(' ', '-', ''), fc.boolean())
  .map(([prefix, rest, sep, valid]) => {
    const body = (prefix + rest.join('')).slice(0, 15);
    const check = luhnCheckDigit(body);
    const number = body + String(valid ? check : (check + 1) % 10);
    return { kind: 'card', value: number.match(/.{4}/g)!.join(sep), valid };
  });

function ibanCheck(country: string, bban: string): number {
  const moved = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const ch of moved) rest = (rest * 10 + Number(ch)) % 97;
  return 98 - rest;
}

const ibanArb: fc.Arbitrary<Plant> = fc
  .tuple(
    fc.constantFrom(
      { country: 'GB', bank: 'WEST', n: 14 },
      { country: 'NL', bank: 'ABNA', n: 10 },
      { country: 'DE', bank: '', n: 18 },
    ),
    digits(18),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([spec, ds, printed, valid]) => {
    const bban = spec.bank + ds.slice(0, spec.n).join('');
    const good = ibanCheck(spec.country, bban);
    const check = valid ? good : good === 98 ? 97 : good + 1;
    const iban = `${spec.country}${String(check).padStart(2, '0')}${bban}`;
    return { kind: 'iban', value: printed ? iban.match(/.{1,4}/g)!.join(' ') : iban, valid };
  });

const plantArb = fc.oneof(emailArb, phoneArb, cardArb, ibanArb);

interface Feedback {
  before: string[];
  plants: Plant[];
  after: string[];
}
const feedbackArb: fc.Arbitrary<Feedback> = fc.record({
  before: fc.array(fc.constantFrom(...FILLER), { minLength: 1, maxLength: 3 }),
  plants: fc.array(plantArb, { minLength: 1, maxLength: 3 }),
  after: fc.array(fc.constantFrom(...FILLER), { maxLength: 2 }),
});
const withPlants = (f: Feedback) =>
  [...f.before, ...f.plants.map((p) => `${p.value}.`), ...f.after].join(' ');

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
const logLines: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'painmap-redact-'));
const sourcesFile = join(dir, 'sources.yml');
for (const name of ['drop-default', 'drop-email', 'drop-none']) mkdirSync(join(dir, name));
writeFileSync(
  sourcesFile,
  `sources:
  - name: drop-default
    type: folder
    path: ${join(dir, 'drop-default')}
  - name: drop-email
    type: folder
    path: ${join(dir, 'drop-email')}
    redact: [email]
  - name: drop-none
    type: folder
    path: ${join(dir, 'drop-none')}
    redact: []
`,
);

beforeAll(async () => {
  t = await createTestDb();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('trace', sink);
  rt = await createRuntime(testConfig({ PAINMAP_SOURCES: sourcesFile }, t.url), {
    role: 'worker',
    name: 'painmap-test',
    log,
  });
  workers = startWorkers({
    connection: rt.redis!,
    prefix: rt.config.QUEUE_PREFIX,
    concurrency: 2,
    log,
    dispatcher: rt.dispatcher,
    handle: (request) => handleJob(rt, request),
  });
});

afterAll(async () => {
  await closeWorkers(workers, 5_000);
  const redis = testRedis();
  await obliteratePrefix(redis, rt.config.QUEUE_PREFIX);
  redis.disconnect();
  await rt.close();
  await t.drop();
});

const everythingInPostgres = () => everyRowAsText(t.db);

/** Every key under the test's queue prefix and every value in it. */
async function everythingInRedis(): Promise<string> {
  const redis = rt.redis!;
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${rt.config.QUEUE_PREFIX}:*`, 'COUNT', 1000);
    for (const key of keys) {
      parts.push(key);
      const type = await redis.type(key);
      if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'set') parts.push(...(await redis.smembers(key)));
      else if (type === 'zset') parts.push(...(await redis.zrange(key, '0', '-1')));
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    }
    cursor = next;
  } while (cursor !== '0');
  return parts.join('\n');
}

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const PLACEHOLDERS = ['[email]', '[phone]', '[card]', '[iban]'];

/** Mentions as (clause, stage, touchpoint, sentiment), the clause without placeholders or trailing dots. */
function tagsOf(
  text: string,
  mentions: { start: number; end: number; stage: string; touchpoint: string; label: string }[],
) {
  return mentions
    .map((m) => ({
      clause: PLACEHOLDERS.reduce((c, p) => c.replaceAll(p, ''), text.slice(m.start, m.end))
        .replace(/[\s.]+$/, '')
        .trim(),
      stage: m.stage,
      touchpoint: m.touchpoint,
      label: m.label,
    }))
    .filter((m) => m.clause !== '');
}

let file = 0;

describe('redaction before storage', () => {
  it('leaves no valid planted value in Postgres, Redis or the logs, keeps look-alikes, and tags the rest as without redaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(feedbackArb, { minLength: 1, maxLength: 4 }), async (feedback) => {
        file++;
        const rows = feedback.map(
          (f, i) => `f${file}-${i},2026-03-0${1 + (i % 9)}T10:00:00Z,${csvCell(withPlants(f))}`,
        );
        // The same text once more with a bad date: rejected, and its excerpt lands in ingest_errors.
        const bad = `f${file}-bad,not a date,${csvCell(withPlants(feedback[0]!))}`;
        const path = join(dir, `planted-${file}.csv`);
        writeFileSync(path, ['id,created_at,comment', ...rows, bad].join('\n'));
        const result = await ingestFile(rt, { path });
        expect(result.counts).toMatchObject({ items: feedback.length, rejected: 1 });
        await waitForRuns(rt, [result.runId], { timeoutMs: 30_000 });

        const plants = feedback.flatMap((f) => f.plants);
        const postgres = await everythingInPostgres();
        const redis = await everythingInRedis();
        const logs = logLines.join('');
        const leaks = plants
          .filter((p) => p.valid)
          .flatMap((p) => [
            ...(postgres.includes(p.value) ? [`${p.kind} ${p.value} in Postgres`] : []),
            ...(redis.includes(p.value) ? [`${p.kind} ${p.value} in Redis`] : []),
            ...(logs.includes(p.value) ? [`${p.kind} ${p.value} in the logs`] : []),
          ]);
        expect(leaks).toEqual([]);

        const items = await t.db
          .selectFrom('feedback_items')
          .select(['id', 'external_id', 'text'])
          .where('external_id', 'like', `f${file}-%`)
          .execute();
        for (const [i, f] of feedback.entries()) {
          const item = items.find((it) => it.external_id === `f${file}-${i}`)!;
          for (const plant of f.plants.filter((p) => !p.valid)) expect(item.text).toContain(plant.value);
          const mentions = await t.db
            .selectFrom('feedback_mentions')
            .select([
              'start_offset as start',
              'end_offset as end',
              'stage',
              'touchpoint',
              'sentiment_label as label',
            ])
            .where('item_id', '=', item.id)
            .orderBy('ordinal')
            .execute();
          // The text without its valid planted values (look-alikes stay) is tagged the same way.
          const original = withPlants({ ...f, plants: f.plants.filter((p) => !p.valid) });
          const expected = tagItem({
            text: original,
            rating: null,
            channel: null,
            source: 'generic-csv',
            language: 'en',
            question: null,
          });
          expect(tagsOf(item.text, mentions)).toEqual(
            tagsOf(
              original,
              expected.mentions.map((m) => ({ ...m, label: m.sentiment.label })),
            ),
          );
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});

const PII = 'Mail jane.doe@example.com or call +44 20 7946 0958 about card 4111 1111 1111 1111.';

describe('idempotency', () => {
  it('the same records in another file add nothing and change nothing', async () => {
    const csv = `id,created_at,comment\nsame-1,2026-04-01T10:00:00Z,${csvCell(PII)}\n`;
    const first = await ingestFile(rt, { path: writeCsv('same-a.csv', csv) });
    await waitForRuns(rt, [first.runId], { timeoutMs: 30_000 });
    const before = await t.db
      .selectFrom('feedback_items')
      .selectAll()
      .where('external_id', '=', 'same-1')
      .execute();
    // Another file (other bytes, so another run) holding the same record.
    const second = await ingestFile(rt, { path: writeCsv('same-b.csv', `${csv}\n`) });
    expect(second.created).toBe(true);
    await waitForRuns(rt, [second.runId], { timeoutMs: 30_000 });
    const run = await t.db
      .selectFrom('ingest_runs')
      .selectAll()
      .where('id', '=', second.runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const after = await t.db
      .selectFrom('feedback_items')
      .selectAll()
      .where('external_id', '=', 'same-1')
      .execute();
    expect(after).toEqual(before);
    expect(after[0]!.text).toBe('Mail [email] or call [phone] about card [card].');
  });
});

describe('per source', () => {
  it('a source’s redact list overrides REDACT: default, e-mail only, none', async () => {
    for (const name of ['drop-default', 'drop-email', 'drop-none']) {
      writeFileSync(
        join(dir, name, 'a.csv'),
        `id,created_at,comment\n${name}-1,2026-04-02T10:00:00Z,${csvCell(PII)}\n`,
      );
      const runId = await insertManualPullRun(rt.db, name);
      await rt.dispatcher.dispatch(jobsForOpenPulls([runId]));
      await waitForRuns(rt, [runId], { timeoutMs: 30_000 });
    }
    const textOf = async (id: string) =>
      (
        await t.db
          .selectFrom('feedback_items')
          .select('text')
          .where('external_id', '=', id)
          .executeTakeFirst()
      )?.text;
    const stored = async (id: string) => {
      for (let i = 0; i < 200; i++) {
        const text = await textOf(id);
        if (text !== undefined) return text;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${id} was never stored`);
    };
    expect(await stored('drop-default-1')).toBe('Mail [email] or call [phone] about card [card].');
    expect(await stored('drop-email-1')).toBe(
      'Mail [email] or call +44 20 7946 0958 about card 4111 1111 1111 1111.',
    );
    expect(await stored('drop-none-1')).toBe(PII);
  });
});

describe('POST /v1/items', () => {
  it('stores the redacted text of an item sent by another system', async () => {
    const accepted = await acceptItems(rt, {
      source: 'crm',
      items: [{ id: 'crm-1', receivedAt: '2026-04-03T10:00:00Z', text: PII }],
    });
    await rt.dispatcher.dispatch(accepted.jobs);
    await waitForRuns(rt, [accepted.runId], { timeoutMs: 30_000 });
    const item = await t.db
      .selectFrom('feedback_items')
      .select('text')
      .where('external_id', '=', 'crm-1')
      .executeTakeFirstOrThrow();
    expect(item.text).toBe('Mail [email] or call [phone] about card [card].');
  });
});

function writeCsv(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
