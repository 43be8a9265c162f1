// POST /v1/items: a JSON batch from another system becomes one ingest run of kind 'api', keyed by
// the sha256 of its canonical JSON, written as durable batches exactly like a file (same row
// rules, same idempotency, same tagging path). Bad items become row errors with their number.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type FeedbackInput, RATING_RANGES, type RatingScale } from '../domain.js';
import { pickLanguage } from '../ingest/language.js';
import { checkRating, hashId } from '../ingest/records.js';
import { type RedactKind, redactItem } from '../ingest/redact.js';
import type { Deps } from '../pipeline/deps.js';
import { jobsForParsedRun } from '../queue/graph.js';
import type { JobRequest } from '../queue/jobs.js';
import {
  findOrCreateRun,
  insertBatch,
  insertIngestErrors,
  markRunQueued,
} from '../storage/runs.repository.js';
import type { NewIngestError } from '../storage/tables.js';

const SCALES = Object.keys(RATING_RANGES) as [RatingScale, ...RatingScale[]];

export const ItemSchema = z.object({
  id: z.string().trim().min(1).max(200).optional().describe('Your id; without one a content hash is used'),
  receivedAt: z.iso.datetime({ offset: true }).describe('ISO-8601 instant, e.g. 2026-05-04T10:00:00Z'),
  text: z.string().max(100_000),
  rating: z
    .object({ value: z.number(), scale: z.enum(SCALES) })
    .nullable()
    .optional(),
  channel: z.string().max(100).nullable().optional(),
  customerId: z.string().max(200).nullable().optional(),
  segment: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/), z.string().max(200)).optional(),
  language: z.string().max(16).nullable().optional(),
});

export const ItemsBody = z.object({
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'lower-case letters, digits, _ . - (up to 40)')
    .describe('Source name the items are stored under'),
  items: z.array(z.unknown()).min(1).describe('Feedback items (see ItemSchema)'),
});
export type ItemsBody = z.infer<typeof ItemsBody>;

export interface AcceptedItems {
  runId: number;
  created: boolean;
  jobs: JobRequest[];
}

/** JSON with sorted keys: the same batch always hashes the same, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type Outcome = { kind: 'item'; item: FeedbackInput } | { kind: 'error'; row: Omit<NewIngestError, 'run_id'> };

/** The file row rules, for one JSON item: shape, date, rating scale, then blank text → skipped. */
export function checkItem(
  source: string,
  raw: unknown,
  record: number,
  redact: readonly RedactKind[] = [],
): Outcome {
  const parsed = ItemSchema.safeParse(raw);
  const reject = (code: string, reason: string, ref: string | null = null): Outcome => ({
    kind: 'error',
    row: { kind: 'rejected', record, ref, code, reason, excerpt: null },
  });
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; ');
    return reject('invalid_item', `Item rejected: ${reason.slice(0, 400)}.`);
  }
  const p = parsed.data;
  const ref = p.id ?? null;
  const rating = p.rating ? checkRating(p.rating.value, p.rating.scale) : { ok: true as const, rating: null };
  if (!rating.ok) return reject('rating_out_of_scale', `Rating rejected: ${rating.reason}.`, ref);
  const receivedAt = new Date(p.receivedAt).toISOString();
  const text = p.text.replace(/\r\n?/g, '\n').trim();
  const externalId = p.id ?? hashId([source, receivedAt, text]);
  if (text === '') {
    return {
      kind: 'error',
      row: {
        kind: 'skipped',
        record,
        ref: externalId,
        code: 'no_text',
        reason: 'No customer text.',
        excerpt: null,
      },
    };
  }
  return {
    kind: 'item',
    item: redactItem(
      {
        source,
        externalId,
        receivedAt,
        text,
        rating: rating.rating,
        channel: p.channel ?? null,
        customerId: p.customerId?.trim() || null,
        segment: p.segment ?? {},
        language: pickLanguage(p.language, text),
        record,
      },
      redact,
    ),
  };
}

export async function acceptItems(
  deps: Pick<Deps, 'db' | 'config'>,
  body: ItemsBody,
): Promise<AcceptedItems> {
  const sha = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const { run, created } = await findOrCreateRun(deps.db, {
    kind: 'api',
    source: body.source,
    fileName: null,
    fileSha256: sha,
  });
  // A run still 'parsing' was interrupted: writing it again is idempotent (batches by seq, errors by record).
  if (!created && run.state !== 'parsing') return { runId: run.id, created: false, jobs: [] };
  const errors: NewIngestError[] = [];
  const items: FeedbackInput[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of body.items.entries()) {
    const outcome = checkItem(body.source, raw, index + 1, deps.config.REDACT);
    if (outcome.kind === 'error') errors.push({ ...outcome.row, run_id: run.id });
    else if (seen.has(outcome.item.externalId)) {
      errors.push({
        run_id: run.id,
        kind: 'duplicate',
        record: index + 1,
        ref: outcome.item.externalId,
        code: 'duplicate_id',
        reason: `The id ${outcome.item.externalId} appears again in this request; the first item with it was kept.`,
        excerpt: null,
      });
    } else {
      seen.add(outcome.item.externalId);
      items.push(outcome.item);
    }
  }
  const batchIds: number[] = [];
  for (let i = 0; i < items.length; i += deps.config.BATCH_SIZE) {
    batchIds.push(
      await insertBatch(deps.db, run.id, batchIds.length + 1, items.slice(i, i + deps.config.BATCH_SIZE)),
    );
  }
  for (let i = 0; i < errors.length; i += 500) await insertIngestErrors(deps.db, errors.slice(i, i + 500));
  const count = (kind: string) => errors.filter((e) => e.kind === kind).length;
  await markRunQueued(deps.db, run.id, {
    format: 'api-items',
    encoding: 'utf-8',
    records: body.items.length,
    rejected: count('rejected'),
    skipped: count('skipped'),
    duplicates: count('duplicate'),
    batchesTotal: batchIds.length,
  });
  return { runId: run.id, created: true, jobs: jobsForParsedRun(run.id, batchIds) };
}
