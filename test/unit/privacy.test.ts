import { describe, expect, it } from 'vitest';
import { selectorOf } from '../../src/cli/privacy.command.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { subjectHash } from '../../src/pipeline/forget.js';
import { retentionCutoff } from '../../src/pipeline/retention.js';

describe('retentionCutoff', () => {
  it.each([
    ['2026-12-03T16:00:00Z', 12, '2025-12-03'],
    ['2026-01-15T00:00:00Z', 1, '2025-12-15'],
    ['2026-03-31T23:59:59Z', 1, '2026-02-28'],
    ['2024-03-31T08:00:00Z', 1, '2024-02-29'],
    ['2026-05-31T12:00:00Z', 18, '2024-11-30'],
    ['2026-08-31T12:00:00Z', 6, '2026-02-28'],
  ])('on %s keeping %i months, the first day kept is %s', (now, months, day) => {
    expect(retentionCutoff(new Date(now), months)).toBe(day);
  });

  it('reads the day in UTC whatever the process time zone says', () => {
    // 00:30 UTC on 1 March is still 28 February in Los Angeles.
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date('2026-03-01T00:30:00Z').getDate()).toBe(28);
      expect(retentionCutoff(new Date('2026-03-01T00:30:00Z'), 2)).toBe('2026-01-01');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe('subjectHash', () => {
  it('is the sha256 of a fixed prefix and the selector, so a request can be found again', () => {
    // printf 'painmap/customer:c-9' | sha256sum
    expect(subjectHash({ kind: 'customer', customerId: 'c-9' })).toBe(
      '08c650e6f32e6f335eedd868782e02a93b9d91957826938917af6dcc06978f7c',
    );
    const customer = subjectHash({ kind: 'customer', customerId: 'c-9' });
    expect(customer).toMatch(/^[0-9a-f]{64}$/);
    expect(customer).not.toContain('c-9');
    expect(subjectHash({ kind: 'customer', customerId: 'c-90' })).not.toBe(customer);
    // A record of source "c" with id "9" is another subject than customer "c-9".
    expect(subjectHash({ kind: 'record', source: 'c', externalId: '9' })).not.toBe(customer);
    expect(subjectHash({ kind: 'record', source: 'a/b', externalId: 'c' })).not.toBe(
      subjectHash({ kind: 'record', source: 'a', externalId: 'b/c' }),
    );
  });
});

describe('RETENTION_MONTHS and RETENTION_CRON', () => {
  it('keeps feedback forever when unset and runs at 03:30 UTC by default', () => {
    const config = loadConfig({});
    expect(config.RETENTION_MONTHS).toBeUndefined();
    expect(config.RETENTION_CRON).toBe('30 3 * * *');
    expect(loadConfig({ RETENTION_MONTHS: '12' }).RETENTION_MONTHS).toBe(12);
  });

  it.each([['0'], ['-3'], ['1.5'], ['twelve'], ['1201']])('refuses RETENTION_MONTHS=%s', (value) => {
    expect(() => loadConfig({ RETENTION_MONTHS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_MONTHS: value })).toThrow(/RETENTION_MONTHS/);
  });

  it('refuses a RETENTION_CRON that is not a cron expression', () => {
    expect(() => loadConfig({ RETENTION_CRON: 'every night' })).toThrow(/RETENTION_CRON: a cron expression/);
  });
});

describe('painmap forget selectors', () => {
  it('takes a customer, or a source with an external id', () => {
    expect(selectorOf({ customer: ' C-1 ' })).toEqual({ kind: 'customer', customerId: 'C-1' });
    expect(selectorOf({ source: 'survey', externalId: 'R_1' })).toEqual({
      kind: 'record',
      source: 'survey',
      externalId: 'R_1',
    });
  });

  it.each([
    ['neither', {}],
    ['both', { customer: 'C-1', source: 'survey', externalId: 'R_1' }],
    ['a source without an id', { source: 'survey' }],
    ['a blank customer', { customer: '  ' }],
  ])('refuses %s with a message naming the options', (_what, options) => {
    expect(() => selectorOf(options)).toThrow('Give --customer ID, or --source NAME with --external-id ID');
  });
});
