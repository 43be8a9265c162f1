// Erasure through the real pipeline (files and POST /v1/items, BullMQ on Redis, Postgres): a
// customer with items on several days, in several sources and cells, a rejected record, a duplicate,
// a batch still waiting to be tagged and a stored alert quote is forgotten; no table of the schema
// keeps a trace of them, the aggregates equal a recomputation, and an audit row says who and how many.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Worker } from 'bullmq';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptItems } from '../../src/api/accept-items.js';
import { createLogger } from '../../src/logger.js';
import { forget, forgetWithin, subjectHash } from '../../src/pipeline/forget.js';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import { tagBatch } from '../../src/pipeline/tag-batch.js';
import { waitForRuns } from '../../src/pipeline/wait.js';
import type { JobRequest } from '../../src/queue/jobs.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { countAggregateDrift } from '../../src/storage/aggregates.repository.js';
import { API_TOKENS, auth, startTestServer, type TestServer, tokens } from './api-helpers.js';
import {
  closeTestRuntime,
  createTestDb,
  everyRowAsText,
  startTestWorkers,
  type TestDb,
  testConfig,
  waitFor,
} from './helpers.js';
import { storeAlertQuoting } from './privacy-fixtures.js';

const CUSTOMER = 'cust-4471';
/** Every text of the customer carries this word, and no other text does. */
const MARK = 'Quokka';

const SURVEY = [
  'id,created_at,customer_id,comment',
  `sv-1,2026-03-02T09:00:00Z,${CUSTOMER},"${MARK}line the parcel arrived a week late and the box was crushed."`,
  'sv-2,2026-03-02T10:00:00Z,cust-0001,"The parcel arrived a week late and nobody told me why."',
  `sv-3,2026-03-09T09:00:00Z,${CUSTOMER},"${MARK}berry checkout failed twice and I was charged twice."`,
  'sv-4,2026-03-09T11:00:00Z,cust-0002,"Checkout failed and I was charged twice for one order."',
  `sv-5,not a date,${CUSTOMER},"${MARK}fig this record has no usable date."`,
  `sv-1,2026-03-02T09:00:00Z,${CUSTOMER},"${MARK}line the same record again."`,
].join('\n');
const TICKETS = [
  'id,created_at,customer_id,comment',
  `tk-1,2026-03-05T08:00:00Z,${CUSTOMER},"${MARK}mint the app crashes every time I open my basket."`,
  'tk-2,2026-03-05T09:00:00Z,cust-0003,"The app crashes every time I open the basket."',
  `tk-3,2026-04-01T12:00:00Z,${CUSTOMER},"${MARK}plum nobody answers the phone at support, I waited an hour."`,
  'tk-4,2026-04-01T13:00:00Z,cust-0001,"Nobody answers the phone, I waited an hour on hold."',
].join('\n');

let t: TestDb;
let rt: Runtime;
let workers: Worker[];
let pending: { runId: number; jobs: JobRequest[] };
const dir = mkdtempSync(join(tmpdir(), 'painmap-forget-'));

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows[0]!;
const aggregateTotals = () =>
  one(sql<{ daily: number; weekly: number }>`
    select (select coalesce(sum(mentions), 0)::int from pain_point_daily) as daily,
           (select coalesce(sum(mentions), 0)::int from pain_point_weekly) as weekly`);
const customerFootprint = () =>
  one(sql<{ items: number; mentions: number }>`
    select (select count(*)::int from feedback_items where customer_id = ${CUSTOMER}) as items,
           (select count(*)::int from feedback_mentions m join feedback_items i on i.id = m.item_id
             where i.customer_id = ${CUSTOMER}) as mentions`);

async function ingestCsv(name: string, text: string, sourceName: string): Promise<number> {
  const path = join(dir, name);
  writeFileSync(path, text);
  const result = await ingestFile(rt, { path, options: { sourceName } });
  return result.runId;
}

beforeAll(async () => {
  t = await createTestDb();
  rt = await createRuntime(testConfig({}, t.url), { role: 'worker', name: 'painmap-test' });
  workers = startTestWorkers(rt);
  const runs = [
    await ingestCsv('survey.csv', SURVEY, 'shop-survey'),
    await ingestCsv('tickets.csv', TICKETS, 'support-desk'),
  ];
  const crm = await acceptItems(rt, {
    source: 'crm',
    items: [
      {
        id: 'c-1',
        receivedAt: '2026-03-12T10:00:00Z',
        customerId: CUSTOMER,
        text: `${MARK}pear my refund took three weeks.`,
      },
      {
        id: 'c-1#csat',
        receivedAt: '2026-03-12T10:00:00Z',
        customerId: CUSTOMER,
        text: `${MARK}nut terrible service.`,
      },
      {
        id: 'c-2',
        receivedAt: '2026-03-12T11:00:00Z',
        customerId: 'cust-0009',
        text: 'My refund took three weeks.',
      },
    ],
  });
  await rt.dispatcher.dispatch(crm.jobs);
  await waitForRuns(rt, [...runs, crm.runId], { timeoutMs: 60_000 });
  // A batch accepted but not tagged yet: its jobs are held back until after the erasure.
  pending = await acceptItems(rt, {
    source: 'crm',
    items: [
      {
        id: 'c-3',
        receivedAt: '2026-03-13T10:00:00Z',
        customerId: CUSTOMER,
        text: `${MARK}lime the delivery was late again.`,
      },
      {
        id: 'c-4',
        receivedAt: '2026-03-13T11:00:00Z',
        customerId: 'cust-0010',
        text: 'The delivery was late again.',
      },
    ],
  });
  const examples = await storeAlertQuoting(t.db, { from: '2026-03-01', to: '2026-04-30' });
  expect(examples.some((e) => e.text.includes(MARK))).toBe(true);
}, 120_000);

afterAll(async () => {
  await closeTestRuntime(rt, workers);
  await t.drop();
});

describe('painmap forget --customer', () => {
  it('a dry run counts what would go and changes nothing', async () => {
    const before = { totals: await aggregateTotals(), footprint: await customerFootprint() };
    const dry = await forget(t.db, {
      selector: { kind: 'customer', customerId: CUSTOMER },
      actor: 'cli:test',
      dryRun: true,
    });
    expect(dry).toMatchObject({ dryRun: true, matched: true, auditId: null });
    expect(dry.counts.items).toBe(before.footprint.items);
    expect(dry.counts.mentions).toBe(before.footprint.mentions);
    expect({ totals: await aggregateTotals(), footprint: await customerFootprint() }).toEqual(before);
    const audits = await one(sql<{ n: number }>`select count(*)::int as n from privacy_audit`);
    expect(audits.n).toBe(0);
  });

  it('leaves no row of the customer in any table, moves the aggregates by exactly their mentions, and audits', async () => {
    const before = { totals: await aggregateTotals(), footprint: await customerFootprint() };
    // Several days, sources and cells: the test means something only if the data spans them.
    const spread = await one(sql<{ days: number; sources: number; cells: number }>`
      select count(distinct i.received_day)::int as days, count(distinct i.source)::int as sources,
             count(distinct (m.stage, m.touchpoint))::int as cells
      from feedback_items i join feedback_mentions m on m.item_id = i.id where i.customer_id = ${CUSTOMER}`);
    expect(spread.days).toBeGreaterThanOrEqual(4);
    expect(spread.sources).toBe(3);
    expect(spread.cells).toBeGreaterThanOrEqual(3);
    const everything = await everyRowAsText(t.db);
    expect(everything).toContain(CUSTOMER); // items, the pending batch, the rejected record's excerpt
    expect(everything).toContain(MARK);

    const summary = await forget(t.db, {
      selector: { kind: 'customer', customerId: CUSTOMER },
      actor: 'cli:test',
    });

    expect(summary.counts).toMatchObject({
      items: before.footprint.items,
      mentions: before.footprint.mentions,
      batchItems: 7, // 6 tagged ones and the pending one (the rejected record never reached a batch)
    });
    expect(summary.counts.errors).toBe(2); // the rejected record and the duplicate
    expect(summary.counts.alertExamples).toBeGreaterThan(0);
    const after = await everyRowAsText(t.db);
    expect(after).not.toContain(CUSTOMER);
    expect(after).not.toContain(MARK);
    expect(after).toContain('cust-0001'); // the other customers stay
    expect(await countAggregateDrift(t.db)).toBe(0);
    expect(await aggregateTotals()).toEqual({
      daily: before.totals.daily - before.footprint.mentions,
      weekly: before.totals.weekly - before.footprint.mentions,
    });

    const audit = await t.db.selectFrom('privacy_audit').selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'forget',
      subject_kind: 'customer',
      subject_hash: subjectHash({ kind: 'customer', customerId: CUSTOMER }),
      actor: 'cli:test',
      counts: { ...summary.counts },
    });
    expect(audit.id).toBe(summary.auditId);
  });

  it('the pending batch is tagged without the erased item', async () => {
    await rt.dispatcher.dispatch(pending.jobs);
    await waitForRuns(rt, [pending.runId], { timeoutMs: 30_000 });
    const stored = await t.db
      .selectFrom('feedback_items')
      .select('external_id')
      .where('source', '=', 'crm')
      .execute();
    expect(stored.map((r) => r.external_id).sort()).toEqual(['c-2', 'c-4']);
    expect(await countAggregateDrift(t.db)).toBe(0);
  });

  it('a second request finds nothing, says so, and is audited too', async () => {
    const again = await forget(t.db, {
      selector: { kind: 'customer', customerId: CUSTOMER },
      actor: 'cli:test',
    });
    expect(again.matched).toBe(false);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
    expect(again.auditId).not.toBeNull();
  });
});

describe('painmap forget --source --external-id', () => {
  it('erases one record of a source with the items derived from it, and nothing of other sources', async () => {
    const other = await acceptItems(rt, {
      source: 'helpdesk',
      items: [
        { id: 'T-9', receivedAt: '2026-03-20T10:00:00Z', text: 'Zebrafoal the courier lost my parcel.' },
        { id: 'T-9#csat', receivedAt: '2026-03-20T10:05:00Z', text: 'Zebrafoal awful support.' },
        { id: 'T-90', receivedAt: '2026-03-20T11:00:00Z', text: 'The courier was late.' },
      ],
    });
    const sameId = await acceptItems(rt, {
      source: 'helpdesk-eu',
      items: [{ id: 'T-9', receivedAt: '2026-03-21T10:00:00Z', text: 'The courier was friendly.' }],
    });
    await rt.dispatcher.dispatch([...other.jobs, ...sameId.jobs]);
    await waitForRuns(rt, [other.runId, sameId.runId], { timeoutMs: 30_000 });

    const summary = await forget(t.db, {
      selector: { kind: 'record', source: 'helpdesk', externalId: 'T-9' },
      actor: 'cli:test',
    });
    expect(summary.counts).toMatchObject({ items: 2, batchItems: 2 });
    const left = await t.db
      .selectFrom('feedback_items')
      .select(['source', 'external_id'])
      .where('source', 'like', 'helpdesk%')
      .orderBy('source')
      .orderBy('external_id')
      .execute();
    expect(left).toEqual([
      { source: 'helpdesk', external_id: 'T-90' },
      { source: 'helpdesk-eu', external_id: 'T-9' },
    ]);
    expect(await everyRowAsText(t.db)).not.toContain('Zebrafoal');
    expect(await countAggregateDrift(t.db)).toBe(0);
  });
});

describe('an erasure while a tag batch is running', () => {
  it('the tag step that read the payload before the erasure does not store the erased item', async () => {
    const race = await acceptItems(rt, {
      source: 'race',
      items: [
        {
          id: 'r-1',
          receivedAt: '2026-03-22T10:00:00Z',
          customerId: 'cust-race',
          text: 'Yakfur the parcel was late.',
        },
        {
          id: 'r-2',
          receivedAt: '2026-03-22T11:00:00Z',
          customerId: 'cust-calm',
          text: 'The parcel was late.',
        },
      ],
    });
    const batchId = (race.jobs[0] as { data: { batchId: number } }).data.batchId;
    let tagging: Promise<unknown> | undefined;
    // forget locks the batch row first; the tag step meanwhile reads the payload and waits for that lock.
    await t.db.transaction().execute(async (trx) => {
      await sql`select 1 from ingest_batches where id = ${batchId} for update`.execute(trx);
      tagging = tagBatch(rt, batchId);
      await waitFor(async () => {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db);
        return waiting.rows[0]!.n > 0;
      }, 'the tag step to wait for the batch row');
      await forgetWithin(trx, { kind: 'customer', customerId: 'cust-race' });
    });
    await tagging;
    const stored = await t.db
      .selectFrom('feedback_items')
      .select('external_id')
      .where('source', '=', 'race')
      .execute();
    expect(stored.map((r) => r.external_id)).toEqual(['r-2']);
    expect(await everyRowAsText(t.db)).not.toContain('Yakfur');
    expect(await countAggregateDrift(t.db)).toBe(0);
  });
});

describe('DELETE /v1/customers/:id', () => {
  const lines: string[] = [];
  let server: TestServer;
  const ID = 'cust-api-77';

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = testConfig({ API_TOKENS, QUEUE_PREFIX: rt.config.QUEUE_PREFIX }, t.url);
    server = await startTestServer(config, '/nonexistent', createLogger('info', capture));
    const accepted = await acceptItems(rt, {
      source: 'shop-api',
      items: [
        {
          id: 'a-1',
          receivedAt: '2026-03-25T10:00:00Z',
          customerId: ID,
          text: 'Wombatix the checkout keeps failing.',
        },
        {
          id: 'a-2',
          receivedAt: '2026-03-26T10:00:00Z',
          customerId: ID,
          text: 'Wombatix my parcel never came.',
        },
      ],
    });
    await rt.dispatcher.dispatch(accepted.jobs);
    await waitForRuns(rt, [accepted.runId], { timeoutMs: 30_000 });
  });

  afterAll(async () => {
    await server?.close();
  });

  const del = (token: string | null, query = '') =>
    fetch(`${server.url}/v1/customers/${encodeURIComponent(ID)}${query}`, {
      method: 'DELETE',
      headers: token ? auth(token) : {},
    });

  it('is refused without a token (401) and for read and ingest tokens (403), erasing nothing', async () => {
    expect((await del(null)).status).toBe(401);
    expect((await del(tokens.read)).status).toBe(403);
    expect((await del(tokens.ingest)).status).toBe(403);
    const left = await t.db.selectFrom('feedback_items').select('id').where('customer_id', '=', ID).execute();
    expect(left).toHaveLength(2);
  });

  it('erases for an admin token and answers the counts; a dry run first counts without erasing', async () => {
    const dry = await del(tokens.admin, '?dry_run=true');
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({
      dryRun: true,
      matched: true,
      counts: { items: 2 },
      auditId: null,
    });

    const response = await del(tokens.admin);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { matched: boolean; counts: { items: number }; auditId: number };
    expect(body).toMatchObject({ dryRun: false, matched: true, subject: 'customer', counts: { items: 2 } });
    expect(JSON.stringify(body)).not.toContain(ID);
    expect(await everyRowAsText(t.db)).not.toContain('Wombatix');
    expect(await countAggregateDrift(t.db)).toBe(0);
    const audit = await t.db
      .selectFrom('privacy_audit')
      .selectAll()
      .where('id', '=', body.auditId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: 'forget',
      actor: 'token:ops',
      subject_hash: subjectHash({ kind: 'customer', customerId: ID }),
    });
  });

  it('answers 200 with matched false and zero counts when nothing matches', async () => {
    const response = await del(tokens.admin);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { matched: boolean; counts: Record<string, number> };
    expect(body.matched).toBe(false);
    expect(Object.values(body.counts).every((n) => n === 0)).toBe(true);
  });

  it('keeps the customer id out of the logs', () => {
    expect(lines.join('').length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(ID);
    expect(lines.join('')).toContain('customer erasure done');
  });
});
