import { describe, expect, it } from 'vitest';
import { choiceOf, paramsFor, periodChoices } from '../../../web/src/period-choices.js';

describe('the journey period picker', () => {
  it('offers rolling weeks, the months with data newest first, and custom dates', () => {
    const values = periodChoices('2026-02-23', '2026-08-23').map((c) => c.value);
    expect(values).toEqual([
      'weeks:4',
      'weeks:13',
      'weeks:26',
      'weeks:52',
      'month:2026-08',
      'month:2026-07',
      'month:2026-06',
      'month:2026-05',
      'month:2026-04',
      'month:2026-03',
      'month:2026-02',
      'custom',
    ]);
    expect(periodChoices('2025-11-03', '2026-01-10').find((c) => c.value === 'month:2025-12')?.label).toBe(
      'December 2025',
    );
    expect(periodChoices(null, null).map((c) => c.value)).toEqual([
      'weeks:4',
      'weeks:13',
      'weeks:26',
      'weeks:52',
      'custom',
    ]);
  });

  it.each([
    ['', 'weeks:13'],
    ['weeks=4', 'weeks:4'],
    ['from=2026-06-01&to=2026-06-30', 'month:2026-06'],
    ['from=2026-02-01&to=2026-02-28', 'month:2026-02'],
    ['from=2026-06-01&to=2026-06-29', 'custom'],
    ['from=2026-06-02&to=2026-06-30', 'custom'],
  ])('reads %j as %s', (query, choice) => {
    expect(choiceOf(new URLSearchParams(query))).toBe(choice);
  });

  it('writes each choice back to the address it reads', () => {
    const shown = { from: '2026-05-25', to: '2026-08-23' };
    for (const choice of ['weeks:4', 'weeks:13', 'month:2026-06', 'month:2026-02']) {
      const changes = paramsFor(choice, shown);
      const params = new URLSearchParams(
        Object.entries(changes).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      expect(choiceOf(params)).toBe(choice);
    }
    expect(paramsFor('weeks:13', shown)).toEqual({ weeks: null, from: null, to: null });
    expect(paramsFor('custom', shown)).toEqual({ weeks: null, from: '2026-05-25', to: '2026-08-23' });
  });
});
