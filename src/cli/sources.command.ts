// `painmap sources` (every configured source with its last pull run, cursor, counts and errors) and
// `painmap pull` (a pull outside the schedule).
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { loadSources } from '../sources/load-sources.js';
import { listSourceStatus, type SourceStatusRow } from '../storage/sources.repository.js';
import { type CliContext, withCliDb } from './context.js';
import { runPull } from './pull.command.js';

export function registerSources(program: Command, ctx: CliContext): void {
  program
    .command('pull')
    .description('pull the sources of PAINMAP_SOURCES outside the schedule')
    .option('--source <name>', 'only this source')
    .option('--now', 'pull in this process now instead of enqueuing for the workers')
    .option('--json', 'machine-readable output')
    .action(async (o) => {
      process.exitCode = await runPull(
        ctx.config(),
        { source: o.source, now: o.now, json: o.json },
        process.stdout,
      );
    });

  program
    .command('sources')
    .description('list the nightly sources with their last run, cursor, counts and errors')
    .option('--json', 'machine-readable output')
    .action(async (o) => printSources(ctx.config(), { json: o.json }, process.stdout));
}

export async function printSources(config: Config, options: { json?: boolean }, out: NodeJS.WritableStream) {
  await withCliDb(config, async (db) => {
    const sources = await loadSources(config);
    const rows = await listSourceStatus(
      db,
      sources.map((s) => s.name),
    );
    const byName = new Map(rows.map((r) => [r.source, r]));
    const listed = sources.map((s) => ({ name: s.name, type: s.type, ...statusOf(byName.get(s.name)) }));
    if (options.json) {
      out.write(`${JSON.stringify(listed)}\n`);
      return;
    }
    for (const s of listed) {
      const last = s.lastRun
        ? `last run ${s.lastRun.id} ${s.lastRun.state}${s.lastRun.window ? ` (window ${s.lastRun.window})` : ' (manual)'}`
        : 'never pulled';
      out.write(
        `${s.name} [${s.type}]  ${last}; ${s.pullRuns} pulls, ${s.failedRuns} failed; ${s.items} items`,
      );
      out.write(s.files > 0 ? `, ${s.files} files\n` : '\n');
      if (s.cursor) out.write(`  cursor ${JSON.stringify(s.cursor)}\n`);
      if (s.lastRun?.error) out.write(`  error: ${s.lastRun.error}\n`);
    }
  });
}

function statusOf(row: SourceStatusRow | undefined) {
  return {
    lastRun: row?.last_run_id
      ? {
          id: row.last_run_id,
          state: row.last_state,
          window: row.last_window ? new Date(row.last_window).toISOString() : null,
          started: row.last_started ? new Date(row.last_started).toISOString() : null,
          error: row.last_error,
        }
      : null,
    pullRuns: row?.pull_runs ?? 0,
    failedRuns: row?.failed_runs ?? 0,
    items: row?.items ?? 0,
    files: row?.files ?? 0,
    cursor: row?.cursor ?? null,
  };
}
