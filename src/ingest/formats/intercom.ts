// Intercom conversations (API JSON): only the customer's messages, HTML stripped; admin-initiated
// conversations without a customer reply are skipped; `conversation_rating.remark` becomes a
// second item `<conversation id>#rating`.
import { normalizeChannel } from '../channels.js';
import { segmentFromObject } from '../columns.js';
import { htmlToPlainText } from '../company-text.js';
import type { JsonFormat } from '../json-format.js';
import { asArray, asText, get, type JsonObject, parseJsonDate } from '../json-values.js';
import { finishRecord, parseRating, type RecordDraft } from '../records.js';
import type { ParseEvent, ParseOptions } from '../types.js';

const CUSTOMER = new Set(['user', 'lead', 'contact']);
const isCustomer = (message: unknown) => CUSTOMER.has(asText(get(message, 'author', 'type')));

/** The customer's own words: the opening message when they wrote it, then their replies. */
function customerMessages(r: JsonObject): { texts: string[]; attachments: number } {
  const texts: string[] = [];
  let attachments = 0;
  const consider = (message: unknown) => {
    if (!isCustomer(message)) return;
    const subject = htmlToPlainText(asText(get(message, 'subject')));
    const body = htmlToPlainText(asText(get(message, 'body')));
    for (const t of [subject, body]) if (t !== '') texts.push(t);
    attachments += asArray(get(message, 'attachments')).length;
  };
  const source = r.source;
  if (asText(get(source, 'delivered_as')) !== 'admin_initiated') consider(source);
  for (const part of asArray(get(r, 'conversation_parts', 'conversation_parts'))) {
    if (['comment', 'open', 'conversation'].includes(asText(get(part, 'part_type')))) consider(part);
  }
  return { texts, attachments };
}

function skipReasonFor(r: JsonObject, attachments: number): RecordDraft['skipReason'] {
  if (attachments > 0)
    return { code: 'attachment_only', reason: 'The customer sent only attachments, no text.' };
  const source = r.source;
  if (asText(get(source, 'delivered_as')) === 'admin_initiated' || !isCustomer(source)) {
    return {
      code: 'company_initiated',
      reason: 'The conversation was started by the company and the customer wrote nothing.',
    };
  }
  return { code: 'no_text', reason: 'No customer text in the conversation.' };
}

function mapConversation(r: JsonObject, record: number, options: ParseOptions): ParseEvent[] {
  const id = asText(r.id);
  const { texts, attachments } = customerMessages(r);
  const rating = parseRating(asText(get(r, 'conversation_rating', 'rating')), 'csat5');
  const remark = htmlToPlainText(asText(get(r, 'conversation_rating', 'remark')));
  const segment = segmentFromObject(r.custom_attributes, options.segment);
  const common = {
    record,
    source: 'intercom',
    idRequired: true,
    channel: normalizeChannel(asText(get(r, 'source', 'type'))),
    customerId:
      asText(get(r, 'source', 'author', 'id')) ||
      asText(get(asArray(get(r, 'contacts', 'contacts'))[0], 'id')) ||
      null,
    segment,
    raw: [JSON.stringify(r).slice(0, 200)],
  };
  const main = finishRecord({
    ...common,
    id,
    date: parseJsonDate(r.created_at),
    text: texts.join('\n'),
    rating: remark === '' ? rating : { ok: true, rating: null },
    ...(texts.length === 0 ? { skipReason: skipReasonFor(r, attachments) } : {}),
  });
  if (remark === '' || main.kind === 'rejected') return [main];
  const rated = finishRecord({
    ...common,
    id: `${id}#rating`,
    date: parseJsonDate(get(r, 'conversation_rating', 'created_at') ?? r.updated_at ?? r.created_at),
    text: remark,
    rating,
  });
  return [main, rated];
}

export const intercom: JsonFormat = {
  name: 'intercom',
  source: 'intercom',
  matches: (r) =>
    r.type === 'conversation' || 'conversation_rating' in r || get(r, 'source', 'delivered_as') !== undefined,
  map: mapConversation,
};
