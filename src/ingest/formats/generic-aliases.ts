// The header names the generic CSV layout recognises for each column role, before the column
// profile is asked. Pure data and one lookup.
import { findColumn, findColumnByPrefix } from '../columns.js';

export const ID_ALIASES = [
  'id',
  'response id',
  'respondent id',
  'external id',
  'ticket id',
  'review id',
  'feedback id',
  'record id',
  'uuid',
];
export const TEXT_ALIASES = [
  'text',
  'comment',
  'comments',
  'feedback',
  'feedback text',
  'review',
  'review text',
  'review body',
  'answer',
  'message',
  'body',
  'verbatim',
  'response',
  'open ended response',
  'free text',
  'content',
  'remarks',
  'suggestions',
  'customer comment',
  'customer feedback',
];
/** Question titles that start like an open question hold free text too. */
export const TEXT_QUESTION_PREFIXES = [
  'what could we improve',
  'what can we improve',
  'how can we improve',
  'how could we improve',
  'what could we do better',
  'anything else',
  'tell us',
  'please tell us',
  'why did you',
  'what is the main reason',
  "what's the main reason",
  'comments',
  'feedback',
  'suggestions',
];

/** The text column: an exact alias first, then a question title starting like an open question. */
export function findTextColumn(norm: readonly string[]): number {
  const exact = findColumn(norm, TEXT_ALIASES);
  return exact >= 0 ? exact : findColumnByPrefix(norm, TEXT_QUESTION_PREFIXES);
}
export const DATE_ALIASES = [
  'date',
  'created_at',
  'created',
  'created at',
  'timestamp',
  'submitted at',
  'submit date',
  'submitted',
  'received_at',
  'received',
  'response date',
  'date submitted',
  'time',
];
export const RATING_ALIASES = [
  'rating',
  'score',
  'nps',
  'nps score',
  'stars',
  'star rating',
  'csat',
  'csat score',
];
export const CHANNEL_ALIASES = ['channel', 'via', 'medium'];
export const CUSTOMER_ALIASES = [
  'customer id',
  'customer_id',
  'user id',
  'userid',
  'contact id',
  'email',
  'email address',
];
