// The column profile decides a column's role from what it holds; titles only break ties.
import { describe, expect, it } from 'vitest';
import { classifyColumn, profileColumn } from '../../../src/ingest/column-profile.js';

const column = (header: string, values: string[]) =>
  classifyColumn(
    profileColumn(
      header,
      0,
      values.map((v) => [v]),
    ),
  );

const prose = [
  'The parcel arrived a week late and nobody answered my e-mails.',
  'Checkout rejected my card twice before it worked.',
  'Great staff, but the queue at the till was far too long.',
  'I could not find the return form anywhere on the site.',
];

describe('column roles from the answers', () => {
  it.each([
    ['Do you use our app?', ['0', '1', '1', '0', '1', '0'], 'segment', undefined],
    ['Would you recommend us?', ['0', '1', '1', '0'], 'segment', undefined],
    ['How likely are you to recommend us?', ['9', '3', '10', '0', '7'], 'rating', 'nps'],
    ['Wie wahrscheinlich ist es, dass Sie uns empfehlen?', ['9', '3', '10', '7'], 'rating', 'nps'],
    ['Note (sur 10)', ['8', '3', '10', '2'], 'rating', 'scale10'],
    ['Bewertung (1-5)', ['2', '5', '3', '4'], 'rating', 'stars5'],
    ['Puntuación', ['9', '4', '7', '0'], 'rating', 'nps'],
    ['How satisfied were you?', ['4', '2', '5', '9'], 'rating', 'csat5'],
    ['Q7', ['1', '4', '5', '3', '2'], 'rating', 'stars5'],
    ['Q8', ['0', '7', '10', '3', '2'], 'segment', undefined],
    ['How old are you?', ['23', '41', '35', '67', '19'], 'id', undefined],
    ['Gender', ['Male', 'm', 'Female', 'f', 'Male', 'female', 'Male', 'f'], 'segment', undefined],
    ['Course', ['Intro to Data', 'Intro to Data', 'Web Basics', 'Web Basics'], 'segment', undefined],
    ['Kommentar', prose, 'text', undefined],
    ['Q12', prose, 'text', undefined],
    ['Commentaire', ['Trop cher', 'Vendeur sympa', 'Rayon vide', 'Bof'], 'text', undefined],
    ['Fecha', ['02/03/2026', '03/03/2026', '04/03/2026'], 'date', undefined],
    ['Submitted', ['2026-03-02 10:00:00', '2026-03-02 11:30:00'], 'date', undefined],
    ['Response ID', ['r-001', 'r-002', 'r-003'], 'id', undefined],
    ['Anything else?', ['', '', ''], 'ignored', undefined],
  ])('"%s" %j → %s %s', (header, values, role, scale) => {
    const planned = column(header, values);
    expect(planned.role).toBe(role);
    expect(planned.scale).toBe(scale);
    expect(planned.why).not.toBe('');
  });

  it('says why a 0/1 column is not a rating', () => {
    expect(column('Score', ['0', '1', '1']).why).toMatch(/yes\/no answer, never a rating/);
  });
});
