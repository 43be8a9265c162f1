// Configuration: parsed once from the environment, validated with zod, frozen.
// A bad start lists every wrong variable at once.
import { z } from 'zod';

const int = (def: number, min = 1, max = 1_000_000) => z.coerce.number().int().min(min).max(max).default(def);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.some((p) => value.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const schema = z.object({
  DATABASE_URL: url(['postgres://', 'postgresql://']).optional(),
  REDIS_URL: url(['redis://', 'rediss://']).optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,40}$/, 'letters, digits, _ and - only')
    .default('painmap'),
  WORKER_CONCURRENCY: int(4, 1, 64),
  BATCH_SIZE: int(500, 1, 5000),
  DB_POOL_SIZE: int(4, 1, 100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 600_000),
  RECONCILE_INTERVAL_MS: int(60_000, 1_000, 86_400_000),
  /** A batch that is not done this long after it was recorded is enqueued again by the reconciler. */
  RECONCILE_AFTER_MS: int(120_000, 1_000, 86_400_000),
  AGGREGATE_DEBOUNCE_MS: int(1_000, 0, 600_000),
  MAX_FILE_BYTES: int(1024 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
  MAX_RECORDS: int(5_000_000, 1, Number.MAX_SAFE_INTEGER),
  MAX_RECORD_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
  NIGHTLY_CRON: z.string().min(9).default('0 2 * * *'),
  PAINMAP_TAXONOMY: z.string().optional(),
});

type Parsed = z.infer<typeof schema>;
export interface Config extends Readonly<Parsed> {}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example.`);
  }
}

/** Parses the environment into a frozen Config, or throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const shown = name.endsWith('_URL') ? '' : ` (got ${JSON.stringify(cleaned[name])})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data);
}

/** The demo and tests decide between embedded and real services by this. */
export function hasServices(config: Config): config is Config & { DATABASE_URL: string; REDIS_URL: string } {
  return config.DATABASE_URL !== undefined && config.REDIS_URL !== undefined;
}
