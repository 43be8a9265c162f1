// Security headers on every kind of response: the dashboard, an API route (answered and refused),
// the OpenAPI page and its assets, the queue board and a 404. The policy allows no inline script
// and no framing, and no Referer leaves the page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKENS, auth, startTestServer, type TestServer, tokens } from './api-helpers.js';
import { createTestDb, type TestDb, testConfig } from './helpers.js';

let t: TestDb;
let server: TestServer;

beforeAll(async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'painmap-web-'));
  execFileSync(process.execPath, ['scripts/build-web.mjs', webRoot], { stdio: 'pipe' });
  t = await createTestDb();
  server = await startTestServer(testConfig({ API_TOKENS }, t.url), webRoot);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

/** The CSP as a map of directive → sources. */
function directivesOf(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

const RESPONSES: Array<{ what: string; path: string; token?: string; status: number }> = [
  { what: 'the dashboard', path: '/', status: 200 },
  { what: 'the dashboard’s script', path: '/app.js', status: 200 },
  { what: 'an API route', path: '/v1/filters', token: tokens.read, status: 200 },
  { what: 'an API route refused without a token', path: '/v1/filters', status: 401 },
  { what: 'the OpenAPI page', path: '/docs', status: 200 },
  { what: 'the OpenAPI page’s script', path: '/docs/static/swagger-ui-bundle.js', status: 200 },
  { what: 'the OpenAPI document', path: '/docs/json', status: 200 },
  { what: 'the queue board', path: '/admin/queues', token: tokens.admin, status: 200 },
  { what: 'an unknown path', path: '/no-such-page', status: 404 },
];

describe('security headers', () => {
  it.each(RESPONSES)('$what ($path) carries them', async ({ path, token, status }) => {
    const response = await fetch(`${server.url}${path}`, { headers: token ? auth(token) : {} });
    await response.arrayBuffer();
    expect(response.status).toBe(status);
    const csp = directivesOf(response.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('no directive allows inline or evaluated script', async () => {
    const response = await fetch(`${server.url}/docs`);
    const header = response.headers.get('content-security-policy') ?? '';
    expect(header).toContain('script-src');
    for (const [name, sources] of directivesOf(header)) {
      if (name.startsWith('script-src') || name === 'default-src') {
        expect(sources.join(' '), name).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
      }
    }
  });

  it('the dashboard and the OpenAPI page hold no inline script for the policy to block', async () => {
    for (const path of ['/', '/docs']) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes, path).toMatch(/\bsrc=/);
        expect(body!.trim(), path).toBe('');
      }
      expect(html, path).not.toMatch(/\son[a-z]+\s*=/i);
    }
  });
});
