// `painmap taxonomy diff | suggest | validate | show-default`: work on taxonomy files before using them.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { loadTaxonomyOrDefault, loadVersionedTagger } from '../pipeline/tagger.js';
import { diffTaxonomies } from '../pipeline/taxonomy-diff.js';
import { formatMoveSummary } from '../tagging/cell-moves.format.js';
import type { Taxonomy } from '../tagging/index.js';
import { progressReporter, withCliDb } from './context.js';
import { parseCount, parseDay } from './options.js';
import { registerTaxonomySuggest } from './taxonomy-suggest.command.js';

const DEFAULT_TAXONOMY_FILE = new URL('../tagging/taxonomy/default-taxonomy.json', import.meta.url);

export function registerTaxonomy(program: Command, config: () => Config): void {
  const taxonomy = program
    .command('taxonomy')
    .description('check, copy and compare taxonomy files (PAINMAP_TAXONOMY)');
  taxonomy
    .command('diff')
    .description('tag the stored items with two taxonomies and count the mentions that change cell')
    .argument('<old>', 'a taxonomy file, or "default" for the built-in one')
    .argument('<new>', 'a taxonomy file, or "default" for the built-in one')
    .option('--since <day>', 'only items received on or after this UTC day', parseDay)
    .option('--limit <n>', 'at most this many items (a sample by id)', parseCount)
    .option('--json', 'print the result as one JSON object')
    .action(async (oldPath: string, newPath: string, o) => {
      const before = loadVersionedTagger(oldPath);
      const after = loadVersionedTagger(newPath);
      const report = progressReporter('taxonomy diff');
      const summary = await withCliDb(config(), (db) =>
        diffTaxonomies(
          db,
          { old: before.tag, new: after.tag },
          { since: o.since, limit: o.limit, onPage: (p) => report(`${p.examined} items tagged twice`) },
        ),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      const result = {
        old: { path: oldPath, version: before.versions.taxonomy },
        new: { path: newPath, version: after.versions.taxonomy },
        since: o.since ?? null,
        limit: o.limit ?? null,
        ...summary,
      };
      const head = `taxonomy ${result.old.version} → ${result.new.version} over ${summary.items.examined} stored items${
        o.since ? ` received since ${o.since}` : ''
      }`;
      process.stdout.write(
        o.json ? `${JSON.stringify(result)}\n` : `${[head, ...formatMoveSummary(summary)].join('\n')}\n`,
      );
    });
  registerTaxonomySuggest(taxonomy, config);
  taxonomy
    .command('validate')
    .description('check a taxonomy file; print its version and size, or each error with its line')
    .argument('<file>')
    .action((file: string) => {
      process.stdout.write(`${file}: ${describeTaxonomy(loadTaxonomyOrDefault(file))}\n`);
    });
  taxonomy
    .command('show-default')
    .description('print the built-in taxonomy (copy it, edit it, point PAINMAP_TAXONOMY at the copy)')
    .action(() => {
      process.stdout.write(readFileSync(DEFAULT_TAXONOMY_FILE, 'utf8'));
    });
}

export function describeTaxonomy(taxonomy: Taxonomy): string {
  const classes = [...Object.values(taxonomy.stages), ...Object.values(taxonomy.touchpoints)];
  const rules = classes.reduce((n, c) => n + (c?.rules.length ?? 0), 0);
  const matches = classes.reduce((n, c) => n + (c?.rules ?? []).reduce((m, r) => m + r.match.length, 0), 0);
  return (
    `valid, version ${taxonomy.version}: ${Object.keys(taxonomy.stages).length} stages, ` +
    `${Object.keys(taxonomy.touchpoints).length} touchpoints, ${rules} rules (${matches} match entries), ` +
    `${taxonomy.hints.length} hints`
  );
}
