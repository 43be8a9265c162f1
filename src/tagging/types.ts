// The contract between the tagging engine and the rest of painmap. `tagItem` (src/tagging/index.ts)
// is a pure function: same input and versions, byte-identical output.
import type {
  ClauseSentiment,
  ItemSentiment,
  Rating,
  StageOrUnknown,
  TouchpointOrUnknown,
} from '../domain.js';

export interface TagInput {
  text: string;
  rating?: Rating | null;
  /** Arrival channel: a weak hint only, used when the text names no touchpoint. */
  channel?: string | null;
  source?: string | null;
  language?: string | null;
  /**
   * The survey question this text answers, when the export carries it: a clause that names nothing takes
   * the question's cell (with the clause model), instead of `unknown`.
   */
  question?: string | null;
}

export interface Evidence {
  /** What this evidence supports. */
  kind: 'stage' | 'touchpoint' | 'sentiment';
  /** The id of the rule or taxonomy entry that fired, e.g. `stage.fulfilment.kw.refund`. */
  rule: string;
  /** The words or phrase of the text that matched (as written in the text). */
  match: string;
  /** Char offsets of `match` in the item text. */
  start: number;
  end: number;
}

export interface Mention {
  /** Char offsets into the item text: text.slice(start, end) === this.text. */
  start: number;
  end: number;
  text: string;
  stage: StageOrUnknown;
  touchpoint: TouchpointOrUnknown;
  sentiment: { label: ClauseSentiment; score: number };
  evidence: Evidence[];
}

export interface TagResult {
  /** Item-level sentiment, score in -1..1. `ratingUsed` says the source rating was fused in. */
  sentiment: { label: ItemSentiment; score: number; ratingUsed: boolean };
  /** Primary stage / touchpoint: those of the strongest negative mention, else of the strongest mention. */
  stage: StageOrUnknown;
  touchpoint: TouchpointOrUnknown;
  /** At least one mention for any non-blank text. */
  mentions: Mention[];
  taxonomyVersion: string;
  taggerVersion: string;
}
