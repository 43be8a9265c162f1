// Pure: the journey page's period picker. The address holds either `weeks` (the last N whole weeks
// with data, so a link stays "the latest quarter") or `from` and `to` (a calendar month or any dates).
import type { ParamChanges } from './router.js';

export const DEFAULT_WEEKS = 13;
const WEEKS = [4, 13, 26, 52];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface Choice {
  value: string;
  label: string;
}

const lastDayOf = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/** Rolling weeks, the calendar months with data (newest first, at most 12), and custom dates. */
export function periodChoices(first: string | null, last: string | null): Choice[] {
  const choices = WEEKS.map((n) => ({ value: `weeks:${n}`, label: `Last ${n} weeks` }));
  if (first && last) {
    let [year, month] = last.split('-').map(Number) as [number, number];
    const stop = first.slice(0, 7);
    for (let i = 0; i < 12; i++) {
      const key = `${year}-${String(month).padStart(2, '0')}`;
      if (key < stop) break;
      choices.push({ value: `month:${key}`, label: `${MONTHS[month - 1]} ${year}` });
      [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
    }
  }
  return [...choices, { value: 'custom', label: 'Custom dates…' }];
}

/** The picker's value for an address. */
export function choiceOf(params: URLSearchParams): string {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    const [year, month] = from.split('-').map(Number) as [number, number];
    return from.endsWith('-01') && to === lastDayOf(year, month) ? `month:${from.slice(0, 7)}` : 'custom';
  }
  return `weeks:${params.get('weeks') ?? DEFAULT_WEEKS}`;
}

/** The address for a picked value; custom dates start from the period on screen. */
export function paramsFor(choice: string, shown: { from: string; to: string } | null): ParamChanges {
  if (choice.startsWith('weeks:')) {
    const weeks = Number(choice.slice(6));
    return { weeks: weeks === DEFAULT_WEEKS ? null : String(weeks), from: null, to: null };
  }
  if (choice.startsWith('month:')) {
    const [year, month] = choice.slice(6).split('-').map(Number) as [number, number];
    return { weeks: null, from: `${choice.slice(6)}-01`, to: lastDayOf(year, month) };
  }
  return { weeks: null, from: shown?.from ?? null, to: shown?.to ?? null };
}
