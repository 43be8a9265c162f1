// The item heads: the whole item read at once for its own stage and touchpoint, as annotators label an
// item (the cell of its most negative mention). The clause heads tag each mention; choosing which mention
// is the item's was a rule (the most negative one), and on dev.jsonl 13 of the 30 items whose stage was
// wrong had the right stage on another of their own mentions. The item heads decide between the item's
// own (negative, where it has any) mentions; where they are sure, among all its mentions; and where they
// are sure of a cell the one mention of a one-clause item does not have, that mention takes it: the item's cell is always one of its mentions'
// cells, and names the words that carried it. (The item's sentiment head is read in tag-item.ts.)
import type { ClauseSentiment } from '../../domain.js';
import type { Draft } from '../draft-mentions.js';
import type { Token } from '../text/tokenize.js';
import type { Evidence } from '../types.js';
import {
  addRow,
  type ItemHeadName,
  type Prediction,
  predictItemSums,
  type WeightTable,
} from './clause-model.js';
import { ClauseRows, clauseRows, TokenIds } from './compiled-features.js';
import { explain, newExplanation } from './explain.js';
import { BIAS_KEY, clauseFeatures, EMPTY_KEY, type Feature, KEY, RULE_SCORE_KEY } from './features.js';

/**
 * The item heads move a one-clause item's cell to one its mention does not have only when at least this
 * sure. On dev.jsonl (the model trained without it; heads then free to move any item) stage / touchpoint
 * accuracy was 0.930 / 0.870 at 0.6, 0.937 / 0.873 at 0.7 and 0.8, 0.940 / 0.883 at 0.9, and 0.927 / 0.876
 * choosing only among the mentions (0.900 / 0.870 without item heads): 0.8 is inside the plateau.
 */
export const ITEM_SURE = 0.8;
// In an item of several clauses the same certainty picks a label one of its non-negative mentions has
// (chooseItemLabel). Chosen on two folds of our own labels (scripts/eval/candidate.ts --holdout, the model
// trained without the fold), stage / touchpoint / aspect recall: only among the negative mentions 0.816 /
// 0.817 / 0.698 and 0.802 / 0.799 / 0.689; any mention's label when sure 0.822 / 0.822 / 0.698 and 0.810 /
// 0.805 / 0.689 (0.7, 0.9 and 0.95: within 0.003 of it); also moving the primary mention to a label no
// mention has (as a one-clause item moves) lost 0.002–0.003 of stage and 0.004 of touchpoint (at 0.9).

/** What the rules made of the item before the model: its most negative clause's score and label. */
export function itemRule(drafts: readonly Draft[]): { label: ClauseSentiment; score: number } {
  let worst: Draft | undefined;
  for (const d of drafts) if (worst === undefined || d.score < worst.score) worst = d;
  return worst === undefined ? { label: 'neutral', score: 0 } : { label: worst.label, score: worst.score };
}

/**
 * The item heads' features as strings (the trainer's path): the words and rule hits of each of the item's
 * clauses in turn (as the clause heads read them, without context), then the item's own: a bias, `empty`
 * for an item without words, and the rules' worst clause. The clause passes of tagging find the same rows,
 * so the item is read as a by-product of tagging its clauses (ItemReader).
 */
export function itemFeatures(tokens: readonly Token[], drafts: readonly Draft[]): Feature[] {
  const out: Feature[] = [{ key: BIAS_KEY, value: 1, start: -1, end: -1 }];
  const clause: Feature[] = [];
  let words = false;
  for (const d of drafts) {
    clauseFeatures(tokens.slice(d.from, d.to), NO_CONTEXT, d.ruleHits, d, clause);
    for (const f of clause) {
      if (f.key === BIAS_KEY || f.key === EMPTY_KEY || f.key.startsWith(KEY.ruleLabel)) continue;
      if (f.key.startsWith(KEY.word)) words = true;
      out.push(f);
    }
  }
  const rule = itemRule(drafts);
  if (!words) out.push({ key: EMPTY_KEY, value: 1, start: -1, end: -1 });
  out.push({ key: `${KEY.ruleLabel}${rule.label}`, value: 1, start: -1, end: -1 });
  out.push({ key: RULE_SCORE_KEY, value: rule.score, start: -1, end: -1 });
  return out;
}

const NO_CONTEXT: ReadonlySet<string> = new Set();

/** The heads that name a cell. */
export type CellHead = 'stage' | 'touchpoint';

export interface ItemReading {
  stage: Prediction;
  touchpoint: Prediction;
  /** The item's sentiment from its text alone: the likeliest of four classes, and P(positive) − P(negative). */
  sentiment: Prediction & { margin: number };
  /** The item's rows, for evidence (valid until the next item). */
  rows: ClauseRows;
}

/**
 * Reads an item with the item heads as its clauses are tagged: `start`, then `addClause` with each clause's
 * rows (clauseRows over the item table's index, which is the clause heads' one), then `finish` with the
 * rules' worst clause (taken before the clause model re-scores the drafts). One row lookup per feature
 * serves both the clause heads and the item heads; the sums are kept as the rows come.
 */
export class ItemReader {
  private sums = new Float64Array(0);
  private words = false;
  readonly rows = new ClauseRows();

  start(item: WeightTable<ItemHeadName>): void {
    if (this.sums.length !== item.width) this.sums = new Float64Array(item.width);
    else this.sums.fill(0);
    this.words = false;
    this.rows.n = 0;
    this.add(item, item.compiled.bias, 1, -1, -1);
  }

  /** A clause's words and rule hits (not its bias, `empty` nor rule-score rows: the item has its own). */
  addClause(item: WeightTable<ItemHeadName>, clause: ClauseRows): void {
    const empty = item.compiled.empty;
    for (let i = clause.wordsFrom; i < clause.wordsTo; i++) {
      const row = clause.rows[i]!;
      if (row !== empty) this.add(item, row, clause.values[i]!, clause.starts[i]!, clause.ends[i]!);
    }
    if (clause.words > 0) this.words = true;
  }

  /** `priors`: a taxonomy's log-odds for the stage and touchpoint heads (apply-model.ts, priorWeights). */
  finish(
    item: WeightTable<ItemHeadName>,
    rule: { label: ClauseSentiment; score: number },
    priors: Float64Array | null = null,
  ): ItemReading {
    const { compiled } = item;
    if (!this.words) this.add(item, compiled.empty, 1, -1, -1);
    this.add(item, compiled.ruleLabel.get(rule.label) ?? -1, 1, -1, -1);
    this.add(item, compiled.ruleScore, rule.score, -1, -1);
    if (priors !== null) for (let j = 0; j < priors.length; j++) this.sums[j]! += priors[j]!;
    const { stage, touchpoint, sentiment, probabilities } = predictItemSums(item, this.sums);
    const { labels, offset } = item.heads.sentiment;
    const p = (label: string) => {
      const j = labels.indexOf(label);
      return j < 0 ? 0 : probabilities[offset + j]!;
    };
    return {
      stage: { ...stage },
      touchpoint: { ...touchpoint },
      sentiment: { ...sentiment, margin: p('positive') - p('negative') },
      rows: this.rows,
    };
  }

  private add(item: WeightTable<ItemHeadName>, row: number, value: number, start: number, end: number): void {
    if (row < 0) return;
    this.rows.push(row, value, start, end);
    addRow(item, row, value, this.sums);
  }
}

const READER = new ItemReader();
const EXPLANATION = newExplanation();
const CLAUSE = new ClauseRows();
const IDS = new TokenIds();

/**
 * Reads an item with the item heads alone (tagging reads it alongside the clause heads instead, in
 * apply-model.ts); call before the clause model re-scores the drafts.
 */
export function readItem(
  item: WeightTable<ItemHeadName>,
  tokens: readonly Token[],
  drafts: readonly Draft[],
): ItemReading {
  READER.start(item);
  const ids = IDS.read(item.compiled, tokens);
  for (const d of drafts) {
    clauseRows(item.compiled, tokens, ids, d.from, d.to, d.ruleHits, d, CLAUSE);
    READER.addClause(item, CLAUSE);
  }
  return READER.finish(item, itemRule(drafts));
}

/** The features that carried the item heads' label, as evidence of `kind`. */
function itemEvidence(
  item: WeightTable<ItemHeadName>,
  text: string,
  rows: ClauseRows,
  kind: CellHead,
  label: string,
): Evidence[] {
  const found = explain(item, item.heads[kind], rows, label, EXPLANATION);
  const out: Evidence[] = [];
  for (let k = 0; k < found.n; k++) {
    const i = found.at[k]!;
    const key = item.keys[rows.rows[i]!]!;
    const rule = key.startsWith('h:') ? key.slice(2) : `model.item.${kind}.${label}.${key}`;
    out.push({
      kind,
      rule,
      match: text.slice(rows.starts[i]!, rows.ends[i]!),
      start: rows.starts[i]!,
      end: rows.ends[i]!,
    });
  }
  if (out.length === 0)
    out.push({ kind, rule: `model.item.${kind}.${label}.prior`, match: '', start: 0, end: 0 });
  return out;
}

/**
 * The item's own `kind`: the item heads' label where one of the mentions has it; else, where they are sure
 * (ITEM_SURE) and the item names something, the primary mention takes their label and evidence; else the
 * primary mention's label. `primary` is the mention the codebook's rule picks (the most negative one);
 * `locked` says a mention's label came from a custom taxonomy's own rule (never moved).
 */
export function chooseItemLabel(
  item: WeightTable<ItemHeadName>,
  reading: ItemReading,
  text: string,
  kind: CellHead,
  drafts: readonly Draft[],
  primary: Draft | undefined,
  locked: (d: Draft) => boolean,
): string | null {
  if (primary === undefined) return null;
  const { label, probability } = reading[kind];
  // The codebook's item cell is a negative mention's where there is one: the heads choose among those.
  const negative = drafts.filter((d) => d.label === 'negative');
  const pool = negative.length > 0 ? negative : drafts;
  if (pool.some((d) => d[kind] === label)) return label;
  if (probability < ITEM_SURE) return primary[kind];
  // Sure, in an item of several clauses: the label where one of its mentions has it (a mention the rules
  // read as neutral or positive, where the annotators saw the item's point), else the primary mention's.
  // They cannot tell which clause a label no mention has is of, so nothing moves.
  const spoken = drafts.filter((d) => !d.silent).length;
  if (spoken > 1) return drafts.some((d) => d[kind] === label) ? label : primary[kind];
  // An item of one clause moves: there the heads read what the clause heads read, with more data behind them.
  if (locked(primary)) return primary[kind];
  (primary as Record<CellHead, string | null>)[kind] = label;
  primary.evidence = [
    ...itemEvidence(item, text, reading.rows, kind, label),
    ...primary.evidence.filter((e) => e.kind !== kind),
  ];
  return label;
}
