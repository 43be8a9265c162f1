// `painmap serve`: the HTTP API, the queue dashboard and the web dashboard, until a signal.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApiRuntime } from '../api/runtime.js';
import { createApiServer } from '../api/server.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { packageRoot } from './package-root.js';
import { onShutdown } from './signals.js';

/** dist/web, built now if a source checkout has not built it yet (esbuild is a dev dependency). */
export function ensureWebBuilt(): string {
  const root = packageRoot();
  const webRoot = join(root, 'dist', 'web');
  const script = join(root, 'scripts', 'build-web.mjs');
  if (!existsSync(join(webRoot, 'index.html')) && existsSync(script)) {
    try {
      execFileSync(process.execPath, [script, webRoot], { stdio: 'inherit' });
    } catch {
      // The server still starts; `/` explains how to build the dashboard.
    }
  }
  return webRoot;
}

export async function runServe(config: Config, options: { port?: number; host?: string }): Promise<void> {
  if (config.API_TOKENS.length === 0) {
    throw new Error(
      'Set API_TOKENS (name:kind:token, kind admin | ingest | read; e.g. `ops:admin:$(openssl rand -hex 24)`) ' +
        'before serving: without a token every API request is refused.',
    );
  }
  const log = createLogger(config.LOG_LEVEL);
  const rt = await createApiRuntime(config, log);
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
