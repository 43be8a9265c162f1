// Writes the export fixtures that are binary (UTF-16LE, windows-1252) or have very wide rows.
// Run: npx tsx scripts/make-export-fixtures.ts — the output is committed under fixtures/exports/.
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

const dir = new URL('../fixtures/exports/', import.meta.url);

function toCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  const quote = (v: string) => (/[",;\t\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}

const PLAY_HEADER = [
  'Package Name',
  'App Version Code',
  'App Version Name',
  'Reviewer Language',
  'Device',
  'Review Submit Date and Time',
  'Review Submit Millis Since Epoch',
  'Review Last Update Date and Time',
  'Review Last Update Millis Since Epoch',
  'Star Rating',
  'Review Title',
  'Review Text',
  'Developer Reply Date and Time',
  'Developer Reply Millis Since Epoch',
  'Developer Reply Text',
  'Review Link',
];
const LINK = 'http://play.google.com/console/developers/5555/app/4444/user-feedback/review-details';

function playRow(
  at: string,
  stars: string,
  text: string,
  lang: string,
  link: string,
  reply = '',
  millis = true,
): string[] {
  const ms = millis ? String(Date.parse(at)) : '';
  const replyAt = reply ? '2026-01-20T09:00:00Z' : '';
  return [
    'com.acme.budget',
    '4021',
    '4.2.1',
    lang,
    'pixel7',
    at,
    ms,
    at,
    ms,
    stars,
    '',
    text,
    replyAt,
    reply ? String(Date.parse(replyAt)) : '',
    reply,
    link,
  ];
}

function writePlay(): void {
  const rows = [
    PLAY_HEADER,
    playRow(
      '2026-01-10T08:15:30Z',
      '2',
      'App crashes every time I open the camera scanner.',
      'en',
      `${LINK}?reviewid=gp:AOqpTOE1abc&corpus=PLAY`,
      'Thanks for reporting! A fix ships next week.',
    ),
    playRow(
      '2026-01-11T19:04:33Z',
      '4',
      'Sehr gute App, aber die Anmeldung dauert zu lange.',
      'de',
      `${LINK}?reviewId=b7f1c2d3-0000-4000-8000-000000000002`,
    ),
    playRow('2026-01-12T07:00:00Z', '5', '', 'en', ''),
    playRow(
      '2026-01-13T07:00:00Z',
      '6',
      'Six stars is not a thing.',
      'en',
      `${LINK}?reviewId=b7f1c2d3-0000-4000-8000-000000000004`,
    ),
    playRow(
      '2026-02-30T10:00:00Z',
      '3',
      'My review date is impossible.',
      'en',
      `${LINK}?reviewId=b7f1c2d3-0000-4000-8000-000000000005`,
      '',
      false,
    ),
    playRow(
      '2026-01-10T08:15:30Z',
      '2',
      'App crashes every time I open the camera scanner.',
      'en',
      `${LINK}?reviewid=gp:AOqpTOE1abc&corpus=PLAY`,
    ),
    playRow(
      '2026-01-14T22:10:00Z',
      '3',
      'Ótimo app 😍 mas as notificações chegam atrasadas.\n"Lembretes" não funcionam.',
      'pt_BR',
      `${LINK}?reviewId=b7f1c2d3-0000-4000-8000-000000000007`,
    ),
  ];
  writeFileSync(
    new URL('google-play-reviews_com.acme.budget_202601.csv', dir),
    iconv.encode(toCsv(rows), 'utf-16le', { addBOM: true }),
  );
}

function writeExcel(): void {
  const rows = [
    ['ID', 'Date', 'Comment', 'Rating', 'Country'],
    ['x-1', '31/01/2026 14:05', 'Café zu laut, Lieferung ok. Preis 12 €', '4', 'DE'],
    ['x-2', '03/02/2026 09:00', 'Très cher pour ce que c’est; «service» lent', '2', 'FR'],
    ['x-3', '31/02/2026 10:00', 'Impossible date from a typo', '3', 'DE'],
    ['x-4', '05/02/2026 18:30', '', '5', 'AT'],
    ['x-5', '06/02/2026 07:15', 'Die “Express”-Lieferung kam nach 9 Tagen.\nNie wieder.', '1', 'DE'],
  ];
  writeFileSync(
    new URL('excel-windows-1252-semicolon.csv', dir),
    iconv.encode(toCsv(rows, ';'), 'windows-1252'),
  );
}

const ZENDESK_HEADER = [
  'Summation column',
  'Id',
  'Requester',
  'Requester id',
  'Requester external id',
  'Requester email',
  'Requester domain',
  'Submitter',
  'Assignee',
  'Group',
  'Subject',
  'Tags',
  'Status',
  'Priority',
  'Via',
  'Ticket type',
  'Created at',
  'Updated at',
  'Assigned at',
  'Organization',
  'Due date',
  'Initially assigned at',
  'Solved at',
  'Resolution time',
  'Satisfaction Score',
  'Group stations',
  'Assignee stations',
  'Reopens',
  'Replies',
  'First reply time in minutes',
  'First reply time in minutes within business hours',
  'First resolution time in minutes',
  'First resolution time in minutes within business hours',
  'Full resolution time in minutes',
  'Full resolution time in minutes within business hours',
  'Agent wait time in minutes',
  'Agent wait time in minutes within business hours',
  'Requester wait time in minutes',
  'Requester wait time in minutes within business hours',
  'On hold time in minutes',
  'On hold time in minutes within business hours',
  'Plan [list]',
];

function zendeskRow(
  id: string,
  subject: string,
  via: string,
  created: string,
  score: string,
  plan: string,
): string[] {
  const row = ZENDESK_HEADER.map(() => '');
  const set = (name: string, value: string) => {
    row[ZENDESK_HEADER.indexOf(name)] = value;
  };
  set('Summation column', '1');
  set('Id', id);
  set('Requester', 'Customer ' + id);
  set('Requester id', `90${id}`);
  set('Requester email', `c${id}@example.com`);
  set('Subject', subject);
  set('Status', 'Solved');
  set('Via', via);
  set('Created at', created);
  set('Updated at', created);
  set('Satisfaction Score', score);
  set('Replies', '2');
  set('Plan [list]', plan);
  return row;
}

function writeZendeskCsv(): void {
  const rows = [
    ZENDESK_HEADER,
    zendeskRow(
      '1001',
      'Refund not received after returning order',
      'Mail',
      '2026-02-01 09:30:00',
      'Bad',
      'business',
    ),
    zendeskRow(
      '1002',
      'Cannot log in — two-factor code never arrives 📱',
      'Web Form',
      '2026-02-01T10:00:00Z',
      'Good',
      'starter',
    ),
    zendeskRow('1003', '', 'Voice', '2026-02-02 11:00:00', 'Offered', 'starter'),
    zendeskRow(
      '1004',
      'Checkout page shows a blank screen',
      'Web Form',
      '2026-02-30 10:00:00',
      'Unoffered',
      'business',
    ),
    zendeskRow('1005', 'Pedido llegó incompleto', 'Chat', '2026-02-03 16:20:00', 'Unoffered', 'business'),
    zendeskRow(
      '1002',
      'Cannot log in — two-factor code never arrives 📱',
      'Web Form',
      '2026-02-01T10:00:00Z',
      'Good',
      'starter',
    ),
    zendeskRow('', 'Lost its id', 'Mail', '2026-02-04 08:00:00', '', ''),
  ];
  writeFileSync(new URL('zendesk-tickets-export.csv', dir), toCsv(rows));
}

const FRESHDESK_HEADER = [
  'Ticket ID',
  'Subject',
  'Description',
  'Status',
  'Priority',
  'Source',
  'Type',
  'Agent',
  'Group',
  'Created time',
  'Due by Time',
  'Resolved time',
  'Closed time',
  'Last update time',
  'Initial response time',
  'Time tracked',
  'First response time (in hrs)',
  'Resolution time (in hrs)',
  'Agent interactions',
  'Customer interactions',
  'Resolution status',
  'First response status',
  'Tags',
  'Survey results',
  'Product',
  'Full name',
  'Contact ID',
  'Resolution time (in hrs)',
];

function freshdeskRow(
  id: string,
  subject: string,
  description: string,
  source: string,
  created: string,
  survey: string,
): string[] {
  return [
    id,
    subject,
    description,
    'Resolved',
    'Medium',
    source,
    'Question',
    'Alex Agent',
    'Support',
    created,
    '',
    '',
    '',
    created,
    '',
    '00:00:00',
    '01:30:00',
    '',
    '1',
    '1',
    'Within SLA',
    'Within SLA',
    '',
    survey,
    'Acme Budget',
    'Customer ' + id,
    `c-${id}`,
    '',
  ];
}

function writeFreshdesk(): void {
  const rows = [
    FRESHDESK_HEADER,
    freshdeskRow(
      '501',
      'Delivery delayed',
      "My order #8841 was promised for Friday and still hasn't shipped.",
      'Email',
      '2026-03-01 09:15:22',
      'Not Good',
    ),
    freshdeskRow(
      '502',
      'App login loop',
      'After the update the app sends me back to the login screen.\nThe "Remember me" box does nothing.',
      'Portal',
      '2026-03-01 10:00:00',
      'Awesome',
    ),
    freshdeskRow(
      '503',
      'Your subscription renews soon',
      'Hi! Just a reminder that your plan renews on 1 April.',
      'Outbound Email',
      '2026-03-02 08:00:00',
      '',
    ),
    freshdeskRow('504', '', '', 'Phone', '2026-03-02 09:00:00', 'Just Okay'),
    freshdeskRow(
      '505',
      'Wrong VAT',
      'The VAT number on my invoice is wrong.',
      'Email',
      '31/02/2026 10:00',
      '',
    ),
    freshdeskRow(
      '506',
      'Remboursement',
      "Je n'ai toujours pas reçu mon remboursement 😕",
      'Chat',
      '2026-03-03 14:30:00',
      '',
    ),
    freshdeskRow(
      '501',
      'Delivery delayed',
      "My order #8841 was promised for Friday and still hasn't shipped.",
      'Email',
      '2026-03-01 09:15:22',
      'Not Good',
    ),
    freshdeskRow(
      '507',
      'Survey typo',
      'The survey answer below is not a Freshdesk answer.',
      'Email',
      '2026-03-04 11:00:00',
      'Maybe?',
    ),
  ];
  writeFileSync(new URL('freshdesk-tickets-export.csv', dir), toCsv(rows));
}

writePlay();
writeExcel();
writeZendeskCsv();
writeFreshdesk();
