// The HTTP server: API under /v1, operations endpoints, OpenAPI at /docs, the queue dashboard at
// /admin/queues and the web dashboard at /. Every request is identified by its token first, rate
// limited, then authorised per route; every response carries the security headers (see
// security-headers.ts); infrastructure outages answer 503 with Retry-After.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { BullDispatcher } from '../queue/dispatcher.js';
import { isInfrastructureError } from '../queue/errors.js';
import { QUEUES } from '../queue/jobs.js';
import { analyticsRoutes } from './analytics.routes.js';
import { authorize, registerIdentify } from './auth.js';
import { customerRoutes } from './customers.routes.js';
import { driverRoutes } from './drivers.routes.js';
import { itemRoutes } from './items.routes.js';
import { journeyRoutes } from './journey.routes.js';
import { type HttpCounters, opsRoutes } from './ops.routes.js';
import { queryRoutes } from './query.routes.js';
import type { ApiRuntime } from './runtime.js';
import { searchRoutes } from './search.routes.js';
import { registerSecurityHeaders } from './security-headers.js';
import { uploadRoutes } from './uploads.routes.js';
import { describeIssues, useZodSchemas, zodToOpenApi } from './zod-schema.js';

export interface ServerOptions {
  /** Folder with the built dashboard (index.html, app.js, app.css); see scripts/build-web.mjs. */
  webRoot: string;
}

const RATE_LIMITED = (url: string) =>
  url.startsWith('/v1/') || url.startsWith('/admin') || url === '/metrics';

export async function createApiServer(rt: ApiRuntime, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: rt.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    requestTimeout: 0,
  });
  useZodSchemas(app);
  const counters: HttpCounters = { requests: new Map() };
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `{route="${route.replace(/"/g, '')}",status="${reply.statusCode}"}`;
    counters.requests.set(key, (counters.requests.get(key) ?? 0) + 1);
  });
  app.setErrorHandler(handleError);
  await registerSecurityHeaders(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'painmap API',
        version: '1',
        description: 'Upload feedback, follow its ingestion and query pain-point heatmaps.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: zodToOpenApi as never,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerIdentify(app, rt.config.API_TOKENS);
  await app.register(rateLimit, {
    global: true,
    max: rt.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (request) => !RATE_LIMITED(request.url),
    keyGenerator: (request) => (request.principal ? `token:${request.principal.name}` : `ip:${request.ip}`),
  });
  // After the rate limiter's own route hook: failed logins are rate limited too.
  app.addHook('onRoute', (route) => {
    const hooks = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...hooks, authorize] as typeof route.onRequest;
  });

  await opsRoutes(app, rt, counters);
  await queryRoutes(app, rt);
  await driverRoutes(app, rt);
  await analyticsRoutes(app, rt);
  await searchRoutes(app, rt);
  await journeyRoutes(app, rt);
  await itemRoutes(app, rt);
  await customerRoutes(app, rt);
  await app.register(async (child) => uploadRoutes(child, rt));
  if (rt.dispatcher instanceof BullDispatcher) await registerQueueBoard(app, rt.dispatcher);
  await registerDashboard(app, options.webRoot);
  return app;
}

async function registerQueueBoard(app: FastifyInstance, dispatcher: BullDispatcher): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/admin/queues');
  createBullBoard({
    queues: QUEUES.map((name) => new BullMQAdapter(dispatcher.queue(name), { readOnlyMode: false })),
    // @bull-board/fastify pins a patch-older @bull-board/api: the types differ, the protocol does not.
    serverAdapter: serverAdapter as never,
  });
  await app.register(serverAdapter.registerPlugin() as never, { prefix: '/admin/queues' });
}

async function registerDashboard(app: FastifyInstance, webRoot: string): Promise<void> {
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: 'index.html', wildcard: false });
    return;
  }
  app.get('/', async (_request, reply) =>
    reply
      .code(503)
      .type('text/plain')
      .send('The dashboard is not built: run `npm run build:web` (or `npm run build`) and restart.'),
  );
}

function handleError(
  error: FastifyError,
  request: Parameters<FastifyInstance['errorHandler']>[1],
  reply: Parameters<FastifyInstance['errorHandler']>[2],
) {
  // A body we stopped reading (413, 503 before the upload) leaves the connection unusable: close it.
  if (!request.raw.complete) reply.header('connection', 'close');
  if (isInfrastructureError(error)) {
    request.log.warn({ err: { code: error.code, name: error.name } }, 'dependency unreachable: 503');
    return reply.code(503).header('retry-after', '5').send({
      error: 'unavailable',
      message:
        'Postgres or Redis is unreachable right now; nothing was stored half-way. Retry in a few seconds.',
    });
  }
  if (error instanceof ZodError) {
    return reply.code(400).send({
      error: 'invalid_request',
      message: 'The request does not match the API (see /docs).',
      issues: describeIssues(error),
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error(
      { err: { message: error.message, code: error.code, name: error.name } },
      'request failed',
    );
    return reply.code(500).send({ error: 'internal', message: 'Internal error; see the server log.' });
  }
  request.log.info({ err: { code: error.code, name: error.name }, status }, 'request refused');
  // Parser messages can quote the body (feedback text): those get a fixed message.
  const message =
    error instanceof SyntaxError || error.code?.startsWith('FST_ERR_CTP')
      ? status === 413
        ? 'The request body is over the size limit.'
        : 'The request body could not be parsed.'
      : error.message;
  return reply.code(status).send({ error: codeOf(status, error), message });
}

function codeOf(status: number, error: FastifyError): string {
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status === 400) return 'bad_request';
  return error.code?.toLowerCase() ?? `http_${status}`;
}
