// Zendesk tickets from the API or incremental export: subject + description (quoted replies
// removed); `satisfaction_rating.comment` becomes a second item `<ticket id>#csat`.
import { normalizeChannel, removedTicketReason } from '../channels.js';
import { stripQuotedReply } from '../company-text.js';
import type { JsonFormat } from '../json-format.js';
import { asText, get, type JsonObject, parseJsonDate } from '../json-values.js';
import { finishRecord } from '../records.js';
import type { ParseEvent, ParseOptions } from '../types.js';
import { parseZendeskScore } from './zendesk-csv.js';

function ticketText(r: JsonObject): string {
  const subject = (asText(r.subject) || asText(r.raw_subject)).trim();
  const description = stripQuotedReply(asText(r.description));
  if (subject !== '' && description.startsWith(subject)) return description;
  return [subject, description].filter(Boolean).join('\n');
}

function mapTicket(r: JsonObject, record: number, options: ParseOptions): ParseEvent[] {
  const id = asText(r.id);
  const rating = parseZendeskScore(asText(get(r, 'satisfaction_rating', 'score')));
  const comment = asText(get(r, 'satisfaction_rating', 'comment')).trim();
  const common = {
    record,
    source: 'zendesk',
    idRequired: true,
    channel: normalizeChannel(asText(get(r, 'via', 'channel'))),
    customerId: asText(r.requester_id) || null,
    segment: { ...options.segment },
    raw: [JSON.stringify(r).slice(0, 200)],
  };
  const removed = removedTicketReason('Zendesk', asText(r.status));
  const ticket = finishRecord({
    ...common,
    ...(removed ? { skipReason: removed } : {}),
    id,
    date: parseJsonDate(r.created_at),
    text: ticketText(r),
    rating: comment === '' ? rating : { ok: true, rating: null },
    textLabel: 'subject/description',
  });
  if (comment === '' || ticket.kind !== 'item') return [ticket];
  const csatDate = get(r, 'satisfaction_rating', 'created_at') ?? r.updated_at ?? r.created_at;
  const csat = finishRecord({
    ...common,
    id: `${id}#csat`,
    date: parseJsonDate(csatDate),
    text: comment,
    rating,
    textLabel: 'satisfaction_rating.comment',
  });
  return [ticket, csat];
}

export const zendeskJson: JsonFormat = {
  name: 'zendesk-json',
  source: 'zendesk',
  matches: (r) =>
    'via' in r || 'satisfaction_rating' in r || ('subject' in r && 'description' in r && 'requester_id' in r),
  map: mapTicket,
};
