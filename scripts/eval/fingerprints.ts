// Fingerprints of the tagger's full output on the real corpora: one hash per item and input variant, so
// two checkouts (before and after a speed-up that must not change a tag) can be compared by a plain
// `diff` of their files. The held-out labelled/test.jsonl is never read: nothing may be tuned on it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rating } from '../../src/domain.js';
import type { TagInput, TagResult } from '../../src/tagging/types.js';

/** The held-out split, relative to the corpora folder: never read here. */
const HELD_OUT = path.join('labelled', 'test.jsonl');

/** Every `*.jsonl` file under the corpora folder but the held-out split, in a stable order. */
export function corpusFiles(corporaDir: string): string[] {
  return readdirSync(corporaDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.jsonl') && path.normalize(f) !== HELD_OUT)
    .sort()
    .map((f) => path.join(corporaDir, f));
}

export interface CorpusRecord {
  id: string;
  text: string;
  language?: string;
  source?: string;
  channel?: string;
  /** Stars, 1–5 (the clothing reviews). */
  rating?: number;
}

export function readRecords(file: string): CorpusRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/** Survey questions the `question` variant cycles through: the question path of the clause model. */
const QUESTIONS = ['How was the delivery?', 'What could we improve about our app?', 'Anything else?'];

/**
 * The inputs each record is tagged with: the text alone (what `tagItem` mostly gets), the text with the
 * metadata its adapter would carry (rating, channel, source, language), and the text under a survey question.
 */
export function variants(record: CorpusRecord, k: number): [name: string, input: TagInput][] {
  const rating: Rating | null =
    typeof record.rating === 'number' ? { value: record.rating, scale: 'stars5' } : null;
  return [
    ['text', { text: record.text }],
    [
      'meta',
      {
        text: record.text,
        rating,
        channel: record.channel ?? null,
        source: record.source ?? null,
        language: record.language ?? null,
      },
    ],
    ['question', { text: record.text, question: QUESTIONS[k % QUESTIONS.length]! }],
  ];
}

/** A short hash of a result's full JSON: tags, mentions, evidence, scores and versions. */
export function fingerprint(result: TagResult): string {
  return createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 24);
}
