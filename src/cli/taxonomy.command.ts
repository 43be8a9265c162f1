// `painmap taxonomy presets | diff | suggest | validate | show-default`: work on taxonomies before using them.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { loadTaxonomyOrDefault, loadVersionedTagger } from '../pipeline/tagger.js';
import { diffTaxonomies } from '../pipeline/taxonomy-diff.js';
import { formatMoveSummary } from '../tagging/cell-moves.format.js';
import {
  deferredRulesOf,
  ownRulesOf,
  PRESET_NAMES,
  resolveTaxonomy,
  type Taxonomy,
} from '../tagging/index.js';
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
    .argument('<old>', 'a taxonomy file, preset:NAME, or "default" for the built-in one')
    .argument('<new>', 'a taxonomy file, preset:NAME, or "default" for the built-in one')
    .option('--since <day>', 'only items received on or after this UTC day', parseDay)
    .option('--limit <n>', 'at most this many items (a sample by id)', parseCount)
    .option('--json', 'print the result as one JSON object')
    .action((oldPath: string, newPath: string, o: DiffOptions) =>
      runTaxonomyDiff(config, oldPath, newPath, o),
    );
  taxonomy
    .command('presets')
    .description('list the industry presets (PAINMAP_TAXONOMY=preset:NAME, or "extends" in a taxonomy file)')
    .option('--json', 'print one JSON object per preset')
    .action((o) => {
      const rows = listPresets();
      process.stdout.write(
        o.json ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : `${formatPresets(rows).join('\n')}\n`,
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

interface DiffOptions {
  since?: string;
  limit?: number;
  json?: boolean;
}

/** `painmap taxonomy diff OLD NEW`: tag the stored items twice and print the cells that change. */
async function runTaxonomyDiff(
  config: () => Config,
  oldPath: string,
  newPath: string,
  o: DiffOptions,
): Promise<void> {
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
}

export interface PresetRow {
  name: string;
  version: string;
  /** Rules in all (with general's). */
  rules: number;
  /** Rules the preset adds to general or puts in place of one of general's. */
  own: number;
  description: string;
}

export function listPresets(): PresetRow[] {
  return PRESET_NAMES.map((name) => {
    const taxonomy = resolveTaxonomy(`preset:${name}`);
    return {
      name: `preset:${name}`,
      version: taxonomy.version,
      rules: ruleCount(taxonomy),
      own: ownRulesOf(taxonomy).size + deferredRulesOf(taxonomy).size,
      description:
        name === 'general'
          ? 'The default taxonomy (written with a shop, a bank and a SaaS tool in mind); the others extend it.'
          : // The first sentence of the preset's description, after "painmap preset NAME: ".
            ((taxonomy.description ?? '').split(/(?<=\.) /)[0] ?? '').replace(/^painmap preset [\w-]+: /, ''),
    };
  });
}

export function formatPresets(rows: readonly PresetRow[]): string[] {
  const width = (pick: (r: PresetRow) => string, head: string) =>
    Math.max(head.length, ...rows.map((r) => pick(r).length));
  const nameW = width((r) => r.name, 'preset');
  const versionW = width((r) => r.version, 'version');
  const line = (name: string, version: string, rules: string, own: string, description: string) =>
    `${name.padEnd(nameW)}  ${version.padEnd(versionW)}  ${rules.padStart(5)}  ${own.padStart(4)}  ${description}`;
  return [
    line('preset', 'version', 'rules', 'own', 'description'),
    ...rows.map((r) => line(r.name, r.version, String(r.rules), String(r.own), r.description)),
    '',
    'rules: all the rules it tags with; own: the rules it adds to preset:general or puts in place of one.',
    'Use one with PAINMAP_TAXONOMY=preset:NAME, or write a taxonomy file with "extends": "preset:NAME" and',
    'only the rules you add or change (a rule with an existing id replaces it).',
  ];
}

function ruleCount(taxonomy: Taxonomy): number {
  const classes = [...Object.values(taxonomy.stages), ...Object.values(taxonomy.touchpoints)];
  return classes.reduce((n, c) => n + (c?.rules.length ?? 0), 0);
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
