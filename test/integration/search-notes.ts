// Notes written to test verbatim search: two generic CSV files, source notes-a (segment desk:pro)
// and notes-b (desk:free), with the words close together or far apart, markup, and a formula.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../../src/pipeline/ingest-file.js';
import type { TestWorkers } from './api-helpers.js';

export const NOTES_A = [
  [
    'a-1',
    '2026-03-02',
    'The delivery was late, late again, and the courier never called. Delivery is always late.',
  ],
  ['a-3', '2026-03-04', "<script>alert('x')</script> the parcel delivery was late & broken <b>bold</b>"],
  ['a-4', '2026-03-05', '=HYPERLINK("http://example.com") late delivery, refund please'],
  ['a-5', '2026-03-20', 'Login was slow and the password reset never came.'],
  [
    'a-6',
    '2026-03-06',
    'The delivery man was friendly, although the weather made everything in the evening and the rest of the week late.',
  ],
];
export const NOTES_B = [
  ['b-1', '2026-03-02', 'My delivery was late by two days.'],
  ['b-2', '2026-04-10', 'Late delivery once more: delivery late, late delivery.'],
];

/** Two small generic CSV files: source notes-a (desk pro) and notes-b (desk free). */
export async function ingestNotes(rt: TestWorkers['rt']): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'painmap-notes-'));
  const ids: number[] = [];
  for (const [name, desk, notes] of [
    ['notes-a', 'pro', NOTES_A],
    ['notes-b', 'free', NOTES_B],
  ] as const) {
    const path = join(dir, `${name}.csv`);
    const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
    writeFileSync(
      path,
      `id,created_at,comment\n${notes.map(([id, day, text]) => `${id},${day}T10:00:00Z,${quote(text!)}`).join('\n')}\n`,
    );
    ids.push((await ingestFile(rt, { path, options: { sourceName: name, segment: { desk } } })).runId);
  }
  return ids;
}
