import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type OutputOptions, writeReport } from '../../src/cli/options.js';

const render = { csv: (r: { n: number }) => `n\n${r.n}`, text: (r: { n: number }) => `${r.n} found` };

function printed(report: { n: number } | null, options: OutputOptions): string {
  const out = new PassThrough();
  writeReport(out, report, options, render);
  return String(out.read() ?? '');
}

describe('the --json / --csv output of the report commands', () => {
  it.each([
    ['JSON when --json is given, even with --csv', { n: 3 }, { json: true, csv: true }, '{"n":3}\n'],
    ['the CSV table with --csv', { n: 3 }, { csv: true }, 'n\n3\n'],
    ['the text without either', { n: 3 }, {}, '3 found\n'],
    ['JSON null for no report with --json', null, { json: true }, 'null\n'],
  ])('prints %s', (_, report, options, expected) => {
    expect(printed(report, options)).toBe(expected);
  });

  it('says what to do instead of printing an empty CSV or text when there is no report', () => {
    const line = 'No aggregated feedback yet: ingest some files first (or try `painmap demo`).\n';
    expect(printed(null, { csv: true })).toBe(line);
    expect(printed(null, {})).toBe(line);
  });
});
