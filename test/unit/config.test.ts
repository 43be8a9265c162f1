import { describe, expect, it } from 'vitest';
import { ConfigError, hasServices, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('fills defaults and freezes the result', () => {
    const config = loadConfig({});
    expect(config.BATCH_SIZE).toBe(500);
    expect(config.NIGHTLY_CRON).toBe('0 2 * * *');
    expect(Object.isFrozen(config)).toBe(true);
    expect(hasServices(config)).toBe(false);
  });

  it('keeps the embedded data in ./painmap-data unless PAINMAP_DATA_DIR names a folder', () => {
    expect(loadConfig({}).PAINMAP_DATA_DIR).toBe('./painmap-data');
    expect(loadConfig({ PAINMAP_DATA_DIR: ' /srv/painmap ' }).PAINMAP_DATA_DIR).toBe('/srv/painmap');
    expect(() => loadConfig({ PAINMAP_DATA_DIR: 'postgres://db/painmap' })).toThrow(
      /PAINMAP_DATA_DIR: a folder path, not a URL/,
    );
  });

  it('lists every wrong variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        WORKER_CONCURRENCY: 'lots',
        BATCH_SIZE: '0',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(['BATCH_SIZE', 'DATABASE_URL', 'LOG_LEVEL', 'WORKER_CONCURRENCY']);
  });

  it('never echoes a URL, which may hold a password', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:s3cret@host' })).toThrow(ConfigError);
    try {
      loadConfig({ REDIS_URL: 'http://user:s3cret@host' });
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('takes DATABASE_READ_URL only beside DATABASE_URL, and lists it with the other problems', () => {
    const both = {
      DATABASE_URL: 'postgres://primary/painmap',
      DATABASE_READ_URL: 'postgres://replica/painmap',
    };
    expect(loadConfig(both).DATABASE_READ_URL).toBe('postgres://replica/painmap');
    expect(loadConfig({}).DATABASE_READ_URL).toBeUndefined();
    let error: unknown;
    try {
      loadConfig({ DATABASE_READ_URL: 'postgres://replica/painmap', BATCH_SIZE: '0' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['BATCH_SIZE', 'DATABASE_READ_URL']);
    expect(problems.join('\n')).toMatch(/DATABASE_READ_URL: needs DATABASE_URL too/);
    expect(() => loadConfig({ ...both, DATABASE_READ_URL: 'mysql://replica' })).toThrow(
      /DATABASE_READ_URL: must start with postgres:\/\//,
    );
  });
});
