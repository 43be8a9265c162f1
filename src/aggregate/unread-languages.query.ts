// Items not analysed because of their language: stored with a language the tagger has neither English
// rules nor a pack for (they sit in the `unknown` cells), counted per language for the heatmap's footnote.
import { sql } from 'kysely';
import type { ReadQueries } from '../storage/db.js';
import type { HeatmapFilter } from './heatmap.query.js';
import { filterOn } from './rollup-tables.js';

export interface UnreadLanguageCount {
  language: string;
  items: number;
}

export async function queryUnreadLanguages(
  db: ReadQueries,
  filter: Omit<HeatmapFilter, 'bucket'>,
  readLanguages: readonly string[],
): Promise<UnreadLanguageCount[]> {
  const result = await sql<UnreadLanguageCount>`
    select language, count(*)::int as items
    from feedback_items
    where language is not null and language not in ('', 'und')
      and lower(substr(language, 1, 2)) <> all(${[...readLanguages]}::text[])
      ${filter.from ? sql`and received_day >= ${filter.from}::date` : sql``}
      ${filter.to ? sql`and received_day <= ${filter.to}::date` : sql``}
      ${filterOn(filter)}
    group by language
    order by items desc, language`.execute(db);
  return result.rows;
}

/** `not analysed (language): 12 items (nl 7, it 5)`, or null when there are none. */
export function formatUnreadLanguages(counts: readonly UnreadLanguageCount[]): string | null {
  const total = counts.reduce((n, c) => n + c.items, 0);
  if (total === 0) return null;
  const per = counts.map((c) => `${c.language} ${c.items}`).join(', ');
  return `not analysed (language): ${total} item${total === 1 ? '' : 's'} (${per})`;
}
