#!/usr/bin/env node
// painmap's command line entry: runs the program of program.ts with the validated configuration.
import pc from 'picocolors';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { buildProgram } from './program.js';

async function main(): Promise<void> {
  let cached: Config | undefined;
  const config = () => {
    cached ??= loadConfig();
    return cached;
  };
  try {
    await buildProgram(config).parseAsync(process.argv);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : (error as Error).message;
    process.stderr.write(`${pc.red('painmap:')} ${message}\n`);
    if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug')
      createLogger('debug').error(error);
    process.exitCode = 1;
  }
}

await main();
