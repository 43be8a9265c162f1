import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../../../src/sources/file-sources.js';
import { googlePlayApi, lastModifiedMs } from '../../../src/sources/google-play-reviews.js';
import { backoffMs, parseRetryAfter, showUrl } from '../../../src/sources/http.js';

const review = {
  reviewId: 'gp:AOqpTOE',
  authorName: 'A Google user',
  comments: [
    {
      userComment: {
        text: '\tThe login code never arrives',
        lastModified: { seconds: '1780000000', nanos: 250000000 },
        starRating: 2,
        reviewerLanguage: 'en',
        device: 'pixel7',
        appVersionName: '4.2.0',
      },
    },
    { developerComment: { text: 'Sorry! Fixed in 4.3.', lastModified: { seconds: '1780000500' } } },
  ],
};

describe('google play reviews.list records', () => {
  it('map the customer comment (never the developer reply) with its segment and edit time', () => {
    const [event] = googlePlayApi.map(review, 1, { segment: { plan: 'free' } });
    expect(event).toMatchObject({
      kind: 'item',
      item: {
        source: 'google-play',
        externalId: 'gp:AOqpTOE',
        text: 'The login code never arrives',
        receivedAt: '2026-05-28T20:26:40.250Z',
        rating: { value: 2, scale: 'stars5' },
        channel: 'app_review',
        segment: { plan: 'free', app_version: '4.2.0', device: 'pixel7', language: 'en' },
      },
    });
    expect(lastModifiedMs(review)).toBe(1780000000250);
  });

  it('reject a review without a time, and skip one without text', () => {
    const undated = { reviewId: 'x', comments: [{ userComment: { text: 'hi', starRating: 3 } }] };
    expect(googlePlayApi.map(undated, 2, {})[0]).toMatchObject({
      kind: 'rejected',
      issue: { code: 'missing_date' },
    });
    const blank = {
      ...review,
      comments: [{ userComment: { ...review.comments[0]!.userComment, text: '' } }],
    };
    expect(googlePlayApi.map(blank, 3, {})[0]).toMatchObject({ kind: 'skipped' });
  });
});

describe('http helpers', () => {
  it.each([
    ['1', 1000],
    ['2.5', 2500],
    ['', null],
    [null, null],
    ['soon', null],
    ['Wed, 21 Oct 2026 07:28:10 GMT', 10_000],
  ])('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(expected);
  });

  it('backs off exponentially with jitter in [half, full]', () => {
    expect(backoffMs(1, 1000, () => 0)).toBe(500);
    expect(backoffMs(3, 1000, () => 1)).toBe(4000);
  });

  it('shows a URL without its query or credentials', () => {
    expect(showUrl('https://u:p@host.example/api/x.json?cursor=abc&token=t')).toBe(
      'https://host.example/api/x.json',
    );
  });

  it('matches drop-folder globs within one file name', () => {
    const re = globToRegExp('reviews_*_2026??.csv');
    expect(re.test('reviews_com.acme_202601.csv')).toBe(true);
    expect(re.test('reviews_com.acme_2026011.csv')).toBe(false);
    expect(globToRegExp('*.csv').test('a.csv.bak')).toBe(false);
  });
});
