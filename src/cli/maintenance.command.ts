// `painmap migrate | reconcile | verify | run <id>`: keep the database and the queues in order.
import type { Command } from 'commander';
import { reconcile } from '../pipeline/reconcile.js';
import { type VerifySummary, verifyAggregates } from '../pipeline/verify.js';
import { createRuntime } from '../runtime.js';
import { migrateToLatest } from '../storage/migrate.js';
import { getRun, listRunIssues } from '../storage/runs.repository.js';
import type { CliContext } from './context.js';
import { parseCount } from './options.js';

export function registerMaintenance(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description('apply database migrations')
    .action(async () => {
      const results = await ctx.withDb((db) => migrateToLatest(db));
      process.stdout.write(
        results.length === 0
          ? 'schema is up to date\n'
          : results.map((r) => `${r.migrationName}: ${r.status}\n`).join(''),
      );
    });

  program
    .command('reconcile')
    .description('enqueue again whatever durable state says is unfinished')
    .action(async () => {
      const rt = await createRuntime(ctx.config(), {
        role: 'producer',
        name: 'painmap-reconcile',
        servicesFor: '`painmap reconcile`',
      });
      try {
        process.stdout.write(`${JSON.stringify(await reconcile(rt, { staleAfterMs: 0 }))}\n`);
      } finally {
        await rt.close();
      }
    });

  program
    .command('verify')
    .description('check that the aggregates equal a recomputation from the raw items (exit 1 if not)')
    .option('--repair', 'rebuild every day that differs from the raw items, then check again')
    .action(async (o: { repair?: boolean }) => {
      const summary = await ctx.withDb((db) => verifyAggregates(db, { repair: o.repair === true }));
      process.stdout.write(formatVerifySummary(summary, o.repair === true));
      process.exitCode = summary.drift === 0 ? 0 : 1;
    });

  program
    .command('run')
    .description('show an ingest run with its counts and row errors')
    .argument('<id>', 'the run id (a whole number)', parseCount)
    .option('--json')
    .action(async (id: number, o) =>
      ctx.withDb(async (db) => {
        const run = await getRun(db, id);
        if (!run) throw new Error(`No ingest run ${id}`);
        const issues = await listRunIssues(db, run.id);
        process.stdout.write(
          o.json
            ? `${JSON.stringify({ run, issues })}\n`
            : `${JSON.stringify(run, null, 2)}\n${issues.map((i) => `${i.kind} record ${i.record}: ${i.reason}`).join('\n')}\n`,
        );
      }),
    );
}

/** What `painmap verify` prints: the days it rebuilt (with --repair), then the drift it still finds. */
function formatVerifySummary(summary: VerifySummary, repair: boolean): string {
  const days = summary.rebuiltDays;
  const rebuilt = repair
    ? `rebuilt ${days.length} day(s) from the raw items${days.length ? `: ${days.join(', ')}` : ''}\n`
    : '';
  const shown = summary.drift > summary.sample.length ? ` (the first ${summary.sample.length})` : '';
  return (
    rebuilt +
    (summary.drift === 0
      ? 'aggregates match the raw items\n'
      : `${summary.drift} aggregate rows differ${shown}:\n${summary.sample.map((d) => JSON.stringify(d)).join('\n')}\n` +
        'painmap verify --repair rebuilds those days from the raw items.\n')
  );
}
