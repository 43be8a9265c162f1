import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/ingest/index.js';
import { FileRejectedError, type ParseOptions } from '../../../src/ingest/types.js';
import { collectBytes, collectEvents } from './collect.js';

async function rejection(bytes: Uint8Array | string, options: ParseOptions = {}): Promise<FileRejectedError> {
  const error = await collectBytes(bytes, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FileRejectedError);
  return error as FileRejectedError;
}

const CSV = 'id,date,text\r\n1,2026-01-01,first\r\n2,2026-01-02,second\r\n';

describe('bad input', () => {
  it('reads a UTF-8 BOM header as `id`, not `\\ufeffid`', async () => {
    const r = await collectBytes(`\ufeff${CSV}`);
    expect(r.refs).toEqual(['1', '2']);
  });

  it('reads UTF-16BE with a BOM and rejects UTF-16 without one', async () => {
    const be = await collectBytes(iconv.encode(CSV, 'utf-16be', { addBOM: true }));
    expect([be.encoding, be.refs]).toEqual(['utf-16be', ['1', '2']]);
    expect((await rejection(iconv.encode(CSV, 'utf-16le'))).code).toBe('unsupported_encoding');
  });

  it('rejects invalid UTF-8 after a valid start with its line', async () => {
    const head = `id,date,text\n${'1,2026-01-01,fine\n'.repeat(20000)}`;
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0x32, 0x2c, 0xff, 0xfe, 0x0a])]);
    const error = await rejection(bytes);
    expect([error.code, error.line]).toEqual(['invalid_utf8', 20002]);
  });

  it('counts records the same with mixed CRLF, LF and CR line endings', async () => {
    const r = await collectBytes('id,date,text\r\n1,2026-01-01,a\n2,2026-01-02,"b\r\nc"\r3,2026-01-03,d\n');
    expect(r.items.map((i) => i.text)).toEqual(['a', 'b\nc', 'd']);
  });

  it('rejects NUL bytes, binary files, empty and header-only files as whole files', async () => {
    expect((await rejection('id,date,text\n1,2026-01-01,a\u0000b\n')).code).toBe('nul_byte');
    expect((await rejection(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).code).toBe(
      'binary_data',
    );
    expect((await rejection(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).message).toMatch(/xlsx/);
    expect((await rejection('')).code).toBe('empty_file');
    expect((await rejection('id,date,text\r\n')).code).toBe('no_data_rows');
  });

  it('enforces the byte, record and record-size caps as file errors', async () => {
    expect((await rejection(CSV, { maxBytes: 10 })).code).toBe('too_large');
    expect((await rejection(CSV, { maxRecords: 1 })).code).toBe('too_many_records');
    const error = await rejection(`id,date,text\n1,2026-01-01,${'x'.repeat(5000)}\n`, {
      maxRecordBytes: 1000,
    });
    expect([error.code, error.line]).toEqual(['record_too_large', 2]);
  });

  it('sniffs tab and semicolon delimiters instead of importing one column', async () => {
    expect((await collectBytes('id\tdate\ttext\n1\t2026-01-01\ta, b\n')).items[0]?.text).toBe('a, b');
    expect((await collectBytes('id;date;text\n1;2026-01-01;a, b\n')).items[0]?.text).toBe('a, b');
  });

  it('rejects dates out of range, impossible times and non-numeric ratings row by row', async () => {
    const r = await collectBytes(
      'id,date,text,rating\n1,0001-01-01,a,3\n2,99999-01-01,b,3\n3,2026-01-01 25:00,c,3\n4,2026-01-01,d,NaN\n5,2026-01-01,e,4\n',
    );
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([
      [1, 'invalid_date'],
      [2, 'invalid_date'],
      [3, 'invalid_date'],
      [4, 'rating_out_of_scale'],
    ]);
    expect(r.refs).toEqual(['5']);
  });

  it('rejects a broken JSON document with its line, and a JSON Lines line as one record', async () => {
    const error = await rejection('[\n{"id":"1","survey_type":"nps","score":3,\n"comment":}\n]');
    expect([error.code, error.line]).toEqual(['invalid_json', 3]);
  });

  it('stores __proto__ keys as data and never pollutes prototypes', async () => {
    const line =
      '{"review_id":"a","business_id":"b","stars":4,"text":"ok then","date":"2026-01-01 10:00:00","__proto__":{"polluted":1}}';
    const r = await collectBytes(`${line}\n${line.replace('"a"', '"c"')}\n`);
    expect(r.items).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a record nested thousands of levels deep by itself, keeping the records around it', async () => {
    const good = (id: string) =>
      `{"review_id":"${id}","business_id":"b","stars":4,"text":"ok then","date":"2026-01-01 10:00:00"}`;
    const deep = `{"review_id":"d","business_id":"b","stars":1,"text":"x","date":"2026-01-01 10:00:00","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const r = await collectBytes(`${good('a')}\n${deep}\n${good('c')}\n`);
    expect(r.items.map((i) => i.externalId)).toEqual(['a', 'c']);
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([[2, 'too_deep']]);
  });

  it('turns a record that is not an object into a rejected record', async () => {
    const r = await collectBytes(
      '[{"id":"1","survey_type":"nps","score":3,"comment":"x","created_at":1767225600}, 42]',
    );
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([[2, 'invalid_record']]);
  });

  it('explains an unknown layout with the formats tried and the column flags', async () => {
    const error = await rejection('foo,bar\n1,2\n');
    expect(error.code).toBe('unknown_format');
    expect(error.message).toMatch(/surveymonkey, qualtrics, typeform/);
    expect(error.message).toMatch(/--text-column NAME --date-column NAME/);
    expect((await rejection('[{"foo":1}]')).message).toMatch(/keys: foo/);
  });

  it('lets --source force a format and names an unknown one', async () => {
    const parsed = await openExport(
      {
        bytes: new TextEncoder().encode(
          'Review ID,Review Created (UTC),Review Content\nA,2026-01-01 10:00:00,Fine\n',
        ),
      },
      {
        format: 'generic-csv',
        columns: { text: 'Review Content', date: 'Review Created (UTC)', id: 'Review ID' },
      },
    );
    expect(parsed.format).toBe('generic-csv');
    expect((await collectEvents(parsed.events)).refs).toEqual(['A']);
    expect((await rejection(CSV, { format: 'myspace' })).code).toBe('unknown_format');
  });
});
