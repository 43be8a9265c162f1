// `painmap taxonomy suggest`: proposals for rules the taxonomy lacks, from the stored clauses that fell to
// `unknown` or the fallback. Read-only: it prints, a person decides.
import { type Command, Option } from 'commander';
import type { Config } from '../config.js';
import { loadTaxonomyOrDefault } from '../pipeline/tagger.js';
import { SUGGEST_DEFAULTS, suggestTaxonomyRules } from '../pipeline/taxonomy-suggest.js';
import { formatSuggestReport, formatTaxonomy } from '../tagging/suggest/suggest.format.js';
import { addProposals } from '../tagging/suggest/suggest-rules.js';
import { progressReporter, withCliDb } from './context.js';
import { parseCount, parseDay } from './options.js';

const FORMATS = ['table', 'json', 'taxonomy'] as const;

export function registerTaxonomySuggest(taxonomy: Command, config: () => Config): void {
  taxonomy
    .command('suggest')
    .description(
      'propose rules for the words of stored clauses that fell to unknown or the fallback (read-only: changes no tag)',
    )
    .option('--since <day>', 'only items received on or after this UTC day', parseDay)
    .option('--limit <n>', 'at most this many proposals', parseCount, SUGGEST_DEFAULTS.limit)
    .option(
      '--scan <n>',
      'read at most this many clauses of each kind, newest first',
      parseCount,
      SUGGEST_DEFAULTS.scan,
    )
    .option('--min-count <n>', 'a word needs this many such clauses', parseCount, SUGGEST_DEFAULTS.minCount)
    .option(
      '--taxonomy <file>',
      'the taxonomy to propose against (default: PAINMAP_TAXONOMY, else the built-in one)',
    )
    .option('--json', 'print the result as one JSON object (same as --format json)')
    .addOption(
      new Option('--format <format>', 'table, json, or taxonomy: the taxonomy with the rules added')
        .choices(FORMATS)
        .default('table'),
    )
    .action(async (o) => {
      const path: string = o.taxonomy ?? config().PAINMAP_TAXONOMY ?? 'default';
      const taxonomy = loadTaxonomyOrDefault(path);
      const report = progressReporter('taxonomy suggest');
      const result = await withCliDb(config(), (db) =>
        suggestTaxonomyRules(
          db,
          { path, taxonomy },
          {
            since: o.since,
            limit: o.limit,
            scan: o.scan,
            minCount: o.minCount,
            onPage: (p) => report(`${p.read} ${p.kind} clauses read`),
          },
        ),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      const format = o.json ? 'json' : (o.format as (typeof FORMATS)[number]);
      if (format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (format === 'taxonomy')
        process.stdout.write(formatTaxonomy(addProposals(taxonomy, result.proposals)));
      else process.stdout.write(`${formatSuggestReport(result).join('\n')}\n`);
    });
}
