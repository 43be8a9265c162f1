// Date parsing for export cells: explicit formats, honour stated zones, store UTC, never roll over.

export type DateResult = { ok: true; iso: string } | { ok: false; code: string; reason: string };

export interface DateOptions {
  /** Zone for cells that carry none: `UTC`, an IANA name (`America/Denver`) or an offset (`+01:00`). */
  zone?: string;
  /** Read ambiguous numeric dates (03/04/2026) day first. */
  dayFirst?: boolean;
}

const NUMERIC =
  /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:(?:[ T]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([AaPp]\.?[Mm]\.?)?\s*(Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT)?$/;
const EPOCH = /^\d{9,13}(?:\.\d+)?$/;
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

const fail = (code: string, reason: string): DateResult => ({ ok: false, code, reason });

/** Parses one date cell into an ISO-8601 UTC instant, or says why it cannot be trusted. */
export function parseDate(raw: string, options: DateOptions = {}): DateResult {
  const text = raw.trim();
  if (text === '') return fail('missing_date', 'the date is empty');
  if (EPOCH.test(text)) return parseEpoch(Number(text));
  const m = NUMERIC.exec(text);
  if (!m) return fail('invalid_date', `"${clip(text)}" is not a date format painmap reads`);
  const [, a, b, c, hh, mi, ss, frac, ampm, zoneText] = m;
  const ymd = orderParts(a!, b!, c!, options.dayFirst);
  if (!ymd) return fail('invalid_date', `"${clip(text)}" has no four-digit year`);
  const [year, month, day] = ymd;
  let hour = hh === undefined ? 0 : Number(hh);
  if (ampm) {
    if (hour < 1 || hour > 12) return fail('invalid_date', `"${clip(text)}" has hour ${hour} with AM/PM`);
    const pm = ampm[0] === 'p' || ampm[0] === 'P';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const minute = mi === undefined ? 0 : Number(mi);
  const second = ss === undefined ? 0 : Number(ss);
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const problem = checkFields(year, month, day, hour, minute, second);
  if (problem) return fail('invalid_date', `"${clip(text)}": ${problem}`);
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offset = zoneText ? parseOffset(zoneText) : zoneOffset(options.zone ?? 'UTC', local);
  if (offset === null) return fail('invalid_date', `"${clip(text)}" has an unreadable time zone`);
  return { ok: true, iso: new Date(local - offset * 60_000).toISOString() };
}

/** Unix seconds or milliseconds, as numbers (Delighted, Intercom, Amazon) or digit strings (Play). */
export function parseEpoch(value: number): DateResult {
  if (!Number.isFinite(value) || value <= 0) return fail('invalid_date', `${value} is not a Unix time`);
  const ms = value >= 1e11 ? value : value * 1000;
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return fail('date_out_of_range', `${value} falls in year ${year}`);
  return { ok: true, iso: date.toISOString() };
}

function orderParts(a: string, b: string, c: string, dayFirst?: boolean): [number, number, number] | null {
  if (a.length === 4) return [Number(a), Number(b), Number(c)];
  if (c.length !== 4) return null;
  const first = Number(a);
  const second = Number(b);
  if (first > 12 && second <= 12) return [Number(c), second, first];
  if (second > 12 && first <= 12) return [Number(c), first, second];
  return dayFirst ? [Number(c), second, first] : [Number(c), first, second];
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkFields(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return `year ${y} is outside ${MIN_YEAR}-${MAX_YEAR}`;
  if (mo < 1 || mo > 12) return `month ${mo} does not exist`;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const last = mo === 2 && leap ? 29 : (DAYS[mo - 1] ?? 31);
  if (d < 1 || d > last) return `day ${d} does not exist in month ${mo} of ${y}`;
  if (h > 23 || mi > 59 || s > 59) return `time ${h}:${mi}:${s} does not exist`;
  return null;
}

/** `Z`, `UTC`, `GMT`, `+01:00`, `-0800`, `GMT+1`, `GMT-3:30` → minutes east of UTC. */
export function parseOffset(text: string): number | null {
  const t = text.replace(/\s+/g, '').toUpperCase();
  if (t === 'Z' || t === 'UTC' || t === 'GMT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(t);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Whether a zone name or offset can be used (checked once per file, e.g. Qualtrics row 3). */
export function isKnownZone(zone: string): boolean {
  return parseOffset(zone) !== null || formatterFor(zone) !== null;
}

/** Offset in minutes of `zone` for a wall-clock time given as if it were UTC. */
function zoneOffset(zone: string, localAsUtc: number): number | null {
  const fixed = parseOffset(zone);
  if (fixed !== null) return fixed;
  const f = formatterFor(zone);
  if (!f) return null;
  const first = offsetAt(f, localAsUtc);
  const second = offsetAt(f, localAsUtc - first * 60_000);
  return second;
}

function offsetAt(f: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** Looks at sample cells: a first part over 12 means day first, a second part over 12 month first. */
export function inferDayFirst(values: readonly string[]): boolean | undefined {
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(v);
    if (!m) continue;
    if (Number(m[1]) > 12) return true;
    if (Number(m[2]) > 12) return false;
  }
  return undefined;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
