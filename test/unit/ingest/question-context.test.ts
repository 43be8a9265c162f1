// The survey question as context (issue 13, item 3), per survey format that carries questions: the export is
// read as painmap reads it, each answer keeps its question, and an answer that names nothing ("Took ages.")
// takes the question's cell, with the question as its evidence, while an answer that names its own topic
// keeps it. The files are small, in each format's real layout (see fixtures/exports for full ones).
import { describe, expect, it } from 'vitest';
import { tagInputOf } from '../../../src/pipeline/item-rows.js';
import { tagItem } from '../../../src/tagging/index.js';
import { collectBytes } from './collect.js';

const Q = 'What could we have done better with the delivery of your order?';
const NAMELESS = 'Took ages.';
const OWN_TOPIC = 'The app keeps crashing when I open it.';

const LAYOUTS: Record<string, string> = {
  surveymonkey:
    `RespondentID,CollectorID,StartDate,EndDate,How likely is it that you would recommend us to a friend?,${Q}\n` +
    ',,,,Response,Open-Ended Response\n' +
    `11400000001,400000001,03/02/2026 09:00:00,03/02/2026 09:02:00,4,${NAMELESS}\n` +
    `11400000002,400000001,03/02/2026 10:00:00,03/02/2026 10:03:00,6,${OWN_TOPIC}\n`,
  typeform:
    `#,How likely are you to recommend us to a friend?,${Q},Response Type,Start Date (UTC),Stage Date (UTC),Submit Date (UTC),Network ID,Tags\n` +
    `a1b2c3d4e5f60718293a4b5c6d7e8f90,4,${NAMELESS},completed,2026-02-01 10:00:00,2026-02-01 10:03:00,2026-02-01 10:03:12,8c9d0e1f2a,\n` +
    `b2c3d4e5f60718293a4b5c6d7e8f90a1,6,${OWN_TOPIC},completed,2026-02-01 11:00:00,2026-02-01 11:04:00,2026-02-01 11:04:30,8c9d0e1f2b,\n`,
  'google-forms':
    `Timestamp,Email address,How satisfied are you with our service? (1-5),${Q}\n` +
    `2026/03/02 9:03:11 AM GMT+1,ana@example.com,2,${NAMELESS}\n` +
    `2026/03/02 11:47:55 PM GMT+1,ben@example.com,3,${OWN_TOPIC}\n`,
  'generic-csv': `Response ID,Submitted At,NPS,${Q}\nr-001,2026-01-05T09:15:00Z,4,${NAMELESS}\nr-002,2026-01-05T10:00:00Z,6,${OWN_TOPIC}\n`,
};

/** A Qualtrics export: question ids, question texts, then ImportId rows (the current three-row layout). */
const QUALTRICS =
  'StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,Q1,Q2_TEXT\n' +
  `Start Date,End Date,Response Type,Progress,Finished,Recorded Date,Response ID,How likely are you to recommend us to a friend?,${Q}\n` +
  '"{""ImportId"":""startDate""}","{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""progress""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\n' +
  `2026-01-12 08:25:40,2026-01-12 08:30:05,IP Address,100,True,2026-01-12 08:30:05,R_1abcDEF234ghIJK,4,${NAMELESS}\n` +
  `2026-01-12 09:25:40,2026-01-12 09:30:05,IP Address,100,True,2026-01-12 09:30:05,R_2bcdEFG345hiJKL,6,${OWN_TOPIC}\n`;

describe('the survey question as context, per format', () => {
  it.each([...Object.entries(LAYOUTS), ['qualtrics', QUALTRICS]])(
    '%s: a nameless answer takes the question’s cell with question evidence; a named topic keeps its own',
    async (format, csv) => {
      const r = await collectBytes(csv);
      expect(r.format).toBe(format);
      const nameless = r.items.find((i) => i.text === NAMELESS);
      const named = r.items.find((i) => i.text === OWN_TOPIC);
      expect(nameless?.question).toBe(Q);
      expect(named?.question).toBe(Q);

      const tagged = tagItem(tagInputOf(nameless!));
      expect([tagged.stage, tagged.touchpoint, tagged.sentiment.label]).toEqual([
        'fulfilment',
        'delivery',
        'negative',
      ]);
      const evidence = tagged.mentions.flatMap((m) => m.evidence);
      expect(evidence).toContainEqual(
        expect.objectContaining({ kind: 'touchpoint', rule: 'question.touchpoint.delivery' }),
      );

      const own = tagItem(tagInputOf(named!));
      expect(own.touchpoint).toBe('mobile_app');
      // Without the question nothing in the answer speaks of the question.
      const alone = tagItem({ ...tagInputOf(nameless!), question: null });
      expect(alone.mentions.flatMap((m) => m.evidence).some((e) => e.rule.startsWith('question.'))).toBe(
        false,
      );
    },
  );
});
