// Pure: personal data in feedback text becomes typed placeholders (`[email]`, `[phone]`, …) before
// anything is stored. Checks come from well-kept libraries where they exist: libphonenumber-js
// (Google's phone metadata) for phones, ibantools for IBAN country formats and mod-97; the Luhn
// check is a few lines. A look-alike that fails its check (a 16-digit order number, a mistyped
// IBAN) is kept, so tagging still sees it.
import { isValidIBAN } from 'ibantools';
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { FeedbackInput } from '../domain.js';
import type { ParseEvent, RecordIssue } from './types.js';

export const REDACT_KINDS = ['email', 'phone', 'card', 'iban', 'url-token'] as const;
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
/** 13–19 digits, single spaces or dashes between them. */
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** Replaces the kinds asked for, in an order where no placeholder or earlier match confuses a later check. */
export function redactText(text: string, kinds: readonly RedactKind[]): string {
  if (kinds.length === 0 || text === '') return text;
  let out = text;
  if (kinds.includes('url-token')) out = redactUrlTokens(out);
  if (kinds.includes('email')) out = out.replace(EMAIL, '[email]');
  if (kinds.includes('iban')) out = out.replace(IBAN, redactIbanMatch);
  if (kinds.includes('card'))
    out = out.replace(CARD, (m) => (luhnValid(m.replace(/\D/g, '')) ? '[card]' : m));
  if (kinds.includes('phone')) out = redactPhones(out);
  return out;
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

/** A printed IBAN may be followed by a short word in capitals: try the match, then without its last group. */
function redactIbanMatch(match: string): string {
  if (isValidIBAN(match.replace(/ /g, ''))) return '[iban]';
  const cut = match.lastIndexOf(' ');
  if (cut > 0 && isValidIBAN(match.slice(0, cut).replace(/ /g, ''))) return `[iban]${match.slice(cut)}`;
  return match;
}

function redactUrlTokens(text: string): string {
  return text.replace(URL_RE, (url) => {
    const q = url.indexOf('?');
    if (q < 0) return url;
    const hash = url.indexOf('#', q);
    const end = hash < 0 ? url.length : hash;
    const params = url
      .slice(q + 1, end)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        const name = pair.slice(0, eq);
        return TOKEN_PARAM.test(name) && eq < pair.length - 1 ? `${name}=[url-token]` : pair;
      });
    return `${url.slice(0, q + 1)}${params.join('&')}${url.slice(end)}`;
  });
}

function redactPhones(text: string): string {
  let out = replaceSpans(text, findPhoneNumbersInText(text));
  for (const region of NATIONAL_PHONE_REGIONS) {
    out = replaceSpans(out, findPhoneNumbersInText(out, region));
  }
  return out;
}

function replaceSpans(text: string, found: readonly { startsAt: number; endsAt: number }[]): string {
  let out = text;
  for (const f of [...found].sort((a, b) => b.startsAt - a.startsAt)) {
    out = `${out.slice(0, f.startsAt)}[phone]${out.slice(f.endsAt)}`;
  }
  return out;
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
