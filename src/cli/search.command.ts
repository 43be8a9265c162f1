// `painmap search <words>`: verbatim search over the stored (redacted) feedback text, as text (the
// matches in bold on a terminal, between » « otherwise), JSON or CSV.
import type { Command } from 'commander';
import pc from 'picocolors';
import { toCsv } from '../export/csv.js';
import { searchTable } from '../export/tables.js';
import { type SearchOptions, type SearchReport, searchItems } from '../search/search-items.js';
import type { ReadDb } from '../storage/db.js';
import type { CliContext } from './context.js';
import { addFilterOptions, addOutputOptions, parseCount, parseDay, writeReport } from './options.js';

export interface SearchCommandOptions extends SearchOptions {
  json?: boolean;
  csv?: boolean;
  color: boolean;
}

export async function printSearch(db: ReadDb, options: SearchCommandOptions, out: NodeJS.WritableStream) {
  const report = await searchItems(db, options);
  writeReport(out, report, options, {
    csv: (r) => toCsv(searchTable(r)),
    text: (r) => renderSearch(r, options.color),
  });
  return report;
}

export function renderSearch(report: SearchReport, color: boolean): string {
  const mark = (text: string) => (color ? pc.bold(pc.yellow(text)) : `»${text}«`);
  const first = (report.page - 1) * report.pageSize;
  const shown =
    report.results.length === 0 ? 'none on this page' : `${first + 1}–${first + report.results.length}`;
  const lines = [
    report.totalCapped
      ? `more than ${report.total} items match ${report.tsquery} (${shown}, best of the newest ${report.total} first)`
      : `${report.total} item(s) match ${report.tsquery} (${shown}, best first)`,
  ];
  for (const [i, r] of report.results.entries()) {
    let text = '';
    let at = 0;
    for (const h of r.highlights) {
      text += r.text.slice(at, h.start) + mark(r.text.slice(h.start, h.end));
      at = h.end;
    }
    text += r.text.slice(at);
    lines.push(
      '',
      `${first + i + 1}. ${r.day} ${r.source} ${r.externalId}: ${r.stage} × ${r.touchpoint}, ${r.sentiment.label} ` +
        `(${r.sentiment.score.toFixed(2)})${r.rating === null ? '' : `, rating ${r.rating}`}`,
      `   ${r.cut.start ? '… ' : ''}${text.replace(/\s+/g, ' ')}${r.cut.end ? ' …' : ''}`,
    );
  }
  const pages = Math.ceil(report.total / report.pageSize);
  if (report.page < pages)
    lines.push('', `Page ${report.page} of ${pages}: --page ${report.page + 1} for more.`);
  return lines.join('\n');
}

export function registerSearch(program: Command, ctx: CliContext): void {
  const search = program
    .command('search')
    .description('verbatim search over the stored (redacted) feedback text, best matches first')
    .argument('<words...>', 'words, "a phrase" (quoted for the shell too), or, -word to leave out')
    .option('--from <date>', 'first day (UTC, inclusive)', parseDay)
    .option('--to <date>', 'last day (UTC, inclusive)', parseDay);
  addFilterOptions(search, { persona: false })
    .option('--page <n>', 'page of results', parseCount, 1)
    .option('--page-size <n>', 'results per page', parseCount, 20);
  addOutputOptions(search).action(async (words: string[], o) => {
    if (o.from && o.to && o.from > o.to) throw new Error('--from must not be after --to.');
    await ctx.withReadDb((db) =>
      printSearch(
        db,
        {
          q: words.join(' '),
          from: o.from,
          to: o.to,
          filter: { source: o.source, segment: o.segment },
          page: o.page,
          pageSize: o.pageSize,
          json: o.json,
          csv: o.csv,
          color: ctx.color(),
        },
        process.stdout,
      ),
    );
  });
}
