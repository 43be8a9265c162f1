// Nightly windows from the cron expression, in UTC. Pure: a window is the slot at which the cron
// fires; the run of a window pulls whatever is new since the source's cursor. node-cron never
// replays missed slots, so the scheduler asks this module which slots are due.
import { parse } from 'node-cron';

export interface Schedule {
  expression: string;
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
}

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

const DAY_MS = 86_400_000;

/** A 5-field cron expression (minute hour day-of-month month day-of-week), read as UTC. */
export function parseSchedule(expression: string): Schedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new ScheduleError(
      `NIGHTLY_CRON "${expression}" must have 5 fields (minute hour day month weekday), e.g. "0 2 * * *".`,
    );
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (error) {
    throw new ScheduleError(
      `NIGHTLY_CRON "${expression}" is not a cron expression: ${(error as Error).message}`,
    );
  }
  const numbers = (values: readonly (number | string)[], what: string) => {
    if (values.some((v) => typeof v !== 'number')) {
      throw new ScheduleError(`NIGHTLY_CRON "${expression}": ${what} modifiers (L, W, #) are not supported.`);
    }
    return values as number[];
  };
  return {
    expression,
    minutes: [...parsed.minute].sort((a, b) => a - b),
    hours: [...parsed.hour].sort((a, b) => a - b),
    daysOfMonth: new Set(numbers(parsed.dayOfMonth, 'day-of-month')),
    months: new Set(parsed.month),
    daysOfWeek: new Set(numbers(parsed.dayOfWeek, 'day-of-week').map((d) => d % 7)),
  };
}

function dayMatches(schedule: Schedule, day: Date): boolean {
  return (
    schedule.months.has(day.getUTCMonth() + 1) &&
    schedule.daysOfMonth.has(day.getUTCDate()) &&
    schedule.daysOfWeek.has(day.getUTCDay())
  );
}

/** The slots of one UTC day (midnight given), ascending. */
function slotsOfDay(schedule: Schedule, midnight: number): number[] {
  if (!dayMatches(schedule, new Date(midnight))) return [];
  return schedule.hours.flatMap((h) => schedule.minutes.map((m) => midnight + h * 3_600_000 + m * 60_000));
}

/**
 * The slots that are due: after `last` (exclusive) up to `now` (inclusive), at most `limit`, the
 * newest kept. Without a `last` (a new source) only the latest slot is due, so a new source is
 * pulled on the scheduler's first tick. The search looks back at most `lookbackDays`.
 */
export function dueSlots(
  schedule: Schedule,
  last: Date | null,
  now: Date,
  options: { limit: number; lookbackDays: number },
): Date[] {
  const end = now.getTime();
  const floor = end - options.lookbackDays * DAY_MS;
  const start = Math.max(last === null ? floor : last.getTime() + 1, floor);
  const want = last === null ? 1 : options.limit;
  const found: number[] = [];
  for (
    let midnight = end - (end % DAY_MS);
    midnight >= start - DAY_MS && found.length < want;
    midnight -= DAY_MS
  ) {
    const day = slotsOfDay(schedule, midnight).filter((t) => t >= start && t <= end);
    found.unshift(...day.slice(-(want - found.length)));
  }
  return found.map((t) => new Date(t));
}

/** The next slot strictly after `now` (for the start-up log line), within a year. */
export function nextSlot(schedule: Schedule, now: Date): Date | null {
  const from = now.getTime();
  for (let midnight = from - (from % DAY_MS), i = 0; i < 366; midnight += DAY_MS, i++) {
    const next = slotsOfDay(schedule, midnight).find((t) => t > from);
    if (next !== undefined) return new Date(next);
  }
  return null;
}
