// Exports as organisations really produce them (issue 14): each fixture is written in the shape of a
// real file that painmap once read wrongly.
import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../../src/ingest/language.js';
import { collectBytes, collectFixture } from './collect.js';

describe('deleted and spam tickets', () => {
  it('Zendesk incremental export: deleted tickets are skipped with a reason, their CSAT comment too', async () => {
    const r = await collectFixture('zendesk-incremental-deleted.json');
    expect(r.refs).toEqual(['8120']);
    expect(r.skipped.map((s) => [s.issue.ref, s.issue.code])).toEqual([
      ['8121', 'deleted_ticket'],
      ['8122', 'deleted_ticket'],
    ]);
    expect(r.skipped[0]?.issue.reason).toMatch(/deleted in Zendesk/);
    expect(r.items.some((i) => i.text.includes('SCRUBBED'))).toBe(false);
  });

  it('Freshdesk export: spam and deleted tickets are skipped, open ones kept', async () => {
    const csv =
      'Ticket ID,Subject,Description,Status,Source,Created time,Spam,Deleted\n' +
      '71,Wrong size,The shoes I got are one size too small.,Open,Email,2026-03-01 09:00:00,false,false\n' +
      '72,WIN A PRIZE,Click here to claim your prize now!!!,Open,Email,2026-03-01 09:05:00,true,false\n' +
      '73,Late parcel,My parcel is a week late and tracking shows nothing.,Closed,Portal,2026-03-01 10:00:00,false,true\n' +
      '74,Invoice,Please resend my invoice for February.,Spam,Email,2026-03-01 11:00:00,,\n';
    const r = await collectBytes(csv);
    expect(r.format).toBe('freshdesk');
    expect(r.refs).toEqual(['71']);
    expect(r.skipped.map((s) => [s.issue.ref, s.issue.code])).toEqual([
      ['72', 'spam_ticket'],
      ['73', 'deleted_ticket'],
      ['74', 'spam_ticket'],
    ]);
  });
});

describe('language of short texts', () => {
  it('a survey with a language column: short answers get no language, long ones their own', async () => {
    const csv =
      'id,date,comment,language\n' +
      '1,2026-03-01,Hello World!,DE\n' +
      '2,2026-03-01,Test Comment3,\n' +
      '3,2026-03-02,La livraison était en retard de deux semaines.,EN\n';
    const r = await collectBytes(csv);
    expect(r.items.map((i) => [i.externalId, i.language, i.languageNote ?? null])).toEqual([
      ['1', null, 'too short to tell'],
      ['2', null, 'too short to tell'],
      ['3', 'fr', null],
    ]);
    expect(r.items[0]?.segment).toEqual({ language: 'DE' });
  });

  it.each([
    ['Hello World!', 'de'],
    ['Test Comment3', null],
    ['ok', 'fr'],
    ['Sehr gut', null],
  ])('"%s" (stated %s) is too short to tell', (text, stated) => {
    expect(chooseLanguage(stated, text)).toEqual({ language: null, note: 'too short to tell' });
  });

  it.each([
    ['Die Einrichtung war einfach und der Support schnell.', 'en', 'de'],
    ['La livraison était en retard de deux semaines.', null, 'fr'],
    ['Checkout keeps failing with my card, please fix it.', 'de', 'en'],
    ['アプリがすぐに落ちます', null, 'ja'],
  ])('a text long enough names its own language over the stated one: "%s"', (text, stated, expected) => {
    expect(chooseLanguage(stated, text).language).toBe(expected);
  });

  it('the stated language settles an unsure detection only when the text allows it', () => {
    const text = 'Servizio lento, ma personale gentile';
    const unsure = chooseLanguage(null, text).language;
    expect(chooseLanguage('it', text).language).toBe('it');
    expect(['it', null]).toContain(unsure);
  });
});
