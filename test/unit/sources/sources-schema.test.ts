import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSources, SourcesFileError } from '../../../src/sources/sources.schema.js';

const problems = (text: string) => {
  try {
    parseSources(text, 'sources.yml');
  } catch (error) {
    if (error instanceof SourcesFileError) return error.problems;
    throw error;
  }
  return [];
};

describe('the sources file', () => {
  it('reads the example file with its defaults', () => {
    const sources = parseSources(readFileSync('fixtures/sources/sources.example.yml', 'utf8'), 'example');
    expect(sources.map((s) => `${s.name}:${s.type}`)).toEqual([
      'support:zendesk',
      'ios:app-store',
      'android:google-play',
      'surveys:folder',
      'trustpilot:http-file',
    ]);
    expect(sources[1]).toMatchObject({ pageSize: 200, timeoutMs: 30_000, attempts: 5, segment: {} });
    expect(sources[3]).toMatchObject({ glob: '*.csv', format: 'auto', segment: { plan: 'pro' } });
    expect(Object.isFrozen(sources[0])).toBe(true);
  });

  it('lists every problem at once', () => {
    const found = problems(`sources:
  - { name: Bad Name, type: folder, path: /x }
  - { name: z, type: zendesk, subdomain: acme, tokenEnv: lower_case }
  - { name: f, type: http-file, url: ftp://host/file.csv }
  - { name: f, type: folder, path: /y }
  - { name: q, type: sftp }`);
    expect(found.join('\n')).toMatch(/sources\.0\.name/);
    expect(found.join('\n')).toMatch(/sources\.1\.tokenEnv/);
    expect(found.join('\n')).toMatch(/sources\.2\.url/);
    expect(found.join('\n')).toMatch(/sources\.4/);
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses a token written into the file and says where it belongs', () => {
    const found = problems(
      'sources:\n  - { name: z, type: zendesk, subdomain: acme, tokenEnv: ZD, token: abc }',
    );
    expect(found.join('\n')).toMatch(/environment variable.*tokenEnv/);
  });

  it('refuses a URL carrying a password, and duplicate names', () => {
    const found = problems(`sources:
  - { name: a, type: http-file, url: "https://user:pw@host/x.csv" }
  - { name: a, type: folder, path: /y }`);
    expect(found.join('\n')).toMatch(/user or password/);
    expect(found.join('\n')).toMatch(/"a" is used twice/);
  });

  it('reads JSON too, and reports unreadable YAML', () => {
    expect(parseSources('{"sources":[{"name":"d","type":"folder","path":"/d"}]}', 'x.json')).toHaveLength(1);
    expect(problems('sources: [ {')).toHaveLength(1);
  });
});
