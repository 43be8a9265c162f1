// The shape of a language pack file (packs/<code>.json): the general taxonomy's stage and touchpoint
// vocabulary, a customer-experience sentiment lexicon, negation, intensifiers and clause splitters of one
// language. Validated with zod when the pack is loaded.
import { z } from 'zod';
import { STAGES, TOUCHPOINTS } from '../../domain.js';

const ruleSchema = z.strictObject({
  /** Unique within its class; evidence names it `<lang>.<kind>.<class>.<id>`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/),
  /**
   * Each entry is one word or a phrase of several. A word matches a token that starts with it (accents
   * folded: "entrega" matches "entregado"); `=word` matches the word exactly; `*part` matches a token that
   * contains it (German compounds: `*paket` in "Paketbote", "Postpaket").
   */
  match: z.array(z.string().trim().min(2)).min(1),
  /** 3 for words that name the class outright, 1-2 for words that lean towards it. */
  weight: z.number().positive().max(10).default(2),
});

export const packSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/),
  description: z.string(),
  /** Where every list comes from, for the README and the licence record. */
  attribution: z.array(z.string()).min(1),
  stages: z.partialRecord(z.enum(STAGES), z.array(ruleSchema)),
  touchpoints: z.partialRecord(z.enum(TOUCHPOINTS), z.array(ruleSchema)),
  sentiment: z.strictObject({
    /** Customer-experience words and phrases, -4..4 (VADER's scale); they win over the base lexicon. */
    lexicon: z.record(z.string(), z.number().min(-4).max(4)),
    /** Words that say nothing alone and a complaint when negated ("funciona" → "no funciona"). */
    negatable: z.array(z.string()),
    /** Words that negate the sentiment words within `window` words after them. */
    negators: z.array(z.string()),
    /** Negators that follow the word they negate ("gefällt mir nicht", "ne marche pas"). */
    negatorsAfter: z.array(z.string()).default([]),
    /** Multipliers of the next sentiment word ("muy", "sehr", "très"). */
    intensifiers: z.record(z.string(), z.number().min(0).max(3)),
    /** "too" words: the next word becomes a complaint ("zu spät", "trop petite", "demasiados correos"). */
    excess: z.array(z.string()).default([]),
    /** A clause opening with one of these is a question that reports a problem ("¿por qué…?"). */
    complaintQuestions: z.array(z.string()).default([]),
  }),
  /** Words that open a new clause ("pero", "aber", "mais"): contrast and new subjects. */
  clauseBreaks: z.array(z.string()),
});

export type LanguagePackJson = z.input<typeof packSchema>;
export type LanguagePack = z.output<typeof packSchema>;
