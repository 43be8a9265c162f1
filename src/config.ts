// Configuration: parsed once from the environment, validated with zod, frozen.
// A bad start lists every wrong variable at once.
import { validate as isCronExpression } from 'node-cron';
import { z } from 'zod';
import { DEFAULT_REDACT, parseRedactKinds } from './ingest/redact.js';
import { isPresetName, PRESET_NAMES, PRESET_PREFIX } from './tagging/taxonomy/preset-names.js';

const int = (def: number, min = 1, max = 1_000_000) => z.coerce.number().int().min(min).max(max).default(def);
const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.some((p) => value.startsWith(p)), {
      message: `must start with ${protocols.join(' or ')}`,
    });

const fields = z.object({
  DATABASE_URL: url(['postgres://', 'postgresql://']).optional(),
  /** A streaming replica for the dashboard's and the query commands' reads; writes never go there. */
  DATABASE_READ_URL: url(['postgres://', 'postgresql://']).optional(),
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
  /** BullMQ lock per running job; a crashed worker's jobs come back after about this plus the interval. */
  WORKER_LOCK_MS: int(60_000, 1_000, 3_600_000),
  WORKER_STALLED_INTERVAL_MS: int(15_000, 500, 3_600_000),
  /** Crashes a job may live through before it is failed (BullMQ's own default of 1 loses work). */
  WORKER_MAX_STALLED: int(10, 1, 1_000),
  /** How long a queue pauses after a Postgres or Redis outage error (no attempt is used up). */
  WORKER_INFRA_PAUSE_MS: int(2_000, 100, 600_000),
  MAX_FILE_BYTES: int(1024 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
  MAX_RECORDS: int(5_000_000, 1, Number.MAX_SAFE_INTEGER),
  MAX_RECORD_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
  NIGHTLY_CRON: z.string().min(9).default('0 2 * * *'),
  /** The nightly sources file (YAML or JSON); see docs/nightly.md. Tokens stay in the environment. */
  PAINMAP_SOURCES: z.string().min(1).optional(),
  /** `preset:NAME`, a taxonomy file (which may extend a preset), or `default`; the file is read at start-up. */
  PAINMAP_TAXONOMY: z
    .string()
    .trim()
    .refine((value) => !value.startsWith(PRESET_PREFIX) || isPresetName(value.slice(PRESET_PREFIX.length)), {
      message: `an unknown preset; the presets are ${PRESET_NAMES.map((n) => PRESET_PREFIX + n).join(', ')}`,
    })
    .optional(),
  /** Tag with the learned clause model on top of the rules (read by src/tagging/index.ts at import). */
  PAINMAP_CLAUSE_MODEL: z.enum(['on', 'off']).optional(),
  /** Ranking weights of "moments of truth": stage=weight or stage/touchpoint=weight, comma-separated. */
  STAGE_WEIGHTS: z
    .string()
    .regex(
      /^\s*[a-z_]+(\/[a-z_]+)?=\d+(\.\d+)?(\s*,\s*[a-z_]+(\/[a-z_]+)?=\d+(\.\d+)?)*\s*$/,
      'stage=weight or stage/touchpoint=weight, comma-separated (e.g. fulfilment=1.5,onboarding/account_login=2)',
    )
    .optional(),
  /** Personal data replaced before storage: a comma list of kinds, or `none` (see README, Personal data). */
  REDACT: z
    .string()
    .default(DEFAULT_REDACT.join(','))
    .transform((value, ctx) => {
      const kinds = parseRedactKinds(value);
      if (typeof kinds === 'string') {
        ctx.addIssue({ code: 'custom', message: kinds });
        return z.NEVER;
      }
      return Object.freeze(kinds);
    }),
  /** Feedback received more than this many months ago is deleted daily (unset: kept forever). */
  RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
  /** When the scheduler (and `serve --embedded`) runs retention (cron syntax, UTC). */
  RETENTION_CRON: z
    .string()
    .refine(isCronExpression, 'a cron expression (minute hour day month weekday), e.g. "30 3 * * *"')
    .default('30 3 * * *'),
  /** Folder of the embedded database of `painmap serve --embedded` (PGlite; one process at a time). */
  PAINMAP_DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .refine(
      (value) => !value.includes('://'),
      'a folder path, not a URL (a Postgres URL goes in DATABASE_URL)',
    )
    .default('./painmap-data'),
  // HTTP API (`painmap serve`).
  PORT: int(8080, 1, 65_535),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** `name:kind:token,…` with kind admin | ingest | read; never logged or echoed. */
  API_TOKENS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const tokens = parseApiTokens(value);
      if (typeof tokens === 'string') {
        ctx.addIssue({ code: 'custom', message: tokens });
        return z.NEVER;
      }
      return tokens;
    }),
  MAX_UPLOAD_BYTES: int(50 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
  /** Records per upload, and items per `POST /v1/items` request. */
  MAX_UPLOAD_RECORDS: int(1_000_000, 1, Number.MAX_SAFE_INTEGER),
  RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),
});

const schema = fields.refine(
  (config) => config.DATABASE_READ_URL === undefined || config.DATABASE_URL !== undefined,
  {
    path: ['DATABASE_READ_URL'],
    message: 'needs DATABASE_URL too: every write goes to DATABASE_URL, only reads to the replica',
  },
);

export const TOKEN_KINDS = ['admin', 'ingest', 'read'] as const;
export interface ApiToken {
  name: string;
  kind: (typeof TOKEN_KINDS)[number];
  token: string;
}

/** `name:kind:token,…` → tokens, or a message that names the bad entry (never the token itself). */
function parseApiTokens(value: string): ApiToken[] | string {
  const tokens: ApiToken[] = [];
  for (const [index, entry] of value.split(',').entries()) {
    if (entry.trim() === '') continue;
    const [name = '', kind = '', ...rest] = entry.trim().split(':');
    const token = rest.join(':');
    const where = `entry ${index + 1}${name ? ` (${name})` : ''}`;
    if (!/^[a-zA-Z0-9_.-]{1,40}$/.test(name)) return `${where}: expected name:kind:token`;
    if (!(TOKEN_KINDS as readonly string[]).includes(kind))
      return `${where}: kind must be admin, ingest or read`;
    if (token.length < 24 || /\s/.test(token))
      return `${where}: the token must be at least 24 characters without spaces (try \`openssl rand -hex 24\`)`;
    tokens.push({ name, kind: kind as ApiToken['kind'], token });
  }
  return tokens;
}

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
      const secret = name.endsWith('_URL') || name === 'API_TOKENS';
      const shown = secret ? '' : ` (got ${JSON.stringify(cleaned[name])})`;
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

/** Refuses to go on without Postgres and Redis, naming the command and what to do instead. */
export function requireServices(
  config: Config,
  command: string,
  instead = '`painmap demo` runs without them',
): asserts config is Config & { DATABASE_URL: string; REDIS_URL: string } {
  if (!hasServices(config))
    throw new Error(`${command} needs DATABASE_URL and REDIS_URL (see .env.example); ${instead}.`);
}
