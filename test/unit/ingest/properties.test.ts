import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../../src/ingest/csv-records.js';
import { decodeChunks } from '../../../src/ingest/decode.js';
import { openExport } from '../../../src/ingest/index.js';
import { FileRejectedError } from '../../../src/ingest/types.js';

/** RFC 4180: every field quoted, quotes doubled, CRLF between records. */
function toRfc4180(table: string[][]): string {
  return table.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n') + '\r\n';
}

async function readBack(bytes: Uint8Array): Promise<string[][]> {
  async function* chunks() {
    // Small chunks so that multi-byte characters and quotes straddle chunk boundaries.
    for (let i = 0; i < bytes.length; i += 7) yield Buffer.from(bytes.subarray(i, i + 7));
  }
  const rows: string[][] = [];
  for await (const r of readCsvRecords(decodeChunks(chunks(), 'utf-8'), { delimiter: ',' })) rows.push(r);
  return rows;
}

const cellText = fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\0'));
const tables = fc
  .integer({ min: 1, max: 5 })
  .chain((width) =>
    fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
  );

/** Drains an export; only a FileRejectedError may escape. */
async function drain(bytes: Uint8Array): Promise<string> {
  try {
    const parsed = await openExport({ bytes });
    let n = 0;
    for await (const _ of parsed.events) n++;
    return `events:${n}`;
  } catch (error) {
    if (error instanceof FileRejectedError) return `rejected:${error.code}`;
    throw error;
  }
}

const csvAlphabet = fc.constantFrom(
  'id',
  'date',
  'text',
  'rating',
  '#',
  'Submit Date (UTC)',
  'Respondent ID',
  'Collector ID',
  ',',
  ';',
  '\t',
  '"',
  '""',
  '\n',
  '\r\n',
  '\r',
  '2026-01-01',
  '31/02/2026',
  '5',
  'x',
  ' ',
  '{',
  '}',
  '[',
  ']',
  ':',
  '"review_id"',
  '\u00e9',
  '😀',
);

describe('parser properties', () => {
  it('parses any table of Unicode strings written as RFC 4180 CSV back equal', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (table) => {
        const rows = await readBack(new TextEncoder().encode(toRfc4180(table)));
        expect(rows).toEqual(table);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('turns random bytes into typed errors or events, never a crash or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        expect(await drain(bytes)).toMatch(/^(events|rejected):/);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('turns random CSV-like and JSON-like text into typed errors or events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvAlphabet, { maxLength: 80 }), async (parts) => {
        expect(await drain(new TextEncoder().encode(parts.join('')))).toMatch(/^(events|rejected):/);
      }),
      { numRuns: 1000 },
    );
  }, 120_000);
});
