// Exports as organisations really produce them (issue 14): each fixture is written in the shape of a
// real file that painmap once read wrongly.
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/ingest/index.js';
import { chooseLanguage } from '../../../src/ingest/language.js';
import { FileRejectedError } from '../../../src/ingest/types.js';
import { collectBytes, collectFixture, fixturePath } from './collect.js';

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

describe('columns chosen by what they hold', () => {
  it('Google Forms course survey: both open questions are read, each answer its own item with its question', async () => {
    const r = await collectFixture('google-forms-course-survey.csv');
    expect(r.format).toBe('google-forms');
    const trouble = 'Which topics caused you the most trouble, and in what way?';
    const change = 'Is there one change to the course you would ask for?';
    expect(r.items.filter((i) => i.question === trouble)).toHaveLength(18);
    expect(r.items.filter((i) => i.question === change)).toHaveLength(11);
    expect(r.items).toHaveLength(29);
    // Course names and multiple-choice answers are never feedback.
    const texts = r.items.map((i) => i.text);
    for (const label of ['Data Analysis with Spreadsheets', 'Beginner', 'Some experience', 'Maybe'])
      expect(texts).not.toContain(label);
    expect(r.items.every((i) => i.language === 'en')).toBe(true);
    expect(r.items[0]?.rating).toEqual({ value: 4, scale: 'stars5' });
    // The first answer keeps the record id, the second is `<id>#<question>`.
    expect(r.refs[1]).toBe(`${r.refs[0]}#is_there_one_change_to_the_course_you_would_ask`);
  });

  it('Typeform long survey: a 0/1 yes-no column is never a rating, demographic answers never items', async () => {
    const r = await collectFixture('typeform-long-survey.csv');
    expect(r.format).toBe('typeform');
    expect(r.items.every((i) => i.rating === null)).toBe(true);
    const short = ['Male', 'm', 'Female', 'f', 'White', 'Asian', 'Non-binary', 'Prefer not to say'];
    expect(r.items.filter((i) => short.includes(i.text))).toEqual([]);
    expect(r.items).toHaveLength(18);
    expect(r.skipped.map((s) => s.issue.code)).toEqual(Array(6).fill('no_text'));
    expect(new Set(r.items.map((i) => i.question))).toEqual(
      new Set([
        'Tell us about the last time managing money stressed you out',
        'What would make our app worth paying for?',
      ]),
    );
  });

  it('the column plan says which column became what, and why', async () => {
    const parsed = await openExport({ path: fixturePath('typeform-long-survey.csv') });
    const role = (header: string) => parsed.columns?.find((c) => c.header === header);
    expect(role('Do you currently use a budgeting app?')).toMatchObject({
      role: 'segment',
      why: expect.stringMatching(/yes\/no answer, never a rating/),
    });
    expect(role('Tell us your gender')?.role).toBe('segment');
    expect(role('What would make our app worth paying for?')).toMatchObject({
      role: 'text',
      why: expect.stringMatching(/open answers/),
    });
    expect(role('Submit Date (UTC)')?.role).toBe('date');
    expect(parsed.columns?.map((c) => c.column)).toEqual([...Array(14).keys()]);
  });
});

describe('layout variants', () => {
  it('SurveyMonkey trimmed export (RespondentID, no Collector ID, no date): one file error naming the fix', async () => {
    const error = await collectFixture('surveymonkey-trimmed.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect(error).toMatchObject({ code: 'missing_date', line: 1 });
    expect((error as Error).message).toMatch(/--date-column NAME/);
    expect((error as Error).message).toMatch(/--received-at DATE/);
  });

  it('SurveyMonkey trimmed export with --received-at: every open answer read, dated that day', async () => {
    const r = await collectFixture('surveymonkey-trimmed.csv', { receivedAt: '2026-03-31' });
    expect(r.format).toBe('surveymonkey');
    expect(r.items).toHaveLength(8);
    expect(r.items.every((i) => i.receivedAt === '2026-03-31T00:00:00.000Z')).toBe(true);
    expect(r.items[0]).toMatchObject({ externalId: '10412345671', rating: { value: 9, scale: 'nps' } });
    expect(r.items[1]).toMatchObject({
      externalId: '10412345671#anything_else_you_would_like_to_share',
      text: 'Staff at the front desk were lovely.',
      question: 'Anything else you would like to share?',
    });
    expect(r.skipped.map((s) => [s.issue.record, s.issue.code])).toEqual([[3, 'no_text']]);
  });

  it('Qualtrics legacy two-row export: read, with the open question found by its answers', async () => {
    const r = await collectFixture('qualtrics-legacy-export.csv');
    expect(r.format).toBe('qualtrics');
    expect(r.refs).toEqual([
      'R_3kQm8ZpLw1aBcDe',
      'R_1xYt4VbNq2cDeFg',
      'R_4qWe7RtYu4eFgHi',
      'R_5aSd2FgHj5fGhIj',
    ]);
    expect(r.items[0]).toMatchObject({
      receivedAt: '2019-05-06T08:17:45.000Z',
      rating: { value: 7, scale: 'nps' },
      question: 'What should we change about the app first?',
    });
    expect(r.items[3]).toMatchObject({
      text: 'Hello World!',
      language: null,
      languageNote: 'too short to tell',
    });
    expect(r.skipped.map((s) => [s.issue.record, s.issue.code])).toEqual([[3, 'no_text']]);
  });

  it('Qualtrics legacy export without an open question: rejected as a legacy layout, saying what to export', async () => {
    const csv =
      'V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1\n' +
      'ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,Which branch?\n' +
      'R_a1,Default Response Set,Anonymous,,,198.51.100.1,0,2019-05-06 08:14:02,2019-05-06 08:17:45,1,North\n' +
      'R_a2,Default Response Set,Anonymous,,,198.51.100.2,0,2019-05-06 09:14:02,2019-05-06 09:17:45,1,North\n';
    const error = await collectBytes(csv).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'legacy_layout' });
    expect((error as Error).message).toMatch(/legacy layout/);
    expect((error as Error).message).toMatch(/Export data → CSV/);
  });
});

describe('files without a date column', () => {
  it('one file-level error naming --date-column and --received-at, not one rejection per record', async () => {
    const csv = 'id,comment\n1,The app crashes when I upload a photo.\n2,Delivery was late again.\n';
    const error = await collectBytes(csv).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'FileRejectedError', code: 'missing_date' });
    expect((error as Error).message).toMatch(/--date-column NAME.*--received-at DATE/s);
    const r = await collectBytes(csv, { receivedAt: '2026-02-01' });
    expect(r.items.map((i) => [i.externalId, i.receivedAt])).toEqual([
      ['1', '2026-02-01T00:00:00.000Z'],
      ['2', '2026-02-01T00:00:00.000Z'],
    ]);
  });
});

describe('surveys saved by Excel in other languages', () => {
  it('French: Date;Magasin;Note (sur 10);Commentaire in windows-1252 is read without flags', async () => {
    const r = await collectFixture('excel-french-survey.csv');
    expect([r.format, r.encoding]).toEqual(['generic-csv', 'windows-1252']);
    expect(r.items).toHaveLength(5);
    expect(r.items[0]).toMatchObject({
      receivedAt: '2026-02-03T00:00:00.000Z',
      rating: { value: 8, scale: 'scale10' },
      segment: { store: 'Lyon Part-Dieu' },
      language: 'fr',
    });
    expect(r.items[0]?.text).toMatch(/^Personnel accueillant/);
    expect(r.items[4]?.text).toContain('bien rangé ; dommage');
    expect(r.skipped.map((s) => [s.issue.record, s.issue.code])).toEqual([[4, 'no_text']]);
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual([[7, 'invalid_date']]);
  });

  it.each([
    [
      'German',
      'Datum;Filiale;Bewertung (1-5);Kommentar\r\n' +
        '02.03.2026;Berlin Mitte;2;Die Lieferung kam drei Tage zu spät und niemand hat angerufen.\r\n' +
        '03.03.2026;Hamburg;5;Sehr freundliche Beratung und schnelle Kasse, gerne wieder.\r\n' +
        '04.03.2026;Berlin Mitte;3;Die Umkleiden waren geschlossen, das war ärgerlich.\r\n',
      { value: 2, scale: 'stars5' },
      'Berlin Mitte',
      'de',
    ],
    [
      'Spanish',
      'Fecha;Tienda;Puntuación;Comentarios\r\n' +
        '02/03/2026;Madrid Centro;9;El personal fue muy amable y encontré todo lo que buscaba.\r\n' +
        '03/03/2026;Sevilla;4;Tardaron cuarenta minutos en atenderme en la caja.\r\n' +
        '04/03/2026;Madrid Centro;7;La tienda estaba limpia pero faltaban tallas.\r\n',
      { value: 9, scale: 'nps' },
      'Madrid Centro',
      'es',
    ],
  ])('%s headers are read without flags', async (_language, csv, rating, store, language) => {
    const bytes = Uint8Array.from([...csv].map((c) => c.charCodeAt(0) & 0xff));
    const r = await collectBytes(bytes);
    expect(r.format).toBe('generic-csv');
    expect(r.items).toHaveLength(3);
    expect(r.items[0]).toMatchObject({
      rating,
      segment: { store },
      language,
      receivedAt: '2026-03-02T00:00:00.000Z',
    });
  });
});
