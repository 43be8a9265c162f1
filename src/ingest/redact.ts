// Pure: personal data in feedback text becomes typed placeholders (`[email]`, `[phone]`, …) before
// anything is stored. Checks come from well-kept libraries where they exist: libphonenumber-js
// (Google's phone metadata) for phones, ibantools for IBAN country formats and mod-97; the Luhn
// check is a few lines. A look-alike that fails its check (a 16-digit order number, a mistyped
// IBAN) is kept, so tagging still sees it.
import { isValidIBAN } from 'ibantools';
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { FeedbackInput } from '../domain.js';
import type { ParseEvent, RecordIssue } from './types.js';

export const REDACT_KINDS = ['email', 'phone', 'card', 'iban', 'national-id', 'url-token'] as const;
export type RedactKind = (typeof REDACT_KINDS)[number];
export const DEFAULT_REDACT: readonly RedactKind[] = REDACT_KINDS;

/** Regions whose national phone forms (`020 7946 0958`, `(415) 555-2671`) are found without a `+`. */
export const NATIONAL_PHONE_REGIONS = ['GB', 'US'] as const;

/** Query parameter names whose value is a credential: `?token=…`, `&sig=…`, `api_key=…`. */
const TOKEN_PARAM =
  /(token|key|sig|signature|session|sess|sid|auth|password|passwd|pwd|secret|code|credential)/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
/** IBANs as printed (groups of four) or run together: 2 letters, 2 check digits, 11–30 more. */
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
/** 13–19 digits, single spaces or dashes between them; never after a `+` (that is a phone number). */
const CARD = /(?<![\w+-])\d(?:[ -]?\d){12,18}(?![\w-])/g;

/**
 * National id numbers in the forms we can check: a US Social Security number written `123-45-6789`
 * (area 001–899 but not 666, group 01–99, serial 0001–9999; nine digits run together are too often an
 * order number to take), and a UK National Insurance number `JG 12 34 56 C` (HMRC's prefix rules:
 * neither letter D, F, I, Q, U or V, the second not O, not BG, GB, KN, NK, NT, TN or ZZ; suffix A–D).
 */
const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g;
const NINO = /\b([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b/g;
const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export function ssnValid(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a > 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

export function ninoValid(prefix: string): boolean {
  return (
    !/[DFIQUV]/.test(prefix) && prefix[1] !== 'O' && !NINO_BAD_PREFIX.has(prefix) && /^[A-Z]{2}$/.test(prefix)
  );
}

function nationalIdSpans(text: string): Span[] {
  const ssn = [...text.matchAll(SSN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    placeholder: ssnValid(m[1]!, m[2]!, m[3]!) ? '[national-id]' : null,
  }));
  const nino = [...text.matchAll(NINO)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    placeholder: ninoValid(m[1]!) ? '[national-id]' : null,
  }));
  return [...ssn, ...nino];
}

/** A stretch of the text: replaced by a placeholder, or (a look-alike that failed its check) kept as is. */
interface Span {
  start: number;
  end: number;
  placeholder: string | null;
}

/**
 * Replaces the kinds asked for. Every detector reads the original text; an earlier one wins an
 * overlap (a token URL over the e-mail in it, an IBAN over the digits in it), and a look-alike
 * that fails its check still claims its stretch, so no later detector redacts part of it.
 */
export function redactText(text: string, kinds: readonly RedactKind[]): string {
  if (kinds.length === 0 || text === '') return text;
  const spans: Span[] = [];
  const claim = (span: Span) => {
    if (!spans.some((s) => span.start < s.end && s.start < span.end)) spans.push(span);
  };
  if (kinds.includes('url-token')) urlTokenSpans(text).forEach(claim);
  if (kinds.includes('email')) matchSpans(text, EMAIL, () => '[email]').forEach(claim);
  if (kinds.includes('iban')) ibanSpans(text).forEach(claim);
  if (kinds.includes('national-id')) nationalIdSpans(text).forEach(claim);
  if (kinds.includes('card'))
    matchSpans(text, CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? '[card]' : null)).forEach(claim);
  if (kinds.includes('phone')) phoneSpans(text).forEach(claim);
  let out = '';
  let at = 0;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    if (span.placeholder === null) continue;
    out += text.slice(at, span.start) + span.placeholder;
    at = span.end;
  }
  return out + text.slice(at);
}

function matchSpans(text: string, re: RegExp, placeholder: (match: string) => string | null): Span[] {
  return [...text.matchAll(re)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    placeholder: placeholder(m[0]),
  }));
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A printed IBAN may be followed by a short word in capitals: the match, or it without its last group. */
function ibanSpans(text: string): Span[] {
  return [...text.matchAll(IBAN)].map((m) => {
    const start = m.index;
    const match = m[0];
    if (isValidIBAN(match.replace(/ /g, '')))
      return { start, end: start + match.length, placeholder: '[iban]' };
    const cut = match.lastIndexOf(' ');
    if (cut > 0 && isValidIBAN(match.slice(0, cut).replace(/ /g, ''))) {
      return { start, end: start + cut, placeholder: '[iban]' };
    }
    return { start, end: start + match.length, placeholder: null };
  });
}

/** The value of every token-like query parameter of every URL. */
function urlTokenSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0];
    const q = url.indexOf('?');
    if (q < 0) continue;
    const hash = url.indexOf('#', q);
    const query = url.slice(q + 1, hash < 0 ? url.length : hash);
    let at = m.index + q + 1;
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1 && TOKEN_PARAM.test(pair.slice(0, eq))) {
        spans.push({ start: at + eq + 1, end: at + pair.length, placeholder: '[url-token]' });
      }
      at += pair.length + 1;
    }
  }
  return spans;
}

/**
 * Phone numbers, sentence by sentence: on a whole text libphonenumber's matcher can read two numbers in
 * a row as one candidate and then take neither ("+34 612 34 17 42. 07400 120655." missed the UK number),
 * and a phone number never holds a punctuation mark followed by a space.
 */
function phoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const part of text.matchAll(/[^.!?;,\n]+(?:[.!?;,](?!\s|$)[^.!?;,\n]*)*/g)) {
    const chunk = part[0];
    if (!/\d/.test(chunk)) continue;
    const found = [
      ...findPhoneNumbersInText(chunk),
      ...NATIONAL_PHONE_REGIONS.flatMap((region) => findPhoneNumbersInText(chunk, region)),
    ];
    for (const f of found)
      spans.push({ start: part.index + f.startsAt, end: part.index + f.endsAt, placeholder: '[phone]' });
  }
  return spans;
}

const PLACEHOLDER = /\[(?:email|phone|card|iban|national-id|url-token)\]/g;

/**
 * The text as the tagger reads it: each placeholder blanked to spaces of its length, so offsets
 * still point into the stored text but `[email]` never reads as the e-mail touchpoint.
 */
export function blankPlaceholders(text: string): string {
  return text.includes('[') ? text.replace(PLACEHOLDER, (m) => ' '.repeat(m.length)) : text;
}

/**
 * Reads a kinds list (`email,phone`, `none`); returns the kinds or a message naming the unknown
 * ones. Used for `REDACT` and for a source's `redact:` list.
 */
export function parseRedactKinds(value: string | readonly string[]): RedactKind[] | string {
  const parts = (typeof value === 'string' ? value.split(',') : [...value])
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'none') return [];
  const unknown = parts.filter((p) => !(REDACT_KINDS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    return `unknown kind ${unknown.map((u) => `"${u}"`).join(', ')}; use a comma list of ${REDACT_KINDS.join(', ')}, or none`;
  }
  return [...new Set(parts)] as RedactKind[];
}

/** An event as it may be stored: the item's text and a rejected record's excerpt and reason redacted. */
export function redactEvent(event: ParseEvent, kinds: readonly RedactKind[]): ParseEvent {
  if (kinds.length === 0) return event;
  switch (event.kind) {
    case 'item':
      return { ...event, item: redactItem(event.item, kinds) };
    case 'duplicate':
      return event;
    default: {
      const issue: RecordIssue = { ...event.issue, reason: redactText(event.issue.reason, kinds) };
      if (event.issue.excerpt !== undefined) issue.excerpt = redactText(event.issue.excerpt, kinds);
      return event.kind === 'skipped' && event.item
        ? { kind: 'skipped', issue, item: redactItem(event.item, kinds) }
        : { ...event, issue };
    }
  }
}

export function redactItem(item: FeedbackInput, kinds: readonly RedactKind[]): FeedbackInput {
  return kinds.length === 0 ? item : { ...item, text: redactText(item.text, kinds) };
}
