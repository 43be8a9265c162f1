import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import {
  blankPlaceholders,
  luhnValid,
  parseRedactKinds,
  REDACT_KINDS,
  redactEvent,
  redactText,
} from '../../../src/ingest/redact.js';
import type { ParseEvent } from '../../../src/ingest/types.js';
import { parseSources } from '../../../src/sources/sources.schema.js';

const ALL = REDACT_KINDS;

describe('redactText', () => {
  it.each([
    ['email', 'write to jane.doe+orders@mail.example.co.uk today', 'write to [email] today'],
    ['email', 'J.SMITH@EXAMPLE.COM said so', '[email] said so'],
    ['phone (international)', 'call +44 20 7946 0958 now', 'call [phone] now'],
    ['phone (international, no spaces)', 'ring +4930901820 please', 'ring [phone] please'],
    ['phone (French)', 'appelez +33 1 42 68 53 00', 'appelez [phone]'],
    ['phone (UK national)', 'my number is 020 7946 0958.', 'my number is [phone].'],
    ['phone (US national)', 'reach me at (415) 555-2671', 'reach me at [phone]'],
    ['card (spaced)', 'card 4111 1111 1111 1111 was charged twice', 'card [card] was charged twice'],
    ['card (dashed)', 'paid with 5500-0000-0000-0004.', 'paid with [card].'],
    ['card (run together, 15 digits)', 'amex 378282246310005 declined', 'amex [card] declined'],
    ['iban (printed)', 'refund to GB82 WEST 1234 5698 7654 32 please', 'refund to [iban] please'],
    ['iban (run together)', 'IBAN DE89370400440532013000.', 'IBAN [iban].'],
    ['iban followed by a capital word', 'to GB82 WEST 1234 5698 7654 32 ASAP', 'to [iban] ASAP'],
    [
      'US social security number',
      'my SSN is 219-09-9999, please delete it',
      'my SSN is [national-id], please delete it',
    ],
    [
      'UK national insurance number (spaced)',
      'NI number JG 12 34 56 C on file',
      'NI number [national-id] on file',
    ],
    ['UK national insurance number (run together)', 'NINO AB123456D.', 'NINO [national-id].'],
    [
      'url-token',
      'the link https://shop.example/reset?token=abc123XYZ&lang=en#top expired',
      'the link https://shop.example/reset?token=[url-token]&lang=en#top expired',
    ],
    [
      'url-token (several parameters)',
      'see http://x.example/a?api_key=k1&sig=s2&page=3',
      'see http://x.example/a?api_key=[url-token]&sig=[url-token]&page=3',
    ],
  ])('replaces a valid %s by its placeholder', (_kind, text, expected) => {
    expect(redactText(text, ALL)).toBe(expected);
  });

  it.each([
    ['a card number failing Luhn', 'order 4111 1111 1111 1112 never came'],
    ['a 12-digit number', 'tracking 123456789012 lost'],
    ['an IBAN failing mod-97', 'refund to GB82 WEST 1234 5698 7654 33 please'],
    ['an IBAN with a wrong country length', 'account GB82WEST123456987654'],
    ['a URL without a token parameter', 'see https://shop.example/p?id=42&page=2'],
    ['a URL with an empty token', 'see https://shop.example/p?token=&page=2'],
    ['an at sign that is no address', 'meet @ the store, or @support'],
    ['an SSN-shaped number with area 000', 'ref 000-12-3456 closed'],
    ['an SSN-shaped number with area 666 or 9xx', 'ref 666-12-3456 and 912-34-5678'],
    ['an SSN-shaped number with group 00', 'ticket 123-00-4567'],
    ['nine digits run together (an order number as often as an SSN)', 'order 219099999 late'],
    ['an NI-shaped code with a prefix HMRC never issues', 'code GB 12 34 56 A and DA123456B'],
    ['an NI-shaped code with a suffix past D', 'code AB123456E'],
  ])('keeps %s', (_what, text) => {
    expect(redactText(text, ALL)).toBe(text);
  });

  it.each([
    'The delivery was late and the driver was rude.',
    'Checkout crashed 3 times on 2026-01-05 at 10:30; 99.5% of the time it works.',
    'Order #12345678 arrived in 2 days, 5 stars, 10/10 would buy again.',
    'Prices rose 20% since 2024 — version 3.2.1 of the app is slow.',
    '',
  ])('changes nothing in a text without personal data: %s', (text) => {
    expect(redactText(text, ALL)).toBe(text);
  });

  it('finds each of several phone numbers in a row (libphonenumber alone missed the middle one)', () => {
    const text = 'Call +34 612 34 17 42. 07400 120655. (201) 555-1969. Nobody answers.';
    expect(redactText(text, ALL)).toBe('Call [phone]. [phone]. [phone]. Nobody answers.');
  });

  it('redacts only the kinds asked for', () => {
    const text = 'mail a@b.example, card 4111111111111111';
    expect(redactText(text, ['email'])).toBe('mail [email], card 4111111111111111');
    expect(redactText(text, ['card'])).toBe('mail a@b.example, card [card]');
    expect(redactText(text, [])).toBe(text);
  });
});

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', false], // valid Luhn, but too short for a card
    ['6011111111111117', true],
  ])('%s → %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});

describe('redactEvent', () => {
  it('redacts the item text, and a rejected record’s excerpt and reason', () => {
    const item: ParseEvent = {
      kind: 'item',
      record: 1,
      ref: 'r1',
      item: {
        source: 's',
        externalId: 'r1',
        receivedAt: '2026-01-01T00:00:00.000Z',
        text: 'mail me: x@y.example',
        rating: null,
        channel: null,
        customerId: null,
        segment: {},
        language: 'en',
      },
    };
    const redacted = redactEvent(item, ALL);
    expect(redacted.kind === 'item' && redacted.item.text).toBe('mail me: [email]');
    const rejected: ParseEvent = {
      kind: 'rejected',
      issue: { record: 2, ref: null, code: 'x', reason: 'bad "x@y.example"', excerpt: '2,x@y.example' },
    };
    expect(redactEvent(rejected, ALL)).toEqual({
      kind: 'rejected',
      issue: { record: 2, ref: null, code: 'x', reason: 'bad "[email]"', excerpt: '2,[email]' },
    });
  });
});

describe('configuration', () => {
  it('redacts every kind by default, and nothing with REDACT=none', () => {
    expect(loadConfig({}).REDACT).toEqual(['email', 'phone', 'card', 'iban', 'national-id', 'url-token']);
    expect(loadConfig({ REDACT: 'none' }).REDACT).toEqual([]);
    expect(loadConfig({ REDACT: ' Email , card ' }).REDACT).toEqual(['email', 'card']);
  });

  it('rejects an unknown kind at start-up, naming it', () => {
    expect(() => loadConfig({ REDACT: 'email,names' })).toThrow(/REDACT: unknown kind "names"/);
    expect(parseRedactKinds('iban,nope')).toMatch(/"nope"/);
  });

  it('takes a per-source list from the sources file and rejects an unknown kind', () => {
    const ok = parseSources(
      'sources:\n  - name: drop\n    type: folder\n    path: /tmp/x\n    redact: [email, card]\n',
      'sources.yml',
    );
    expect(ok[0]!.redact).toEqual(['email', 'card']);
    expect(() =>
      parseSources(
        'sources:\n  - name: drop\n    type: folder\n    path: /tmp/x\n    redact: [names]\n',
        'sources.yml',
      ),
    ).toThrow(/redact/);
  });
});

describe('overlaps', () => {
  it('redacts an international phone whose digits look like a card', () => {
    expect(redactText('call +49 1512 3454818 today', ALL)).toBe('call [phone] today');
  });

  it('keeps an IBAN failing mod-97 whole, even when its digits pass Luhn as a card', () => {
    const run = '4111 1111 1111 1111';
    expect(luhnValid(run.replace(/ /g, ''))).toBe(true);
    const text = `pay GB00 WEST ${run} 00 now`;
    expect(redactText(text, ALL)).toBe(text);
  });

  it('blanks placeholders for the tagger, keeping every offset', () => {
    const text = 'mail [email] or call [phone]; ssn [national-id]; https://x.example/?token=[url-token]';
    const blank = blankPlaceholders(text);
    expect(blank).toHaveLength(text.length);
    expect(blank).toBe(
      `mail         or call        ; ssn ${' '.repeat(13)}; https://x.example/?token=           `,
    );
  });
});
