// `painmap taxonomy suggest`: read the stored clauses that fell to `unknown` or the fallback, then the
// tagged ones, page by page (newest items first, at most `scan` of each), and propose rules for the
// words the taxonomy lacks. Read-only: no tag changes until a person adds the rules and re-tags.
import {
  type ClauseCursor,
  type ClauseKind,
  firstItemIdSince,
  listClausesBefore,
} from '../storage/clauses.repository.js';
import type { Db } from '../storage/db.js';
import { type ScanCount, type SuggestReport, suggestRules } from '../tagging/suggest/suggest-rules.js';
import {
  addMinedClause,
  addTaggedClause,
  type ClauseInput,
  createTally,
  pruneTerms,
} from '../tagging/suggest/term-tally.js';
import type { Taxonomy } from '../tagging/taxonomy/schema.js';

export const SUGGEST_DEFAULTS = { limit: 10, minCount: 3, scan: 100_000, pageSize: 2_000 } as const;

export interface SuggestScanOptions {
  /** Only items received on or after this UTC day (YYYY-MM-DD). */
  since?: string;
  /** At most this many proposals. */
  limit?: number;
  /** A word needs at least this many mined clauses. */
  minCount?: number;
  /** At most this many clauses of each kind are read, newest items first. */
  scan?: number;
  pageSize?: number;
  onPage?: (progress: { kind: ClauseKind; read: number }) => void;
}

async function readClauses(
  db: Db,
  kind: ClauseKind,
  options: SuggestScanOptions & { scan: number; pageSize: number; firstItemId: number | null },
  add: (clause: ClauseInput, version: string) => void,
): Promise<Omit<ScanCount, 'withoutWords'>> {
  let before: ClauseCursor | null = null;
  let read = 0;
  const { firstItemId } = options;
  if (options.since !== undefined && firstItemId === null) return { read: 0, capped: false };
  const since = options.since !== undefined ? { day: options.since, firstItemId: firstItemId! } : undefined;
  for (;;) {
    // One row past the cap says whether the cap cut the scan short.
    const limit = Math.min(options.pageSize, options.scan + 1 - read);
    const rows = await listClausesBefore(db, { kind, since, before, limit });
    for (const row of rows.slice(0, options.scan - read)) {
      add(
        { itemId: row.item_id, text: row.text, stage: row.stage, touchpoint: row.touchpoint },
        row.taxonomy_version,
      );
    }
    if (read + rows.length > options.scan) return { read: options.scan, capped: true };
    read += rows.length;
    options.onPage?.({ kind, read });
    if (rows.length < limit) return { read, capped: false };
    const last = rows[rows.length - 1]!;
    before = { itemId: last.item_id, ordinal: last.ordinal };
  }
}

export async function suggestTaxonomyRules(
  db: Db,
  taxonomy: { path: string; taxonomy: Taxonomy },
  options: SuggestScanOptions = {},
): Promise<SuggestReport> {
  const firstItemId = options.since === undefined ? null : await firstItemIdSince(db, options.since);
  const settings = { ...SUGGEST_DEFAULTS, ...options, firstItemId };
  const tally = createTally();
  const versions = new Map<string, number>();
  const mined = await readClauses(db, 'mined', settings, (clause, version) => {
    versions.set(version, (versions.get(version) ?? 0) + 1);
    addMinedClause(tally, clause);
  });
  pruneTerms(tally, settings.minCount);
  const tagged = await readClauses(db, 'tagged', settings, (clause) => addTaggedClause(tally, clause));
  return {
    taxonomy: { path: taxonomy.path, version: taxonomy.taxonomy.version },
    since: options.since ?? null,
    scan: {
      cap: settings.scan,
      mined: { ...mined, withoutWords: tally.emptyMined },
      tagged: { ...tagged, withoutWords: tally.emptyTagged },
    },
    minedVersions: [...versions]
      .map(([version, clauses]) => ({ version, clauses }))
      .sort((a, b) => b.clauses - a.clauses || (a.version < b.version ? -1 : 1)),
    proposals: suggestRules(tally, taxonomy.taxonomy, settings),
  };
}
