// Re-tag stored items whose tagger or taxonomy version is not the current one (every item with
// `force`), a page of items per transaction: read and lock the page, tag it, write it. A crash
// loses at most the page in flight, and a second run continues where the first stopped, because
// the items already written are at the current versions. The write path moves the aggregates in
// each page's transaction; days left marked dirty by a repair are rebuilt at the end.
import type { Transaction } from 'kysely';
import { countAggregateDrift, listDirtyDays, rebuildDay } from '../storage/aggregates.repository.js';
import type { Db } from '../storage/db.js';
import { type ItemRow, type WriteOutcome, writeTaggedItems } from '../storage/items.repository.js';
import {
  listItemIdsAfter,
  listMentionCells,
  readStoredItems,
  type StoredItemFilter,
} from '../storage/retag.repository.js';
import type { Database } from '../storage/tables.js';
import {
  addItemMoves,
  createMoveTally,
  type ItemTags,
  type MoveSummary,
  type MoveTally,
  summarizeMoves,
} from '../tagging/cell-moves.js';
import type { TagInput, TagResult } from '../tagging/types.js';
import { tagInputOf, toItemRow } from './item-rows.js';
import { toFeedbackInput } from './stored-item.js';
import type { TaggerVersions } from './tagger.js';

export interface RetagOptions {
  /** Only items received on or after this UTC day (YYYY-MM-DD). */
  since?: string;
  /** Re-tag every item, even those already at the current versions. */
  force?: boolean;
  /** Tag and count, but write nothing. */
  dryRun?: boolean;
  batchSize?: number;
  onPage?: (progress: { examined: number; retagged: number }) => void;
}

export interface RetagSummary extends MoveSummary {
  dryRun: boolean;
  force: boolean;
  since: string | null;
  versions: TaggerVersions;
  /** Items rewritten (0 in a dry run). */
  retagged: number;
  /** Items the tagger threw on; they keep their old tags and versions. */
  failed: number;
  /** The versions the examined items were tagged with before. */
  previousVersions: Array<TaggerVersions & { items: number }>;
  /** Days of pain_point_daily rebuilt after the writes. */
  daysRebuilt: number;
  /** Aggregate rows that differ from a recomputation after the run (must be 0). */
  drift: number;
}

type Tag = (input: TagInput) => TagResult;
type Trx = Transaction<Database>;

interface Progress {
  tally: MoveTally;
  previous: Map<string, number>;
  examined: number;
  retagged: number;
  failed: number;
}

export async function retagItems(
  deps: { db: Db; tag: Tag },
  versions: TaggerVersions,
  options: RetagOptions = {},
): Promise<RetagSummary> {
  const filter: StoredItemFilter = {
    ...(options.since ? { since: `${options.since}T00:00:00Z` } : {}),
    ...(options.force ? {} : { notAt: versions }),
  };
  const batchSize = options.batchSize ?? 500;
  const progress: Progress = {
    tally: createMoveTally(),
    previous: new Map(),
    examined: 0,
    retagged: 0,
    failed: 0,
  };
  let after = 0;
  for (;;) {
    const ids = await listItemIdsAfter(deps.db, filter, after, batchSize);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const page = options.dryRun
      ? await tagPage(deps.db, deps.tag, versions, ids, filter, { lock: false })
      : await deps.db.transaction().execute(async (trx) => {
          const tagged = await tagPage(trx, deps.tag, versions, ids, filter, { lock: true });
          return { ...tagged, written: await retagPage(trx, tagged.rows, { force: options.force }) };
        });
    countPage(progress, page);
    options.onPage?.({ examined: progress.examined, retagged: progress.retagged });
    if (ids.length < batchSize) break;
  }
  const daysRebuilt = options.dryRun ? 0 : await rebuildDirtyDays(deps.db);
  const drift = options.dryRun ? 0 : await countAggregateDrift(deps.db);
  return {
    ...summarizeMoves(progress.tally),
    dryRun: options.dryRun === true,
    force: options.force === true,
    since: options.since ?? null,
    versions,
    retagged: progress.retagged,
    failed: progress.failed,
    previousVersions: [...progress.previous].map(([key, items]) => {
      const [taxonomy = '', tagger = ''] = key.split('\u0000');
      return { tagger, taxonomy, items };
    }),
    daysRebuilt,
    drift,
  };
}

/** Writes one page of re-tagged rows, and their aggregate delta, in the caller's transaction. */
export async function retagPage(
  trx: Trx,
  rows: ItemRow[],
  options: { force?: boolean },
): Promise<WriteOutcome> {
  return writeTaggedItems(trx, rows, { force: options.force === true });
}

interface TaggedPage {
  rows: ItemRow[];
  pairs: Array<{ before: ItemTags; after: ItemTags; previous: string }>;
  failed: number;
  written?: WriteOutcome;
}

/** Reads a page of stored items with their current cells and tags each one again. */
async function tagPage(
  db: Db | Trx,
  tag: Tag,
  versions: TaggerVersions,
  ids: number[],
  filter: StoredItemFilter,
  options: { lock: boolean },
): Promise<TaggedPage> {
  const items = await readStoredItems(db, ids, filter, options);
  const cells = await listMentionCells(
    db,
    items.map((i) => i.id),
  );
  const page: TaggedPage = { rows: [], pairs: [], failed: 0 };
  for (const stored of items) {
    const input = toFeedbackInput(stored);
    let tags: TagResult;
    try {
      tags = tag(tagInputOf(input));
    } catch {
      page.failed++;
      continue;
    }
    assertVersions(tags, versions);
    // The stored hash stays: re-tagging is not a content edit, whatever the round trip does.
    page.rows.push({ ...toItemRow(input, tags, null), contentHash: stored.content_hash });
    page.pairs.push({
      before: { cells: cells.get(stored.id) ?? [], sentiment: stored.sentiment_label },
      after: { cells: tags.mentions, sentiment: tags.sentiment.label },
      previous: `${stored.taxonomy_version}\u0000${stored.tagger_version}`,
    });
  }
  return page;
}

function assertVersions(tags: TagResult, versions: TaggerVersions): void {
  if (tags.taggerVersion !== versions.tagger || tags.taxonomyVersion !== versions.taxonomy) {
    throw new Error(
      `The tagger answered with versions ${tags.taxonomyVersion} / ${tags.taggerVersion}, not the ` +
        `${versions.taxonomy} / ${versions.tagger} it was loaded as; this is a bug in painmap.`,
    );
  }
}

function countPage(progress: Progress, page: TaggedPage): void {
  for (const pair of page.pairs) {
    addItemMoves(progress.tally, pair.before, pair.after);
    progress.previous.set(pair.previous, (progress.previous.get(pair.previous) ?? 0) + 1);
  }
  progress.examined += page.pairs.length + page.failed;
  progress.failed += page.failed;
  progress.retagged += page.written?.updated ?? 0;
}

/** Rebuilds every dirty day, each in its own transaction, until none is left that this call has not rebuilt. */
export async function rebuildDirtyDays(db: Db): Promise<number> {
  const rebuilt = new Set<string>();
  for (;;) {
    const days = (await listDirtyDays(db)).filter((day) => !rebuilt.has(day));
    if (days.length === 0) return rebuilt.size;
    for (const day of days) {
      await db.transaction().execute((trx) => rebuildDay(trx, day));
      rebuilt.add(day);
    }
  }
}
