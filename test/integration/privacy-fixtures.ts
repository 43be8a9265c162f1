// Shared by the erasure, retention and minimisation tests: an alert row whose quotes are picked from
// the stored clauses (as `painmap alerts` stores them), and the real CLI run in a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'kysely';
import { queryNegativeClauses } from '../../src/aggregate/clauses.query.js';
import { pickQuotes, type Quote } from '../../src/aggregate/quotes.js';
import { replaceEmergingPainPoints } from '../../src/storage/analytics.repository.js';
import type { Db } from '../../src/storage/db.js';

/** Stores one emerging_pain_points row quoting (up to 50) negative clauses of every cell in the period. */
export async function storeAlertQuoting(db: Db, period: { from: string; to: string }): Promise<Quote[]> {
  const cells = await sql<{ stage: string; touchpoint: string }>`
    select distinct stage, touchpoint from feedback_mentions`.execute(db);
  const examples = pickQuotes(await queryNegativeClauses(db, cells.rows, period), [], 50);
  await db.transaction().execute((trx) =>
    replaceEmergingPainPoints(trx, period.to, 'week', [
      {
        as_of: period.to,
        bucket: 'week',
        stage: 'fulfilment',
        touchpoint: 'delivery',
        period_start: period.from,
        period_end: period.to,
        baseline_start: period.from,
        baseline_end: period.to,
        baseline_periods: 8,
        test: 'volume',
        mentions: 4,
        negative: 4,
        baseline_mentions: 2,
        baseline_negative: 1,
        expected_negative: 0.5,
        rate_ratio: 8,
        negative_share: 1,
        baseline_negative_share: 0.5,
        p_value: 0.01,
        q_value: 0.02,
        dispersion: 1,
        examples,
      },
    ]),
  );
  return examples;
}

/** The environment of the CLI under test: this test's database and Redis, quiet logs, no colour. */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', NO_COLOR: '1' };
  for (const name of Object.keys(env)) {
    if (/^(DATABASE_URL|REDIS_URL|API_TOKENS|RETENTION_.*|PAINMAP_.*)$/.test(name)) delete env[name];
  }
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `painmap ARGS…` from the source: the child, and its exit code and output once it ends. */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 90_000,
): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  const result = new Promise<CliResult>((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, result };
}

/** Runs `painmap ARGS…` to its end (killed after `timeoutMs`). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<CliResult> {
  return spawnCli(args, env, timeoutMs).result;
}
