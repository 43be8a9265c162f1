// Signals are handled in one place: the first SIGINT/SIGTERM shuts down gracefully, a second forces exit.
import type { Logger } from './logger.js';

export function onShutdown(log: Logger, shutdown: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
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
