// `painmap forget` (erase a customer's or one record's feedback) and `painmap retention run` (delete
// what is older than RETENTION_MONTHS). Both work on Postgres (DATABASE_URL) or, with --embedded, on
// the folder of `painmap serve --embedded` (stop that server first: one process per folder).
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { type ErasureCounts, type ForgetSummary, forget, type ItemSelector } from '../pipeline/forget.js';
import { type RetentionSummary, runRetention } from '../pipeline/retention.js';
import { countAggregateDrift } from '../storage/aggregates.repository.js';
import { lockDataDir } from '../storage/data-dir-lock.js';
import { createEmbeddedDb, type Db } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { type CliContext, progressReporter, withCliDb } from './context.js';
import { parseCount } from './options.js';

/** Who runs a command, for the audit row: the OS user, never a name typed on the command line. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${process.env.USER ?? 'unknown'}`;
  }
}

async function withPrivacyDb<T>(config: Config, embedded: boolean, fn: (db: Db) => Promise<T>): Promise<T> {
  if (!embedded) return withCliDb(config, fn);
  const dir = config.PAINMAP_DATA_DIR;
  if (!existsSync(dir)) throw new Error(`No embedded data in ${dir} (PAINMAP_DATA_DIR).`);
  const unlock = lockDataDir(dir);
  try {
    const db = await createEmbeddedDb(dir);
    try {
      await migrateToLatest(db);
      return await fn(db);
    } finally {
      await db.destroy();
    }
  } finally {
    unlock();
  }
}

export function selectorOf(o: { customer?: string; source?: string; externalId?: string }): ItemSelector {
  const customer = o.customer?.trim();
  if (customer && !o.source && !o.externalId) return { kind: 'customer', customerId: customer };
  if (!customer && o.source && o.externalId) {
    return { kind: 'record', source: o.source, externalId: o.externalId };
  }
  throw new Error('Give --customer ID, or --source NAME with --external-id ID (not both).');
}

export function registerPrivacy(program: Command, ctx: CliContext): void {
  const { config } = ctx;
  program
    .command('forget')
    .description("erase a customer's feedback (or one source record) and everything derived from it")
    .option('--customer <id>', 'every item with this customer id (as stored, exact)')
    .option('--source <name>', 'with --external-id: one record of this source (and its id#… items)')
    .option('--external-id <id>', "the record's id at the source")
    .option('--dry-run', 'count what would be erased; write nothing')
    .option('--embedded', 'the embedded database in PAINMAP_DATA_DIR instead of DATABASE_URL')
    .option('--json', 'print the summary as one JSON object')
    .action(async (o) => {
      const selector = selectorOf(o);
      const result = await withPrivacyDb(config(), o.embedded === true, async (db) => {
        const summary = await forget(db, { selector, actor: cliActor(), dryRun: o.dryRun === true });
        return { ...summary, drift: summary.dryRun ? 0 : await countAggregateDrift(db) };
      });
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${formatForget(result).join('\n')}\n`);
      process.exitCode = result.drift > 0 ? 1 : 0;
    });

  const retention = program.command('retention').description('delete feedback older than RETENTION_MONTHS');
  retention
    .command('run')
    .description('delete items (and mentions, batch copies, old error rows) received before the cutoff')
    .option('--months <n>', 'keep this many months instead of RETENTION_MONTHS', parseCount)
    .option('--dry-run', 'count what would be deleted; write nothing')
    .option('--batch-size <n>', 'items per transaction', parseCount, 1_000)
    .option('--embedded', 'the embedded database in PAINMAP_DATA_DIR instead of DATABASE_URL')
    .option('--json', 'print the summary as one JSON object')
    .action(async (o) => {
      const months = o.months ?? config().RETENTION_MONTHS;
      if (months === undefined) {
        throw new Error('Set RETENTION_MONTHS (or pass --months N): unset, painmap keeps feedback forever.');
      }
      const report = progressReporter('retention');
      const result = await withPrivacyDb(config(), o.embedded === true, async (db) => {
        const summary = await runRetention(db, {
          months,
          batchSize: o.batchSize,
          dryRun: o.dryRun === true,
          actor: cliActor(),
          onProgress: (c) => report(`${c.items} items, ${c.batchItems} batch copies deleted`),
        });
        return { ...summary, drift: summary.dryRun ? 0 : await countAggregateDrift(db) };
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(
        o.json ? `${JSON.stringify(result)}\n` : `${formatRetention(result).join('\n')}\n`,
      );
      process.exitCode = result.drift > 0 ? 1 : 0;
    });
}

function formatCounts(c: ErasureCounts): string[] {
  return [
    `  items            ${c.items}`,
    `  mentions         ${c.mentions} (their counts taken out of ${c.cells} aggregate cells)`,
    `  batch copies     ${c.batchItems} (in ${c.batches} durable batches)`,
    `  error rows       ${c.errors}`,
    `  alert quotes     ${c.alertExamples}`,
  ];
}

function formatDrift(drift: number): string {
  return drift === 0
    ? 'aggregates: equal a recomputation from the raw items'
    : `aggregates: ${drift} rows differ from a recomputation; run \`painmap verify --repair\``;
}

export function formatForget(s: ForgetSummary & { drift: number }): string[] {
  const who = s.subject === 'customer' ? 'customer' : 'record';
  const head = s.dryRun
    ? `dry run, nothing written: forgetting this ${who} would erase`
    : s.matched
      ? `forgot this ${who}: erased`
      : `nothing stored matches this ${who}; nothing erased`;
  const lines = [head, ...(s.matched || s.dryRun ? formatCounts(s.counts) : [])];
  lines.push(`subject hash (sha256): ${s.subjectHash}`);
  if (s.auditId !== null) lines.push(`audit row: privacy_audit ${s.auditId}`);
  if (!s.dryRun) lines.push(formatDrift(s.drift));
  return lines;
}

export function formatRetention(s: RetentionSummary & { drift: number }): string[] {
  const head = s.dryRun
    ? `dry run, nothing written: keeping ${s.months} months (from ${s.cutoffDay}) would delete`
    : `kept ${s.months} months (from ${s.cutoffDay}); deleted, in ${s.transactions} transactions:`;
  const lines = [head, ...formatCounts(s.counts)];
  if (s.auditId !== null) lines.push(`audit row: privacy_audit ${s.auditId}`);
  if (!s.dryRun) lines.push(formatDrift(s.drift));
  return lines;
}
