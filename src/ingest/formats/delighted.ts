// Delighted survey responses (API JSON): score on the survey type's scale, comment, Unix created_at.
import type { RatingScale } from '../../domain.js';
import { segmentFromObject } from '../columns.js';
import type { JsonFormat } from '../json-format.js';
import { asText, get, type JsonObject, parseJsonDate } from '../json-values.js';
import { finishRecord, parseRating } from '../records.js';

/** CES (1–7) and PMF have no painmap scale: their score is kept out of rating aggregates. */
const SCALES: Readonly<Record<string, RatingScale>> = {
  nps: 'nps',
  enps: 'nps',
  csat: 'csat5',
  smileys: 'csat5',
  'five-star': 'stars5',
  five_star: 'stars5',
  thumbs: 'csat2',
};

function mapDelighted(r: JsonObject, record: number, options: Parameters<JsonFormat['map']>[2]) {
  const type = asText(r.survey_type).toLowerCase() || 'nps';
  const scale = SCALES[type] ?? null;
  const segment = segmentFromObject(r.person_properties, options.segment);
  const person = asText(r.person) || asText(get(r, 'person', 'id'));
  return [
    finishRecord({
      record,
      source: 'delighted',
      id: asText(r.id),
      idRequired: true,
      date: parseJsonDate(r.created_at),
      text: asText(r.comment),
      rating: parseRating(asText(r.score), scale),
      channel: 'survey',
      customerId: person || null,
      segment,
      statedLanguage: segment.language ?? null,
      raw: [JSON.stringify(r)],
      textLabel: 'comment',
    }),
  ];
}

export const delighted: JsonFormat = {
  name: 'delighted',
  source: 'delighted',
  matches: (r) => 'survey_type' in r || ('score' in r && ('permalink' in r || 'person_properties' in r)),
  map: mapDelighted,
};
