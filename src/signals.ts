// Signals are handled in one place: the first SIGINT/SIGTERM shuts down gracefully, a second forces exit.
import type { Logger } from './logger.js';

/**
 * A SIGTERM this soon after the first is the same request delivered twice, not a second one: the bin
 * passes SIGTERM on to the process it starts (bin/heap-limit.mjs), and a supervisor that signals the
 * whole group (systemd's default) reaches that process directly as well.
 */
const REPEATED_SIGTERM_MS = 1000;

export function onShutdown(log: Logger, shutdown: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let first: { signal: NodeJS.Signals; at: number } | null = null;
    const handler = (signal: NodeJS.Signals) => {
      if (first) {
        if (signal === 'SIGTERM' && first.signal === 'SIGTERM' && Date.now() - first.at < REPEATED_SIGTERM_MS)
          return;
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      first = { signal, at: Date.now() };
      log.info({ signal }, 'shutting down');
      shutdown().then(resolve, (error) => {
        log.error({ err: { message: (error as Error).message } }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
