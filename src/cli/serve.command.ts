// `painmap serve`: the HTTP API, the queue dashboard and the web dashboard, until a signal.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createEmbeddedApiRuntime, createSessionToken } from '../api/embedded-runtime.js';
import type { ApiRuntime } from '../api/runtime.js';
import { createApiServer } from '../api/server.js';
import type { ApiToken, Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { createRuntime } from '../runtime.js';
import { startRetentionTask } from '../scheduler/retention-task.js';
import { onShutdown } from '../signals.js';
import { packageRoot } from './package-root.js';

/** Newest modification time of the files under a folder (0 if it does not exist). */
function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }, 0);
}

/**
 * dist/web, built now if a source checkout has not built it yet or web/ changed since the last build
 * (esbuild is a dev dependency), so `npm run demo` never serves a dashboard older than its API.
 */
export function ensureWebBuilt(): string {
  const root = packageRoot();
  const webRoot = join(root, 'dist', 'web');
  const script = join(root, 'scripts', 'build-web.mjs');
  const built = existsSync(join(webRoot, 'index.html')) ? newestChange(webRoot) : 0;
  if (existsSync(script) && (built === 0 || newestChange(join(root, 'web')) > built)) {
    try {
      execFileSync(process.execPath, [script, webRoot], { stdio: 'inherit' });
    } catch {
      // The server still starts; `/` explains how to build the dashboard.
    }
  }
  return webRoot;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** PGlite in PAINMAP_DATA_DIR and the in-process queue instead of Postgres and Redis. */
  embedded?: boolean;
}

export async function runServe(config: Config, options: ServeOptions): Promise<void> {
  if (options.embedded) return runServeEmbedded(config, options);
  if (config.API_TOKENS.length === 0) {
    throw new Error(
      'Set API_TOKENS (name:kind:token, kind admin | ingest | read; e.g. `ops:admin:$(openssl rand -hex 24)`) ' +
        'before serving: without a token every API request is refused.',
    );
  }
  const log = createLogger(config.LOG_LEVEL);
  const rt = await createRuntime(config, { role: 'api', log });
  const app = await createApiServer(rt, { webRoot: ensureWebBuilt() });
  const port = options.port ?? config.PORT;
  const host = options.host ?? config.HOST;
  await app.listen({ port, host });
  log.info(
    { port, host, tokens: config.API_TOKENS.length },
    'painmap API listening (dashboard at /, docs at /docs)',
  );
  await onShutdown(log, async () => {
    await app.close();
    await rt.close();
  });
}

/**
 * Without API_TOKENS the embedded modes make a token for this process only and print the dashboard
 * URL with it in the fragment (#token=…): 127.0.0.1 is reachable by every user and process on the
 * machine, so local-only access without a token would open the data to all of them.
 */
export function withLocalToken(config: Config): { config: Config; session: ApiToken | null } {
  if (config.API_TOKENS.length > 0) return { config, session: null };
  const session = createSessionToken();
  return { config: Object.freeze({ ...config, API_TOKENS: [session] }), session };
}

export interface ListenOptions {
  port: number;
  host: string;
  /** The demo: a taken port is no reason to fail, any free one will do. */
  anyPortIfBusy?: boolean;
}

/** Listens, prints the dashboard URL to stderr, and returns the server. */
export async function listenDashboard(
  rt: ApiRuntime,
  session: ApiToken | null,
  options: ListenOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createApiServer(rt, { webRoot: ensureWebBuilt() });
  const address = await app.listen({ port: options.port, host: options.host }).catch(async (error) => {
    if ((error as { code?: string }).code !== 'EADDRINUSE' || !options.anyPortIfBusy) throw error;
    process.stderr.write(`Port ${options.port} is taken; using a free one (--port picks another).\n`);
    return app.listen({ port: 0, host: options.host });
  });
  const url = `${address}/${session ? `#token=${session.token}` : ''}`;
  process.stderr.write(
    `\nDashboard: ${url}\n` +
      (session
        ? '  (a token for this run only, in the URL fragment: keep the URL to yourself; Ctrl-C stops)\n'
        : '  (sign in with a token from API_TOKENS; Ctrl-C stops)\n'),
  );
  return { app, url };
}

export async function serveUntilSignal(
  log: Logger,
  rt: ApiRuntime,
  session: ApiToken | null,
  options: ListenOptions,
): Promise<void> {
  const { app } = await listenDashboard(rt, session, options);
  await onShutdown(log, async () => {
    await app.close();
    await rt.close();
  });
}

async function runServeEmbedded(config: Config, options: ServeOptions): Promise<void> {
  const log = createLogger(config.LOG_LEVEL);
  const local = withLocalToken(config);
  const embedded = await createEmbeddedApiRuntime(local.config, log, config.PAINMAP_DATA_DIR);
  // No scheduler process here: RETENTION_MONTHS is applied daily by this one.
  const retention = startRetentionTask(embedded, { actor: 'embedded' });
  const rt = {
    ...embedded,
    close: async () => {
      await retention?.stop();
      await embedded.close();
    },
  };
  process.stderr.write(
    `painmap serve --embedded: data in ${config.PAINMAP_DATA_DIR} (PGlite), jobs in this process — no servers needed.\n`,
  );
  await serveUntilSignal(log, rt, local.session, {
    port: options.port ?? config.PORT,
    host: options.host ?? config.HOST,
  });
}
