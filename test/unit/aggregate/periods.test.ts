import { describe, expect, it } from 'vitest';
import {
  addDays,
  bucketOf,
  bucketsBefore,
  daysBetween,
  lastWholeBucket,
  previousPeriod,
} from '../../../src/aggregate/periods.js';

describe('analysis periods in UTC', () => {
  it.each([
    ['week', '2026-06-07', { from: '2026-06-01', to: '2026-06-07' }], // a Sunday ends its week
    ['week', '2026-06-08', { from: '2026-06-01', to: '2026-06-07' }], // a Monday: the week before
    ['week', '2026-06-10', { from: '2026-06-01', to: '2026-06-07' }],
    ['month', '2026-05-31', { from: '2026-05-01', to: '2026-05-31' }],
    ['month', '2026-06-15', { from: '2026-05-01', to: '2026-05-31' }],
    ['month', '2024-03-01', { from: '2024-02-01', to: '2024-02-29' }],
    ['day', '2026-06-10', { from: '2026-06-10', to: '2026-06-10' }],
  ] as const)('the last whole %s as of %s', (bucket, asOf, expected) => {
    expect(lastWholeBucket(bucket, asOf)).toEqual(expected);
  });

  it('lists the buckets before a period, oldest first', () => {
    expect(bucketsBefore('week', { from: '2026-06-01', to: '2026-06-07' }, 2)).toEqual([
      { from: '2026-05-18', to: '2026-05-24' },
      { from: '2026-05-25', to: '2026-05-31' },
    ]);
    expect(bucketsBefore('month', bucketOf('month', '2026-03-10'), 1)).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
    ]);
  });

  it('counts days and steps back one period of the same length', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(4);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(0);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(previousPeriod({ from: '2026-06-01', to: '2026-06-07' })).toEqual({
      from: '2026-05-25',
      to: '2026-05-31',
    });
  });
});
