import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { loadConfig } from '../../src/config.js';

/** Parses argv with the real program, stopping before any action runs; returns the error it gives. */
function parseError(argv: string[]): string | undefined {
  const program = buildProgram(() => loadConfig({}));
  const silence = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    for (const sub of cmd.commands) silence(sub);
  };
  silence(program);
  for (const sub of program.commands) sub.action(() => {});
  try {
    program.parse(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('CLI day options', () => {
  it('refuse a day that does not exist instead of rolling it over', () => {
    expect(parseError(['heatmap', '--from', '2026-02-31'])).toContain('expected a real day as YYYY-MM-DD');
    expect(parseError(['pain-points', '--as-of', '2025-13-01'])).toContain('expected a real day');
    expect(parseError(['heatmap', '--to', '26-01-01'])).toContain('expected a real day');
  });

  it('accept a real day, 29 February of a leap year included', () => {
    expect(parseError(['heatmap', '--from', '2024-02-29', '--to', '2024-03-01'])).toBeUndefined();
  });
});

describe('CLI numeric arguments', () => {
  it('refuse a run id that is not a whole number instead of looking up NaN', () => {
    expect(parseError(['run', 'abc'])).toContain('expected a whole number of at least 1');
    expect(parseError(['run', '0'])).toContain('expected a whole number of at least 1');
    expect(parseError(['run', '12'])).toBeUndefined();
  });

  it('refuse a port that is not one', () => {
    expect(parseError(['serve', '--port', 'http'])).toContain('expected a port number');
    expect(parseError(['serve', '--port', '0'])).toBeUndefined();
  });

  it('refuse half a --from/--to pair before opening any database', async () => {
    const program = buildProgram(() => loadConfig({}));
    program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    for (const sub of program.commands) sub.exitOverride();
    await expect(
      program.parseAsync(['pain-points', '--from', '2026-03-01'], { from: 'user' }),
    ).rejects.toThrow('Give both --from and --to, or neither.');
    await expect(program.parseAsync(['drivers', '--to', '2026-03-01'], { from: 'user' })).rejects.toThrow(
      'Give both --from and --to, or neither.',
    );
  });
});

describe('commands that need Postgres and Redis', () => {
  it.each([
    [['ingest', 'file.csv'], /`painmap ingest` .*needs DATABASE_URL and REDIS_URL.*--dry-run/],
    [
      ['worker', '--once'],
      /`painmap worker` needs DATABASE_URL and REDIS_URL.*`painmap demo` runs without them/,
    ],
    [['pull'], /`painmap pull` needs DATABASE_URL and REDIS_URL/],
    [['scheduler'], /`painmap scheduler` needs DATABASE_URL and REDIS_URL/],
    [['reconcile'], /`painmap reconcile` needs DATABASE_URL and REDIS_URL/],
  ])('%j without them says which variables to set, before connecting to anything', async (argv, message) => {
    const program = buildProgram(() => loadConfig({}));
    program.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    await expect(program.parseAsync(argv, { from: 'user' })).rejects.toThrow(message);
  });
});
