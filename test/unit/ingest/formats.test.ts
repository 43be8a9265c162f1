import { describe, expect, it } from 'vitest';
import { collectFixture } from './collect.js';

interface Expected {
  file: string;
  format: string;
  encoding: string;
  refs: string[];
  rejected: [number, string][];
  skipped: [number, string][];
  duplicates: number[];
  /** ref → [createdAt, text] for a few items. */
  items: Record<string, [string, string]>;
}

const TABLE: Expected[] = [
  {
    file: 'surveymonkey-all-responses.csv',
    format: 'surveymonkey',
    encoding: 'utf-8',
    refs: ['114000000001', '114000000002', '114000000006', '114000000009'],
    rejected: [
      [4, 'invalid_date'],
      [5, 'rating_out_of_scale'],
      [8, 'field_count'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [7],
    items: {
      '114000000002': [
        '2026-01-05T13:20:33.000Z',
        'Login keeps timing out on mobile.\nHad to reset my password "twice" this week.',
      ],
      '114000000006': [
        '2026-01-08T16:50:59.000Z',
        'Le support a répondu vite 👍 mais la facture était fausse.',
      ],
    },
  },
  {
    file: 'qualtrics-export.csv',
    format: 'qualtrics',
    encoding: 'utf-8',
    refs: ['R_1abcDEF234ghIJK', 'R_2bcdEFG345hiJKL', 'R_5efgHIJ678klMNO'],
    rejected: [
      [4, 'invalid_date'],
      [6, 'rating_out_of_scale'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [7],
    items: {
      R_1abcDEF234ghIJK: [
        '2026-01-12T15:30:05.000Z',
        'Die Einrichtung war einfach, und der Support hat schnell geantwortet.',
      ],
      R_2bcdEFG345hiJKL: [
        '2026-07-02T00:45:00.000Z',
        'The mobile app crashes when I upload receipts.\nPlease fix the "Save" button.',
      ],
    },
  },
  {
    file: 'typeform-responses.csv',
    format: 'typeform',
    encoding: 'utf-8',
    refs: [
      'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'b2c3d4e5f60718293a4b5c6d7e8f90a1',
      'b2c3d4e5f60718293a4b5c6d7e8f90a1#anything_else_you_d_like_to_tell_us',
      'c3d4e5f60718293a4b5c6d7e8f90a1b2',
      'f60718293a4b5c6d7e8f90a1b2c3d4e5',
    ],
    rejected: [[5, 'invalid_date']],
    skipped: [[4, 'no_text']],
    duplicates: [6],
    items: {
      b2c3d4e5f60718293a4b5c6d7e8f90a1: [
        '2026-02-01T11:04:30.000Z',
        'Checkout failed twice with my Visa card.\nSupport told me to "try again later".',
      ],
      'b2c3d4e5f60718293a4b5c6d7e8f90a1#anything_else_you_d_like_to_tell_us': [
        '2026-02-01T11:04:30.000Z',
        'Please add PayPal.',
      ],
      c3d4e5f60718293a4b5c6d7e8f90a1b2: ['2026-02-02T09:01:30.000Z', 'Love the dashboards'],
    },
  },
  {
    file: 'google-forms-responses.csv',
    format: 'google-forms',
    encoding: 'utf-8',
    refs: [],
    rejected: [
      [4, 'invalid_date'],
      [7, 'rating_out_of_scale'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: {},
  },
  {
    file: 'delighted-survey-responses.json',
    format: 'delighted',
    encoding: 'utf-8',
    refs: ['1001', '1003', '1007'],
    rejected: [
      [4, 'rating_out_of_scale'],
      [5, 'missing_date'],
    ],
    skipped: [[2, 'no_text']],
    duplicates: [6],
    items: { '1003': ['2026-01-03T00:00:00.000Z', 'Love the new dashboard 🎉\nExports could be faster.'] },
  },
  {
    file: 'google-play-reviews_com.acme.budget_202601.csv',
    format: 'google-play',
    encoding: 'utf-16le',
    refs: ['gp:AOqpTOE1abc', 'b7f1c2d3-0000-4000-8000-000000000002', 'b7f1c2d3-0000-4000-8000-000000000007'],
    rejected: [
      [4, 'rating_out_of_scale'],
      [5, 'invalid_date'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: {
      'gp:AOqpTOE1abc': ['2026-01-10T08:15:30.000Z', 'App crashes every time I open the camera scanner.'],
      'b7f1c2d3-0000-4000-8000-000000000007': [
        '2026-01-14T22:10:00.000Z',
        'Ótimo app 😍 mas as notificações chegam atrasadas.\n"Lembretes" não funcionam.',
      ],
    },
  },
  {
    file: 'app-store-customer-reviews.json',
    format: 'app-store',
    encoding: 'utf-8',
    refs: [
      '00000123-aaaa-4bbb-8ccc-000000000001',
      '00000123-aaaa-4bbb-8ccc-000000000002',
      '00000123-aaaa-4bbb-8ccc-000000000007',
    ],
    rejected: [
      [4, 'rating_out_of_scale'],
      [5, 'missing_date'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: {
      '00000123-aaaa-4bbb-8ccc-000000000001': [
        '2026-01-15T16:10:34.000Z',
        'Crashes on launch\nSince the last update the app closes immediately.\nReinstalling did not help.',
      ],
    },
  },
  {
    file: 'trustpilot-reviews.csv',
    format: 'trustpilot',
    encoding: 'utf-8',
    refs: ['65a1b2c3d4e5f60718293a4b', '65a1b2c3d4e5f60718293a4c', '65a1b2c3d4e5f60718293a4d'],
    rejected: [
      [4, 'invalid_date'],
      [6, 'missing_id'],
    ],
    skipped: [[5, 'no_text']],
    duplicates: [7],
    items: {
      '65a1b2c3d4e5f60718293a4c': [
        '2026-01-21T08:05:00.000Z',
        'Refund still missing\nI returned the jacket 3 weeks ago.\nCustomer service keeps saying "within 5 days".',
      ],
    },
  },
  {
    file: 'yelp-review.jsonl',
    format: 'yelp',
    encoding: 'utf-8',
    refs: ['KU_O5udG6zpxOg-VcAEodg', 'BiTunyQ73aT9WBnpR9DZGw', 'JrIxlS1TzJ-iCu79ul40cQ'],
    rejected: [
      [3, 'invalid_json'],
      [5, 'invalid_date'],
    ],
    skipped: [[4, 'no_text']],
    duplicates: [6],
    items: {
      BiTunyQ73aT9WBnpR9DZGw: [
        '2026-01-06T12:30:00.000Z',
        'Best ramen in town 🍜 and the staff remembered our names.',
      ],
    },
  },
  {
    file: 'amazon-reviews-2023.jsonl',
    format: 'amazon',
    encoding: 'utf-8',
    refs: [],
    rejected: [
      [4, 'rating_out_of_scale'],
      [5, 'missing_date'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: {},
  },
  {
    file: 'zendesk-tickets-export.csv',
    format: 'zendesk-csv',
    encoding: 'utf-8',
    refs: ['1001', '1002', '1005'],
    rejected: [
      [4, 'invalid_date'],
      [7, 'missing_id'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: { '1002': ['2026-02-01T10:00:00.000Z', 'Cannot log in — two-factor code never arrives 📱'] },
  },
  {
    file: 'zendesk-incremental-tickets.json',
    format: 'zendesk-json',
    encoding: 'utf-8',
    refs: ['35436', '35436#csat', '35437', '35440'],
    rejected: [
      [4, 'invalid_date'],
      [7, 'missing_id'],
    ],
    skipped: [[3, 'no_text']],
    duplicates: [6],
    items: {
      '35436': [
        '2026-02-03T08:00:00.000Z',
        'Order arrived damaged\nThe box was crushed and the lamp is broken.',
      ],
      '35436#csat': ['2026-02-05T10:00:00.000Z', 'Nobody offered a replacement.'],
    },
  },
  {
    file: 'freshdesk-tickets-export.csv',
    format: 'freshdesk',
    encoding: 'utf-8',
    refs: ['501', '502', '506'],
    rejected: [
      [5, 'invalid_date'],
      [8, 'rating_out_of_scale'],
    ],
    skipped: [
      [3, 'company_initiated'],
      [4, 'no_text'],
    ],
    duplicates: [7],
    items: {
      '502': [
        '2026-03-01T10:00:00.000Z',
        'App login loop\nAfter the update the app sends me back to the login screen.\nThe "Remember me" box does nothing.',
      ],
    },
  },
  {
    file: 'intercom-conversations.json',
    format: 'intercom',
    encoding: 'utf-8',
    refs: ['1911149811', '1911149811#rating', '1911149815'],
    rejected: [
      [4, 'missing_date'],
      [7, 'rating_out_of_scale'],
    ],
    skipped: [
      [2, 'company_initiated'],
      [3, 'attachment_only'],
    ],
    duplicates: [6],
    items: {
      '1911149811': [
        '2026-01-05T08:00:00.000Z',
        'Hi, I was charged twice for my March invoice & need a refund.\nThanks, got it.',
      ],
      '1911149811#rating': ['2026-01-06T11:46:40.000Z', 'Took three days to get an answer.'],
      '1911149815': [
        '2026-01-05T19:06:40.000Z',
        'Die App stürzt beim Hochladen von Belegen ab 😕\nBitte um Hilfe.',
      ],
    },
  },
  {
    file: 'excel-windows-1252-semicolon.csv',
    format: 'generic-csv',
    encoding: 'windows-1252',
    refs: ['x-1', 'x-2', 'x-5'],
    rejected: [[3, 'invalid_date']],
    skipped: [[4, 'no_text']],
    duplicates: [],
    items: {
      'x-2': ['2026-02-03T09:00:00.000Z', 'Très cher pour ce que c’est; «service» lent'],
      'x-5': ['2026-02-06T07:15:00.000Z', 'Die “Express”-Lieferung kam nach 9 Tagen.\nNie wieder.'],
    },
  },
];

describe.each(TABLE)('$file', (expected) => {
  it(`is detected as ${expected.format} and yields the exact records`, async () => {
    const r = await collectFixture(expected.file);
    expect([r.format, r.encoding]).toEqual([expected.format, expected.encoding]);
    if (expected.refs.length > 0) expect(r.refs).toEqual(expected.refs);
    expect(r.rejected.map((i) => [i.record, i.code])).toEqual(expected.rejected);
    expect(r.skipped.map((s) => [s.issue.record, s.issue.code])).toEqual(expected.skipped);
    expect(r.duplicates.map((d) => d.record)).toEqual(expected.duplicates);
    const byRef = new Map(r.items.map((i) => [i.externalId, i]));
    for (const [ref, [createdAt, text]] of Object.entries(expected.items)) {
      expect([byRef.get(ref)?.receivedAt, byRef.get(ref)?.text]).toEqual([createdAt, text]);
    }
    for (const issue of r.rejected) expect(issue.reason.length).toBeGreaterThan(20);
  });
});
