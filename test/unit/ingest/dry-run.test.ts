import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDryRun } from '../../../src/cli/dry-run.js';
import { fixturePath } from './collect.js';

function capture(): { out: Writable; text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

describe('dry run', () => {
  it('prints exactly one JSON object with counts, issues and tagged items', async () => {
    const { out, text } = capture();
    const code = await runDryRun(fixturePath('zendesk-incremental-tickets.json'), {}, out, true);
    expect(code).toBe(0);
    const report = JSON.parse(text());
    expect(report.format).toBe('zendesk-json');
    expect(report.counts).toEqual({ valid: 4, rejected: 2, skipped: 1, duplicates: 1 });
    expect(report.rejected.map((r: { record: number }) => r.record)).toEqual([4, 7]);
    const csat = report.items.find((i: { ref: string }) => i.ref === '35436#csat');
    expect(csat).toMatchObject({
      record: 1,
      createdAt: '2026-02-05T10:00:00.000Z',
      rating: { value: 0, scale: 'csat2' },
    });
    expect(Object.keys(csat).sort()).toEqual([
      'channel',
      'createdAt',
      'language',
      'languageNote',
      'mentions',
      'question',
      'rating',
      'record',
      'ref',
      'segment',
      'sentiment',
      'stage',
      'text',
      'touchpoint',
    ]);
    expect(typeof csat.sentiment.label).toBe('string');
  });

  it('prints a human summary, and exit code 2 with the error code for a rejected file', async () => {
    const summary = capture();
    expect(await runDryRun(fixturePath('trustpilot-reviews.csv'), {}, summary.out, false)).toBe(0);
    expect(summary.text()).toMatch(/3 valid, 2 rejected, 1 skipped, 1 duplicates/);
    const rejected = capture();
    expect(
      await runDryRun(fixturePath('google-forms-responses.csv'), { maxRecords: 2 }, rejected.out, true),
    ).toBe(2);
    expect(JSON.parse(rejected.text()).error.code).toBe('too_many_records');
  });

  it('--json prints the column plan: which column became what, and why', async () => {
    const { out, text } = capture();
    expect(await runDryRun(fixturePath('excel-french-survey.csv'), {}, out, true)).toBe(0);
    const report = JSON.parse(text());
    expect(report.columns.map((c: { header: string; role: string }) => [c.header, c.role])).toEqual([
      ['Date', 'date'],
      ['Magasin', 'segment'],
      ['Note (sur 10)', 'rating'],
      ['Commentaire', 'text'],
    ]);
    expect(report.columns[3].why).toMatch(/open answers: [\d.]+ words on average/);
    const summary = capture();
    await runDryRun(fixturePath('typeform-long-survey.csv'), {}, summary.out, false);
    expect(summary.text()).toMatch(
      /column 2 "Do you currently use a budgeting app\?": segment \(.*never a rating/,
    );
  });
});
