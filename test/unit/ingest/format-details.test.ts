import { describe, expect, it } from 'vitest';
import { collectFixture } from './collect.js';

const find = <T extends { externalId: string }>(items: T[], ref: string) =>
  items.find((i) => i.externalId === ref);

describe('format details', () => {
  it('Google Play: reads UTF-16LE, never keeps the developer reply, carries device, version and language', async () => {
    const r = await collectFixture('google-play-reviews_com.acme.budget_202601.csv');
    expect(r.items.some((i) => i.text.includes('fix ships next week'))).toBe(false);
    const pt = find(r.items, 'b7f1c2d3-0000-4000-8000-000000000007');
    expect([pt?.language, pt?.segment, pt?.channel, pt?.rating]).toEqual([
      'pt',
      { app_version: '4.2.1', device: 'pixel7', language: 'pt_BR' },
      'app_review',
      { value: 3, scale: 'stars5' },
    ]);
    expect(r.skipped[0]?.item?.rating).toEqual({ value: 5, scale: 'stars5' });
  });

  it('Google Forms: honours GMT+1 and GMT-3 and 12 AM, and hashes timestamp, e-mail and text into the id', async () => {
    const r = await collectFixture('google-forms-responses.csv');
    expect(r.items.map((i) => i.receivedAt)).toEqual([
      '2026-03-02T08:03:11.000Z',
      '2026-03-02T22:47:55.000Z',
      '2026-03-04T18:30:00.000Z',
    ]);
    expect(r.skipped[0]?.item?.receivedAt).toBe('2026-03-02T23:05:09.000Z');
    expect(r.items[0]?.externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.items[0]?.customerId).toBe('ana@example.com');
    expect(r.items[0]?.segment).toEqual({ country: 'PT' });
    expect(r.items[2]?.text).toBe('Nunca recibí el reembolso.\nLlamé tres veces.');
  });

  it('Qualtrics: reads choice-text NPS, the row-3 zone, UserLanguage and embedded data', async () => {
    const r = await collectFixture('qualtrics-export.csv');
    const first = find(r.items, 'R_1abcDEF234ghIJK');
    expect([first?.rating, first?.language, first?.segment]).toEqual([
      { value: 10, scale: 'nps' },
      'de',
      { plan: 'pro', language: 'DE' },
    ]);
    expect(find(r.items, 'R_5efgHIJ678klMNO')?.rating).toEqual({ value: 0, scale: 'nps' });
    expect(r.skipped[0]?.item?.rating).toEqual({ value: 7, scale: 'nps' });
  });

  it('Typeform: hidden fields give the customer and segment; partial responses use the stage date', async () => {
    const r = await collectFixture('typeform-responses.csv');
    const first = r.items[0];
    expect([first?.customerId, first?.segment, first?.rating]).toEqual([
      'u-100',
      { plan: 'growth' },
      { value: 9, scale: 'nps' },
    ]);
    expect(find(r.items, 'f60718293a4b5c6d7e8f90a1b2c3d4e5')?.language).toBe('ja');
  });

  it('Zendesk JSON: drops quoted reply lines, maps via ids, and puts the CSAT on its own item', async () => {
    const r = await collectFixture('zendesk-incremental-tickets.json');
    const ticket = find(r.items, '35436');
    expect(ticket?.text).not.toContain('Tracking number');
    expect(ticket?.rating).toBeNull();
    expect(find(r.items, '35436#csat')?.rating).toEqual({ value: 0, scale: 'csat2' });
    expect(find(r.items, '35437')?.rating).toEqual({ value: 1, scale: 'csat2' });
    expect(find(r.items, '35440')?.channel).toBe('email');
    expect(find(r.items, '35437')?.channel).toBe('web');
    expect(find(r.items, '35440')?.language).toBe('fr');
  });

  it('Intercom: keeps only the customer messages, HTML stripped, and the rating remark as a second item', async () => {
    const r = await collectFixture('intercom-conversations.json');
    expect(r.items.some((i) => i.text.includes('refund is on its way'))).toBe(false);
    expect(r.items.some((i) => i.text.includes('scheduled exports'))).toBe(false);
    const rating = find(r.items, '1911149811#rating');
    expect([rating?.rating, rating?.channel, rating?.segment]).toEqual([
      { value: 2, scale: 'csat5' },
      'chat',
      { plan: 'Pro', country: 'IE' },
    ]);
    expect(find(r.items, '1911149815')?.rating).toEqual({ value: 5, scale: 'csat5' });
    expect(find(r.items, '1911149811')?.customerId).toBe('5f1a2b3c');
  });

  it('Trustpilot: joins title and content, never reads the company response, uses the review language', async () => {
    const r = await collectFixture('trustpilot-reviews.csv');
    expect(r.items.some((i) => i.text.includes('kind words'))).toBe(false);
    const de = find(r.items, '65a1b2c3d4e5f60718293a4d');
    expect([de?.language, de?.rating, de?.customerId, de?.channel]).toEqual([
      'de',
      { value: 2, scale: 'stars5' },
      '5f00aa11bb22cc33dd44ee57',
      'review',
    ]);
  });

  it('Amazon: reads the 2023 and 2018 shapes, turning <br /> into a line break', async () => {
    const modern = await collectFixture('amazon-reviews-2023.jsonl');
    expect(modern.items[0]?.text).toBe(
      'Stopped working\nThe charger died after two weeks.\nReturn window closed one day before.',
    );
    expect(modern.items[0]?.receivedAt).toBe('2026-01-01T20:40:00.000Z');
    expect(modern.items[0]?.segment).toEqual({ product: 'B0C1XYZ001' });
    const old = await collectFixture('amazon-reviews-2018.jsonl');
    expect(old.items.map((i) => [i.receivedAt, i.rating?.value, i.customerId])).toEqual([
      ['2009-09-13T00:00:00.000Z', 2, 'A2SUAM1J3GNN3B'],
      ['2013-01-28T00:00:00.000Z', 5, 'A1D87F6ZCVE5NK'],
    ]);
  });

  it('Delighted: person properties become segments and the locale the language', async () => {
    const r = await collectFixture('delighted-survey-responses.json');
    expect(find(r.items, '1001')?.segment).toEqual({ plan: 'Enterprise', country: 'US' });
    expect(find(r.items, '1007')?.language).toBe('pt');
    expect(r.skipped[0]?.item?.rating).toEqual({ value: 10, scale: 'nps' });
  });

  it('App Store: the territory travels as the country segment', async () => {
    const r = await collectFixture('app-store-customer-reviews.json');
    expect(r.items.map((i) => i.segment.country)).toEqual(['USA', 'GBR', 'FRA']);
    expect(r.items.every((i) => i.channel === 'app_review')).toBe(true);
  });

  it('Freshdesk: maps the survey answer and source, and tolerates a repeated header it does not read', async () => {
    const r = await collectFixture('freshdesk-tickets-export.csv');
    expect(r.items.map((i) => [i.externalId, i.rating?.value ?? null, i.channel])).toEqual([
      ['501', 2, 'email'],
      ['502', 5, 'web'],
      ['506', null, 'chat'],
    ]);
    expect(r.skipped[1]?.item?.rating).toEqual({ value: 3, scale: 'csat5' });
  });

  it('Zendesk CSV: Via display names become channels and `Plan [list]` the plan segment', async () => {
    const r = await collectFixture('zendesk-tickets-export.csv');
    expect(r.items.map((i) => [i.channel, i.segment.plan, i.rating?.value ?? null])).toEqual([
      ['email', 'business', 0],
      ['web', 'starter', 1],
      ['chat', 'business', null],
    ]);
  });
});
