// Shared row rules: a record draft becomes one item, rejected, or skipped event.
import { createHash } from 'node:crypto';
import { type FeedbackInput, RATING_RANGES, type Rating, type RatingScale } from '../domain.js';
import type { DateResult } from './dates.js';
import { chooseLanguage } from './language.js';
import type { SeenIds } from './seen-ids.js';
import type { ParseEvent, RecordIssue } from './types.js';

export type RatingResult = { ok: true; rating: Rating | null } | { ok: false; reason: string };

export interface RecordDraft {
  record: number;
  source: string;
  /** The source's id; null when the source has none (a content hash is used). */
  id: string | null;
  /** The source normally carries ids: a blank one is a rejected record. */
  idRequired: boolean;
  date: DateResult;
  text: string;
  rating: RatingResult;
  channel: string | null;
  customerId: string | null;
  segment: Record<string, string>;
  /** A language code the source states (Play, Trustpilot, Qualtrics). */
  statedLanguage?: string | null;
  /** Fields for the excerpt of a rejected record. */
  raw: readonly string[];
  /** What the text column is called, for the skip reason. */
  textLabel?: string;
  /** The survey question the text answers. */
  question?: string | null;
  /** Reason to skip even with text (company-initiated message). */
  skipReason?: { code: string; reason: string };
}

/** `'sha256:' + hex` of the parts, joined by a unit separator (stable across runs). */
export function hashId(parts: readonly string[]): string {
  return 'sha256:' + createHash('sha256').update(parts.join('\u001f')).digest('hex');
}

/** Reads a rating cell (`4`, `4.0`, `10 - Extremely likely`) on a known scale; blank → null. */
export function parseRating(
  raw: string | number | null | undefined,
  scale: RatingScale | null,
): RatingResult {
  if (raw === null || raw === undefined) return { ok: true, rating: null };
  const text = String(raw).trim();
  if (text === '' || scale === null) return { ok: true, rating: null };
  const m = /^([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:-|–|—|\/|stars?|$).*)?$/i.exec(text);
  if (!m) return { ok: false, reason: `the rating "${text.slice(0, 40)}" is not a number` };
  const value = Number(m[1]!.replace(',', '.'));
  return checkRating(value, scale);
}

export function checkRating(value: number, scale: RatingScale): RatingResult {
  const [lo, hi] = RATING_RANGES[scale];
  if (!Number.isFinite(value) || value < lo || value > hi) {
    return { ok: false, reason: `the rating ${value} is outside the ${scale} scale (${lo} to ${hi})` };
  }
  return { ok: true, rating: { value, scale } };
}

function excerpt(raw: readonly string[]): string {
  const joined = raw.join(',');
  return joined.length > 200 ? joined.slice(0, 200) : joined;
}

export function rejectRecord(
  record: number,
  ref: string | null,
  code: string,
  reason: string,
  raw: readonly string[] = [],
): ParseEvent {
  const issue: RecordIssue = { record, ref, code, reason };
  if (raw.length > 0) issue.excerpt = excerpt(raw);
  return { kind: 'rejected', issue };
}

/**
 * An item of a configured source (a nightly pull, a drop folder, `--as NAME`): keyed by that name,
 * the format's own name kept beside it (the tagger reads hints from it). Ids are per account in
 * Zendesk and Freshdesk, so two accounts of one tool never share a key.
 */
export function keyBySourceName(item: FeedbackInput, sourceName: string): FeedbackInput {
  if (item.source === sourceName) return item;
  return { ...item, source: sourceName, format: item.format ?? item.source };
}

/** Applies the row rules in order: id, date, rating, then blank text → skipped. */
export function finishRecord(d: RecordDraft): ParseEvent {
  const id = d.id?.trim() || null;
  if (id === null && d.idRequired) {
    return rejectRecord(
      d.record,
      null,
      'missing_id',
      'The record has no id although this source gives every record one.',
      d.raw,
    );
  }
  if (!d.date.ok) {
    const reason = `${d.date.reason}; give a real date (31/02 is never rolled over).`;
    return rejectRecord(d.record, id, d.date.code, `Date rejected: ${reason}`, d.raw);
  }
  if (!d.rating.ok) {
    return rejectRecord(d.record, id, 'rating_out_of_scale', `Rating rejected: ${d.rating.reason}.`, d.raw);
  }
  const text = d.text.replace(/\r\n?/g, '\n').trim();
  const externalId = id ?? hashId([d.source, d.date.iso, text]);
  const language = chooseLanguage(d.statedLanguage, text);
  const item: FeedbackInput = {
    source: d.source,
    externalId,
    receivedAt: d.date.iso,
    text,
    rating: d.rating.rating,
    channel: d.channel,
    customerId: d.customerId?.trim() || null,
    segment: d.segment,
    language: language.language,
    record: d.record,
  };
  if (language.note) item.languageNote = language.note;
  if (d.question) item.question = d.question;
  const skip = d.skipReason ?? (text === '' ? blankReason(d) : undefined);
  if (skip) {
    const issue: RecordIssue = { record: d.record, ref: externalId, code: skip.code, reason: skip.reason };
    return item.rating ? { kind: 'skipped', issue, item } : { kind: 'skipped', issue };
  }
  return { kind: 'item', record: d.record, ref: externalId, item };
}

function blankReason(d: RecordDraft): { code: string; reason: string } {
  const where = d.textLabel ? ` in "${d.textLabel}"` : '';
  const rated = d.rating.ok && d.rating.rating ? ' (its rating still counts)' : '';
  return { code: 'no_text', reason: `No customer text${where}${rated}.` };
}

/** The id an event is known by for duplicate detection (items and skipped records with an id). */
function refOf(event: ParseEvent): string | null {
  if (event.kind === 'item') return event.ref;
  if (event.kind === 'skipped') return event.issue.ref;
  return null;
}

/**
 * Keeps the first record with a given id. A record may yield several events (a ticket and its
 * CSAT comment): the first one's id decides, and a repeated record becomes one duplicate event.
 */
export function dropDuplicates(
  events: readonly ParseEvent[],
  record: number,
  seen: Pick<SeenIds, 'has' | 'add'>,
): ParseEvent[] {
  const primary = events.map(refOf).find((r) => r !== null);
  if (primary === undefined || primary === null) return [...events];
  if (seen.has(primary)) return [{ kind: 'duplicate', record, ref: primary }];
  for (const e of events) {
    const r = refOf(e);
    if (r !== null) seen.add(r);
  }
  return [...events];
}
