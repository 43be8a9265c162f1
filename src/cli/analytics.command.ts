// Pain-point analytics (docs/analytics.md): `painmap pain-points` (the ranking), `painmap alerts`
// (emerging pain points) and `painmap intervention add | list | show` (did a fix work?).
import { type Command, Option } from 'commander';
import { BUCKETS, type Bucket } from '../aggregate/heatmap.query.js';
import { resolveStageWeights } from '../aggregate/stage-weights.js';
import { STAGES, TOUCHPOINTS } from '../domain.js';
import { runAlerts } from './alerts.command.js';
import type { CliContext } from './context.js';
import { addIntervention, printInterventions } from './intervention.command.js';
import {
  addFilterOptions,
  addOutputOptions,
  addPeriodOptions,
  checkPeriod,
  collect,
  filterOf,
  parseCount,
  parseDay,
  parsePositive,
} from './options.js';
import { printPainPoints } from './pain-points.command.js';

export function registerAnalytics(program: Command, ctx: CliContext): void {
  registerPainPoints(program, ctx);
  const alerts = program
    .command('alerts')
    .description('emerging pain points: the latest whole period of every cell against its trailing baseline')
    .addOption(new Option('--bucket <bucket>', 'period length').choices(BUCKETS).default('week'))
    .option('--as-of <date>', 'analysis day (default: the last day with data)', parseDay)
    .option('--baseline <n>', 'trailing periods in the baseline', parseCount, 8)
    .option('--min-count <n>', 'negative mentions a cell needs to be tested', parseCount, 5)
    .option('--fdr <q>', 'false discovery rate (Benjamini–Hochberg)', parsePositive, 0.05);
  addOutputOptions(alerts).action(async (o) => {
    await ctx.withDb((db) =>
      runAlerts(
        db,
        { ...o, bucket: o.bucket as Bucket, baselinePeriods: o.baseline, minCount: o.minCount, fdr: o.fdr },
        process.stdout,
      ),
    );
  });
  registerInterventions(program, ctx);
}

function registerPainPoints(program: Command, ctx: CliContext): void {
  const command = program
    .command('pain-points')
    .description(
      'the cells to act on first: impact = volume × severity × stage weight, with intervals and trend',
    )
    .addOption(
      new Option('--bucket <bucket>', 'period: the last whole bucket ending on --as-of')
        .choices(BUCKETS)
        .default('week'),
    );
  addFilterOptions(addPeriodOptions(command))
    .option(
      '--weight <stage=w>',
      'stage or stage/touchpoint weight (repeatable; overrides STAGE_WEIGHTS)',
      collect,
    )
    .option('--top <n>', 'pain points to show', parseCount, 10);
  addOutputOptions(command).action(async (o) => {
    checkPeriod(o);
    const weights = resolveStageWeights(ctx.config().STAGE_WEIGHTS, o.weight);
    await ctx.withReadDb((db) =>
      printPainPoints(db, { ...o, bucket: o.bucket as Bucket, filter: filterOf(o), weights }, process.stdout),
    );
  });
}

function registerInterventions(program: Command, ctx: CliContext): void {
  const intervention = program
    .command('intervention')
    .description('record fixes and measure whether they worked');
  intervention
    .command('add')
    .description('record an intervention on a stage (and touchpoint) from a day')
    .requiredOption('--name <name>', 'a unique name, e.g. "login fix"')
    .requiredOption('--date <date>', 'first day with the change (UTC)', parseDay)
    .addOption(new Option('--stage <stage>', 'targeted stage').choices(STAGES).makeOptionMandatory())
    .addOption(
      new Option('--touchpoint <touchpoint>', 'targeted touchpoint (default: all)').choices(TOUCHPOINTS),
    )
    .option('--window <days>', 'days compared before and after', parseCount, 28)
    .option('--note <text>', 'what changed')
    .action(async (o) => {
      await ctx.withDb((db) =>
        addIntervention(
          db,
          {
            name: o.name,
            effectiveDay: o.date,
            stage: o.stage,
            touchpoint: o.touchpoint ?? null,
            windowDays: o.window,
            note: o.note ?? null,
          },
          process.stdout,
        ),
      );
    });
  addOutputOptions(
    intervention
      .command('list')
      .description('every intervention with its before/after effect and the control'),
  ).action(async (o) => {
    await ctx.withReadDb((db) => printInterventions(db, {}, o, process.stdout));
  });
  addOutputOptions(
    intervention
      .command('show')
      .description('one intervention (by id or name) with its before/after effect and the control')
      .argument('<id-or-name>'),
  ).action(async (key: string, o) => {
    await ctx.withReadDb((db) =>
      printInterventions(db, /^\d+$/.test(key) ? { id: Number(key) } : { name: key }, o, process.stdout),
    );
  });
}
