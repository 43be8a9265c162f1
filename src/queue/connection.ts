// Two Redis connection profiles, as BullMQ advises: workers wait out outages, producers fail fast.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

export type RedisRole = 'worker' | 'producer';

const PROFILES: Record<RedisRole, RedisOptions> = {
  // Blocking commands must wait as long as it takes (BullMQ requires null here).
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  // With Redis down an enqueue fails at once (an API request gets 503) instead of waiting in a queue;
  // BullMQ still waits for the first connection before its own commands.
  producer: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    enableReadyCheck: true,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 250, 2_000),
  },
};

/** Connection errors are logged at most once per 10 s: an outage must not flood the log. */
const WARN_EVERY_MS = 10_000;

export function createRedis(
  url: string,
  role: RedisRole,
  options: { name?: string; log?: Logger } = {},
): Redis {
  const redis = new Redis(url, { ...PROFILES[role], connectionName: options.name ?? `painmap-${role}` });
  let lastWarned = 0;
  redis.on('error', (error: Error & { code?: string }) => {
    if (Date.now() - lastWarned < WARN_EVERY_MS) return;
    lastWarned = Date.now();
    options.log?.warn({ err: { message: error.message, code: error.code }, role }, 'redis connection error');
  });
  return redis;
}

/** BullMQ needs `noeviction`: with any other policy Redis may drop queue keys and lose jobs. */
export async function checkEvictionPolicy(redis: Redis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1] ?? 'unknown';
  return policy === 'noeviction' ? null : policy;
}
