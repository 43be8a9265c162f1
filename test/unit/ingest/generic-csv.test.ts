import { describe, expect, it } from 'vitest';
import { FileRejectedError } from '../../../src/ingest/types.js';
import { collectBytes, collectFixture } from './collect.js';

describe('generic survey CSV', () => {
  it('reads the BOM + CRLF fixture with exact counts, records, dates and texts', async () => {
    const r = await collectFixture('generic-survey.csv');
    expect(r.format).toBe('generic-csv');
    expect(r.encoding).toBe('utf-8');
    expect(r.refs).toEqual(['r-001', 'r-002', 'r-006', 'r-008']);
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([
      [4, 'invalid_date'],
      [5, 'rating_out_of_scale'],
      [7, 'field_count'],
    ]);
    expect(r.skipped.map((s) => [s.issue.record, s.issue.ref, s.item?.rating])).toEqual([
      [3, 'r-003', { value: 7, scale: 'nps' }],
    ]);
    expect(r.duplicates).toEqual([{ record: 8, ref: 'r-002' }]);
    const [first, second, third] = r.items;
    expect(first?.text).toBe('Checkout was quick, and delivery arrived a day early 🎉');
    expect(first?.receivedAt).toBe('2026-01-05T09:15:00.000Z');
    expect(first?.segment).toEqual({ plan: 'pro', country: 'US' });
    expect(first?.customerId).toBe('c-1');
    expect(second?.text).toBe(
      'The app logs me out every time I switch screens.\nSupport said "it\'s a known issue" but nothing changed.',
    );
    expect(third?.language).toBe('es');
    expect(r.skipped[0]?.item?.receivedAt).toBe('2026-01-06T07:00:00.000Z');
    expect(r.items.every((i) => i.source === 'survey')).toBe(true);
  });

  it('names the impossible date in the rejection reason', async () => {
    const r = await collectFixture('generic-survey.csv');
    expect(r.rejected[0]?.reason).toMatch(/day 31 does not exist in month 2/);
  });

  it('hashes source, date and text into a stable id when there is no id column', async () => {
    const csv =
      'date,feedback\n2026-03-01,Slow delivery\n2026-03-01,Slow delivery\n2026-03-02,Great support\n';
    const a = await collectBytes(csv);
    const b = await collectBytes(csv);
    expect(a.refs).toEqual(b.refs);
    expect(a.refs[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.duplicates).toEqual([{ record: 2, ref: a.refs[0] }]);
    expect(a.items).toHaveLength(2);
  });

  it('uses a per-row source column and rejects an invalid source name', async () => {
    const csv =
      'id,date,text,source\n1,2026-03-01,Hello there,kiosk\n2,2026-03-01,Hi,Bad Source!\n3,2026-03-01,Hey,\n';
    const r = await collectBytes(csv, { sourceName: 'nightly' });
    expect(r.items.map((i) => i.source)).toEqual(['kiosk', 'nightly']);
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([[2, 'invalid_source']]);
  });

  it('reads a windows-1252 semicolon file with day-first dates, as Excel saves it', async () => {
    const text =
      'ID;Datum;Kommentar;Rating\r\n1;31/01/2026 14:05;Café zu laut, Lieferung ok;4\r\n2;03/02/2026 09:00;Très cher;2\r\n';
    const bytes = Uint8Array.from(
      [...text].map((c) => (c === 'é' ? 0xe9 : c === 'è' ? 0xe8 : c.charCodeAt(0))),
    );
    const r = await collectBytes(bytes, { columns: { date: 'Datum', text: 'Kommentar' } });
    expect(r.encoding).toBe('windows-1252');
    expect(r.items.map((i) => [i.receivedAt, i.text, i.rating?.scale])).toEqual([
      ['2026-01-31T14:05:00.000Z', 'Café zu laut, Lieferung ok', 'stars5'],
      ['2026-02-03T09:00:00.000Z', 'Très cher', 'stars5'],
    ]);
  });

  it('honours column flags over the alias lists', async () => {
    const csv = 'ref,when,note,text,tier\nA1,2026-05-01,the real text,ignore me,gold\n';
    const r = await collectBytes(csv, {
      columns: { id: 'ref', date: 'when', text: 'note', ratingScale: 'nps', segments: ['tier'] },
      segment: { team: 'emea' },
    });
    expect(r.items.map((i) => [i.externalId, i.text, i.segment])).toEqual([
      ['A1', 'the real text', { team: 'emea', tier: 'gold' }],
    ]);
  });

  it('rejects a whole file whose text column is missing, listing what it found', async () => {
    await expect(collectBytes('id,date,score\n1,2026-01-01,5\n')).rejects.toMatchObject({
      name: 'FileRejectedError',
      code: 'unknown_format',
    });
    await expect(collectBytes('id,date,score\n1,2026-01-01,5\n', { format: 'generic-csv' })).rejects.toThrow(
      /No a text column found among: id, date, score/,
    );
  });

  it('rejects duplicate header names as a file error', async () => {
    const error = await collectBytes('id,date,text,text\n1,2026-01-01,a,b\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect((error as FileRejectedError).code).toBe('duplicate_header');
  });

  it('rejects an unterminated quote as a file error with a line', async () => {
    const error = await collectBytes('id,date,text\n1,2026-01-01,"abc\n2,2026-01-02,def\n').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileRejectedError);
    expect((error as FileRejectedError).code).toBe('unterminated_quote');
    expect((error as FileRejectedError).line).toBeGreaterThanOrEqual(3);
  });
});
