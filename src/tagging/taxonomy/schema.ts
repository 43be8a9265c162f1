// The shape of a taxonomy file, validated with zod. A user copies default-taxonomy.json and edits it.
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../../domain.js';

const ruleSchema = z.strictObject({
  /** Unique within its class; the evidence names it as `stage.<class>.<id>`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lower-case letters, digits, "-", "_" or "."'),
  /** Words (stemmed), phrases (several words) or `=word` (exact, unstemmed). */
  match: z.array(z.string().trim().min(1)).min(1),
  weight: z.number().positive().max(100).default(1),
  /** Count this rule only in a clause of this sentiment. */
  when: z.enum(['negative', 'positive']).optional(),
  /**
   * With the clause model on, decide only clauses the model is unsure of (the industry presets' rules);
   * without it, a custom rule decides every clause it wins.
   */
  defer: z.boolean().optional(),
});

const stageClassSchema = z.strictObject({
  /** Breaks ties between classes with the same score: higher wins. */
  precedence: z.number().int().min(0).max(100).default(0),
  defaultTouchpoint: z.enum(TOUCHPOINTS).optional(),
  rules: z.array(ruleSchema),
});

const touchpointClassSchema = z.strictObject({
  precedence: z.number().int().min(0).max(100).default(0),
  defaultStage: z.enum(STAGES).optional(),
  rules: z.array(ruleSchema),
});

const hintSchema = z.strictObject({
  id: z.string().min(1),
  field: z.enum(['channel', 'source']),
  /** Case-insensitive substring of the channel or source value. */
  contains: z.string().min(1),
  stage: z.enum(STAGES).optional(),
  touchpoint: z.enum(TOUCHPOINTS).optional(),
});

export const taxonomySchema = z.strictObject({
  version: z.string().min(1),
  description: z.string().optional(),
  /**
   * `preset:NAME` or the path of another taxonomy file (relative to this one): start from that taxonomy and
   * add or override rules (extend-taxonomy.ts). Gone once resolved: a loaded taxonomy never extends.
   */
  extends: z.string().trim().min(1).optional(),
  stages: z.partialRecord(z.enum(STAGES), stageClassSchema),
  touchpoints: z.partialRecord(z.enum(TOUCHPOINTS), touchpointClassSchema),
  hints: z.array(hintSchema).default([]),
  /**
   * With the clause model on: log-odds added to its stage and touchpoint heads for every clause, the
   * industry's own base rates against the mixed corpora the model was trained on (an industry preset's,
   * fitted by scripts/fit-preset-priors.ts on the preset's rules part). A class not named gets 0.
   */
  priors: z
    .strictObject({
      stage: z.partialRecord(z.enum(STAGES), z.number().min(-5).max(5)).default({}),
      touchpoint: z.partialRecord(z.enum(TOUCHPOINTS), z.number().min(-5).max(5)).default({}),
    })
    .optional(),
  /** Tags for an item whose text names no stage or touchpoint and whose channel gives no hint. */
  fallback: z
    .strictObject({ stage: z.enum(STAGES).optional(), touchpoint: z.enum(TOUCHPOINTS).optional() })
    .optional(),
});

export type Taxonomy = z.output<typeof taxonomySchema>;

// A file that extends another lists only what it adds or changes: no defaults filled in, so a class it
// names without `precedence` keeps its parent's.
const overlayStageSchema = stageClassSchema.extend({
  precedence: z.number().int().min(0).max(100).optional(),
  rules: z.array(ruleSchema).default([]),
});
const overlayTouchpointSchema = touchpointClassSchema.extend({
  precedence: z.number().int().min(0).max(100).optional(),
  rules: z.array(ruleSchema).default([]),
});
export const taxonomyOverlaySchema = taxonomySchema.extend({
  extends: z.string().trim().min(1),
  stages: z.partialRecord(z.enum(STAGES), overlayStageSchema).default({}),
  touchpoints: z.partialRecord(z.enum(TOUCHPOINTS), overlayTouchpointSchema).default({}),
});
export type TaxonomyOverlay = z.output<typeof taxonomyOverlaySchema>;
export type TaxonomyRule = z.output<typeof ruleSchema>;
export type TaxonomyHint = z.output<typeof hintSchema>;
