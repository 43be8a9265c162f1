// Bearer tokens from API_TOKENS, compared in constant time. Three kinds: admin (everything),
// ingest (uploads and items, plus reads) and read (queries only). Tokens are never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiToken } from '../config.js';

export type Access = 'public' | 'read' | 'ingest' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    principal: { name: string; kind: ApiToken['kind'] } | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const ALLOWED: Record<Exclude<Access, 'public'>, ReadonlyArray<ApiToken['kind']>> = {
  read: ['read', 'ingest', 'admin'],
  ingest: ['ingest', 'admin'],
  admin: ['admin'],
};

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Finds the token's owner. Every configured token is compared (equal-length digests, no early exit). */
export function findPrincipal(
  tokens: readonly ApiToken[],
  given: string | null,
): FastifyRequest['principal'] {
  if (!given) return null;
  const givenDigest = digest(given);
  let found: ApiToken | null = null;
  for (const token of tokens) {
    if (timingSafeEqual(digest(token.token), givenDigest)) found = token;
  }
  return found ? { name: found.name, kind: found.kind } : null;
}

/** `Bearer <token>`; also HTTP Basic (password = token) so a browser can open /admin/queues. */
export function credentialOf(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

export function accessOf(request: FastifyRequest): Access {
  const configured = request.routeOptions.config?.access;
  if (configured) return configured;
  return request.url.startsWith('/admin') ? 'admin' : 'public';
}

/** Step 1 (every request, before rate limiting): who is calling. Never replies. */
export function registerIdentify(app: FastifyInstance, tokens: readonly ApiToken[]): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    request.principal = findPrincipal(tokens, credentialOf(request.headers.authorization));
  });
}

/** Step 2 (per route, after rate limiting): may they? 401 without a known token, 403 for too weak a kind. */
export async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const access = accessOf(request);
  if (access === 'public') return;
  if (!request.principal) {
    if (access === 'admin') reply.header('www-authenticate', 'Basic realm="painmap admin", charset="UTF-8"');
    else reply.header('www-authenticate', 'Bearer realm="painmap"');
    await reply.code(401).send({
      error: 'unauthorized',
      message: 'Send a token from API_TOKENS as `Authorization: Bearer <token>`.',
    });
    return reply;
  }
  if (!ALLOWED[access].includes(request.principal.kind)) {
    await reply.code(403).send({
      error: 'forbidden',
      message: `This endpoint needs a token of kind ${ALLOWED[access].filter((k) => k !== 'admin').join(' or ') || 'admin'}.`,
    });
    return reply;
  }
}
