// A survey record with several open questions: each answer becomes its own item, its question kept
// beside it (`question`), so "what went wrong?" and "anything else?" are never glued into one text.
import { toSegmentKey } from './columns.js';
import { finishRecord, hashId, type RecordDraft } from './records.js';
import type { ParseEvent } from './types.js';

export interface OpenQuestion {
  column: number;
  /** The question as the survey asked it. */
  title: string;
}

/** Stable per-question id suffixes: the question's slug, made unique within the file. */
export function questionKeys(questions: readonly OpenQuestion[]): string[] {
  const seen = new Set<string>();
  return questions.map((q) => {
    let key = toSegmentKey(q.title).slice(0, 48).replace(/_+$/, '');
    if (seen.has(key)) key = `${key}_${q.column + 1}`;
    seen.add(key);
    return key;
  });
}

/**
 * One event per answered question. The first answer keeps the record's id (so an item stored when
 * the answers were joined into one text is updated, not doubled); the others are `<id>#<question
 * key>` (the id hashed from the record when the source has none). A record whose date or rating is
 * wrong is one rejection; a record with no answer at all is one skip (its rating still counts).
 */
export function finishAnswers(
  draft: Omit<RecordDraft, 'text'>,
  fields: readonly string[],
  questions: readonly OpenQuestion[],
  keys: readonly string[],
): ParseEvent[] {
  const answers = questions.map((q) => (fields[q.column] ?? '').trim());
  if (questions.length === 1) {
    return [finishRecord({ ...draft, text: answers[0] ?? '', question: questions[0]!.title })];
  }
  const probe = finishRecord({ ...draft, text: '', textLabel: questions.map((q) => q.title).join('" or "') });
  if (probe.kind === 'rejected' || answers.every((a) => a === '')) return [probe];
  const date = draft.date.ok ? draft.date.iso : '';
  const base = draft.id?.trim() || hashId([draft.source, date, answers.filter(Boolean).join('\n')]);
  const events: ParseEvent[] = [];
  questions.forEach((q, i) => {
    if (answers[i] === '') return;
    events.push(
      finishRecord({
        ...draft,
        id: events.length === 0 ? base : `${base}#${keys[i]}`,
        text: answers[i]!,
        question: q.title,
        textLabel: q.title,
      }),
    );
  });
  return events;
}
