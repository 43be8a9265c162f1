import { describe, expect, it } from 'vitest';
import { parseRoute, pickParams, routeHref, withParams } from '../../../web/src/router.js';

const plain = (route: { page: string; params: URLSearchParams }) => ({
  page: route.page,
  params: Object.fromEntries(route.params),
});

describe('the dashboard address', () => {
  it.each([
    ['', { page: '', params: {} }],
    ['#', { page: '', params: {} }],
    ['#/journey', { page: 'journey', params: {} }],
    ['#/journey/', { page: 'journey', params: {} }],
    [
      '#/journey?segment=persona%3Abusiness&compare=persona%3Anew_customer&weeks=4',
      {
        page: 'journey',
        params: { segment: 'persona:business', compare: 'persona:new_customer', weeks: '4' },
      },
    ],
    ['#token=abc123', { page: '', params: { token: 'abc123' } }],
    ['#/heatmap?metric=volume&token=abc', { page: 'heatmap', params: { metric: 'volume', token: 'abc' } }],
  ])('reads %j', (hash, expected) => {
    expect(plain(parseRoute(hash))).toEqual(expected);
  });

  it('writes a route that reads back the same, empty values left out, keys sorted', () => {
    const params = new URLSearchParams({
      to: '2026-08-23',
      segment: 'plan:pro',
      source: '',
      from: '2026-05-25',
    });
    const href = routeHref('journey', params);
    expect(href).toBe('#/journey?from=2026-05-25&segment=plan%3Apro&to=2026-08-23');
    expect(plain(parseRoute(href))).toEqual({
      page: 'journey',
      params: { from: '2026-05-25', segment: 'plan:pro', to: '2026-08-23' },
    });
    expect(routeHref('heatmap', new URLSearchParams())).toBe('#/heatmap');
  });

  it('changes parameters without touching the others; empty removes', () => {
    const params = new URLSearchParams({ weeks: '13', segment: 'plan:pro' });
    const next = withParams(params, { weeks: null, from: '2026-06-01', segment: '' });
    expect(Object.fromEntries(next)).toEqual({ from: '2026-06-01' });
    expect(Object.fromEntries(params)).toEqual({ weeks: '13', segment: 'plan:pro' });
  });

  it('carries only the shared parameters between pages', () => {
    const params = new URLSearchParams({ metric: 'volume', segment: 'plan:pro', source: 'survey' });
    expect(Object.fromEntries(pickParams(params, ['source', 'segment']))).toEqual({
      segment: 'plan:pro',
      source: 'survey',
    });
  });
});
