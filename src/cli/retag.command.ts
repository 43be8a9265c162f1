// `painmap retag`: re-tag stored items with the current tagger and taxonomy (PAINMAP_TAXONOMY).
import { type Command, InvalidArgumentError } from 'commander';
import { type RetagSummary, retagItems } from '../pipeline/retag.js';
import { loadVersionedTagger } from '../pipeline/tagger.js';
import { formatMoveSummary } from '../tagging/cell-moves.format.js';
import { type CliContext, progressReporter } from './context.js';
import { parseCount, parseDay } from './options.js';

function parseBatchSize(value: string): number {
  const n = parseCount(value);
  if (n > 5_000) throw new InvalidArgumentError('expected at most 5000 items per page');
  return n;
}

export function registerRetag(program: Command, ctx: CliContext): void {
  program
    .command('retag')
    .description('re-tag stored items whose tagger or taxonomy version is not the current one')
    .option('--since <day>', 'only items received on or after this UTC day', parseDay)
    .option('--force', 're-tag every item, even those already at the current versions')
    .option('--dry-run', 'tag and count the moves, but write nothing')
    .option('--batch-size <n>', 'items per page and transaction (1-5000)', parseBatchSize, 500)
    .option('--json', 'print the summary as one JSON object')
    .action(async (o) => {
      const { tag, versions } = loadVersionedTagger(ctx.config().PAINMAP_TAXONOMY);
      const report = progressReporter('retag');
      const summary = await ctx.withDb((db) =>
        retagItems({ db, tag }, versions, {
          since: o.since,
          force: o.force === true,
          dryRun: o.dryRun === true,
          batchSize: o.batchSize,
          onPage: (p) => report(`${p.examined} items examined, ${p.retagged} re-tagged`),
        }),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stdout.write(o.json ? `${JSON.stringify(summary)}\n` : `${formatRetag(summary).join('\n')}\n`);
      process.exitCode = summary.drift > 0 || summary.failed > 0 ? 1 : 0;
    });
}

export function formatRetag(summary: RetagSummary): string[] {
  const target = `taxonomy ${summary.versions.taxonomy}, tagger ${summary.versions.tagger}`;
  const previous = summary.previousVersions
    .map((p) => `${p.items} at ${p.taxonomy} / ${p.tagger}`)
    .join(', ');
  const scope = `${summary.force ? 'every item' : 'the items at other versions'}${
    summary.since ? ` received since ${summary.since}` : ''
  }`;
  const head = summary.dryRun
    ? `dry run, nothing written: ${summary.items.examined} items would be re-tagged to ${target} (${scope})`
    : `re-tagged ${summary.retagged} items to ${target} (${scope})`;
  const lines = [head];
  if (previous) lines.push(`tagged before with: ${previous}`);
  if (summary.failed > 0)
    lines.push(
      `${summary.failed} items could not be tagged; they keep their old tags, and the next retag tries them again`,
    );
  lines.push(...formatMoveSummary(summary));
  if (!summary.dryRun) {
    lines.push(
      summary.drift === 0
        ? `aggregates: moved with each page${summary.daysRebuilt > 0 ? ` (and ${summary.daysRebuilt} days marked dirty rebuilt)` : ''}; they equal a recomputation from the raw items`
        : `aggregates: ${summary.drift} rows differ from a recomputation; run \`painmap verify\` and \`painmap reconcile\``,
    );
  }
  return lines;
}
