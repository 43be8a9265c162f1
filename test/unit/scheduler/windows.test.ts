import { describe, expect, it } from 'vitest';
import { dueSlots, nextSlot, parseSchedule, ScheduleError } from '../../../src/scheduler/windows.js';

const utc = (s: string) => new Date(`${s}Z`);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString().slice(0, 16));
const opts = { limit: 14, lookbackDays: 31 };
const nightly = parseSchedule('0 2 * * *');

describe('due windows of a nightly schedule (UTC)', () => {
  it.each([
    ['a new source is due for the latest slot only', null, '2026-06-05T09:00', ['2026-06-05T02:00']],
    ['a new source before tonight gets last night', null, '2026-06-05T01:59', ['2026-06-04T02:00']],
    ['nothing is due twice', '2026-06-05T02:00', '2026-06-05T09:00', []],
    ['the slot itself is due at its minute', '2026-06-04T02:00', '2026-06-05T02:00', ['2026-06-05T02:00']],
    [
      'missed nights are all due, oldest first',
      '2026-06-01T02:00',
      '2026-06-04T03:00',
      ['2026-06-02T02:00', '2026-06-03T02:00', '2026-06-04T02:00'],
    ],
  ])('%s', (_name, last, now, expected) => {
    expect(iso(dueSlots(nightly, last ? utc(last) : null, utc(now), opts))).toEqual(expected);
  });

  it('catch-up keeps the newest windows up to the limit', () => {
    const slots = dueSlots(nightly, utc('2026-01-01T02:00'), utc('2026-06-30T12:00'), {
      limit: 3,
      lookbackDays: 31,
    });
    expect(iso(slots)).toEqual(['2026-06-28T02:00', '2026-06-29T02:00', '2026-06-30T02:00']);
  });

  it('weekday and multi-slot schedules', () => {
    const mondays = parseSchedule('30 1 * * 1');
    expect(iso(dueSlots(mondays, utc('2026-06-01T01:30'), utc('2026-06-16T00:00'), opts))).toEqual([
      '2026-06-08T01:30',
      '2026-06-15T01:30',
    ]);
    const twice = parseSchedule('0 2,14 * * *');
    expect(iso(dueSlots(twice, utc('2026-06-01T02:00'), utc('2026-06-02T03:00'), opts))).toEqual([
      '2026-06-01T14:00',
      '2026-06-02T02:00',
    ]);
    expect(nextSlot(twice, utc('2026-06-02T03:00'))?.toISOString()).toBe('2026-06-02T14:00:00.000Z');
  });

  it.each(['0 0 2 * * *', '0 2 L * *', 'not a cron'])(
    'rejects %s with a message naming NIGHTLY_CRON',
    (expr) => {
      expect(() => parseSchedule(expr)).toThrow(ScheduleError);
      expect(() => parseSchedule(expr)).toThrow(/NIGHTLY_CRON/);
    },
  );
});
