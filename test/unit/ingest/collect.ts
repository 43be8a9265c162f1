// Test helper: reads a fixture export and groups its events.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeedbackInput } from '../../../src/domain.js';
import { openExport } from '../../../src/ingest/index.js';
import type { ParseEvent, ParseOptions, RecordIssue } from '../../../src/ingest/types.js';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/exports/${name}`, import.meta.url));

export interface Collected {
  format: string;
  encoding: string;
  items: FeedbackInput[];
  refs: string[];
  rejected: RecordIssue[];
  skipped: { issue: RecordIssue; item?: FeedbackInput }[];
  duplicates: { record: number; ref: string }[];
}

export async function collectEvents(
  events: AsyncIterable<ParseEvent>,
): Promise<Omit<Collected, 'format' | 'encoding'>> {
  const out: Omit<Collected, 'format' | 'encoding'> = {
    items: [],
    refs: [],
    rejected: [],
    skipped: [],
    duplicates: [],
  };
  for await (const e of events) {
    if (e.kind === 'item') {
      out.items.push(e.item);
      out.refs.push(e.ref);
    } else if (e.kind === 'rejected') out.rejected.push(e.issue);
    else if (e.kind === 'skipped')
      out.skipped.push(e.item ? { issue: e.issue, item: e.item } : { issue: e.issue });
    else out.duplicates.push({ record: e.record, ref: e.ref });
  }
  return out;
}

export async function collectFixture(name: string, options: ParseOptions = {}): Promise<Collected> {
  const parsed = await openExport({ path: fixturePath(name) }, options);
  return { format: parsed.format, encoding: parsed.encoding, ...(await collectEvents(parsed.events)) };
}

export async function collectBytes(
  bytes: Uint8Array | string,
  options: ParseOptions = {},
): Promise<Collected> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const parsed = await openExport({ bytes: data }, options);
  return { format: parsed.format, encoding: parsed.encoding, ...(await collectEvents(parsed.events)) };
}

export const readFixture = (name: string): Buffer => readFileSync(fixturePath(name));
