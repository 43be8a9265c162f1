// Two Redis connection profiles, as BullMQ advises: workers wait out outages, producers fail fast.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

export type RedisRole = 'worker' | 'producer';

export function createRedis(url: string, role: RedisRole, log?: Logger): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 2, enableReadyCheck: true, connectTimeout: 5_000 };
  const redis = new Redis(url, { ...options, connectionName: `painmap-${role}`, lazyConnect: false });
  redis.on('error', (error: Error & { code?: string }) => {
    log?.warn({ err: { message: error.message, code: error.code }, role }, 'redis connection error');
  });
  return redis;
}

/** BullMQ needs `noeviction`: with any other policy Redis may drop queue keys and lose jobs. */
export async function checkEvictionPolicy(redis: Redis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1] ?? 'unknown';
  return policy === 'noeviction' ? null : policy;
}
