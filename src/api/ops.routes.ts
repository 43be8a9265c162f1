// /healthz (the process is up), /readyz (Postgres and Redis answer) and /metrics (Prometheus text).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { BullDispatcher } from '../queue/dispatcher.js';
import { QUEUES } from '../queue/jobs.js';
import { queryStoredFigures } from './metrics.query.js';
import type { ApiRuntime } from './runtime.js';
import { withTimeout } from './timeout.js';

export interface HttpCounters {
  requests: Map<string, number>;
}

async function check(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await withTimeout(probe(), 2_000, 'probe');
    return true;
  } catch {
    return false;
  }
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export async function opsRoutes(app: FastifyInstance, rt: ApiRuntime, counters: HttpCounters): Promise<void> {
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness' } }, async () => ({ ok: true }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: 503 while Postgres, its read replica (if set) or Redis is unreachable',
      },
    },
    async (_request, reply) => {
      // Embedded (no Redis; jobs run in this process): `redis` is null and readiness is Postgres alone.
      // `replica` shows only with DATABASE_READ_URL: the dashboard cannot answer without it.
      const [postgres, redis, replica] = await Promise.all([
        check(() => sql`select 1`.execute(rt.db)),
        rt.redis === null
          ? null
          : check(async () =>
              rt.redis?.status === 'ready' ? rt.redis.ping() : Promise.reject(new Error('down')),
            ),
        rt.readDb === rt.db ? undefined : check(() => sql`select 1`.execute(rt.readDb)),
      ]);
      const ready = postgres && redis !== false && replica !== false;
      if (!ready) reply.header('retry-after', '5');
      return reply.code(ready ? 200 : 503).send({ ready, postgres, redis, replica });
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'read' },
      schema: { tags: ['operations'], summary: 'Prometheus metrics (read token)' },
    },
    async (_request, reply) => {
      const text = await metricsText(rt, counters);
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );
}

/** The Prometheus text of /metrics: Redis, queue depths, stored figures, tag latency, HTTP counters. */
async function metricsText(rt: ApiRuntime, counters: HttpCounters): Promise<string> {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, samples: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  const redisUp = rt.redis?.status === 'ready';
  metric('painmap_redis_up', 'gauge', 'Whether the API reaches Redis.', [['', redisUp ? 1 : 0]]);
  if (redisUp && rt.dispatcher instanceof BullDispatcher)
    metric('painmap_queue_jobs', 'gauge', 'Jobs per queue and state.', await queueDepths(rt.dispatcher));
  const stored = await queryStoredFigures(rt.readDb);
  metric('painmap_feedback_items', 'gauge', 'Feedback items stored.', [['', stored.items]]);
  metric(
    'painmap_ingest_runs',
    'gauge',
    'Ingest runs by state.',
    stored.runs.map((r) => [`{state="${esc(r.state)}"}`, r.n]),
  );
  metric(
    'painmap_uploads',
    'gauge',
    'Uploads by state.',
    stored.uploads.map((r) => [`{state="${esc(r.state)}"}`, r.n]),
  );
  const l = stored.tagLatency;
  lines.push(
    '# HELP painmap_tag_batch_latency_seconds Seconds from a batch being recorded to being tagged (last hour).',
    '# TYPE painmap_tag_batch_latency_seconds summary',
    `painmap_tag_batch_latency_seconds{quantile="0.5"} ${l.p50 ?? 'NaN'}`,
    `painmap_tag_batch_latency_seconds{quantile="0.95"} ${l.p95 ?? 'NaN'}`,
    `painmap_tag_batch_latency_seconds_count ${l.count}`,
  );
  metric(
    'painmap_http_requests_total',
    'counter',
    'HTTP requests by route and status.',
    [...counters.requests].map(([key, n]) => [key, n]),
  );
  return `${lines.join('\n')}\n`;
}

/** Jobs per queue and state, as Prometheus samples. */
async function queueDepths(dispatcher: BullDispatcher): Promise<Array<[string, number]>> {
  const depths: Array<[string, number]> = [];
  for (const queue of QUEUES) {
    const counts = await withTimeout(
      dispatcher.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed'),
      2_000,
      'Redis',
    );
    for (const [state, n] of Object.entries(counts)) depths.push([`{queue="${queue}",state="${state}"}`, n]);
  }
  return depths;
}
