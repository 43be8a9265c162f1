// Security headers on every response (API, dashboard, OpenAPI page, queue board, 404s) through
// @fastify/helmet. The Content-Security-Policy lets pages run only scripts served from this origin:
// no inline script, no eval, no inline event handlers; no page may frame us; no Referer leaves.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The policy, directive by directive; exported so the tests and README read the same list. */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // ECharts and Swagger UI set inline style attributes; styles cannot run code.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Self-hosted installs often serve plain HTTP on a LAN: upgrading would break their assets.
  'upgrade-insecure-requests': null,
} as const;

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Browsers ignore HSTS over plain HTTP; behind TLS, do not force the operator's other subdomains.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}
