// `painmap classify`: JSONL (or plain text lines) in, one tagged JSON line out per input line.
// Streams with readline and waits for 'drain', so memory stays constant for any input size.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Rating, RatingScale } from '../domain.js';
import { loadTagger } from '../pipeline/tagger.js';
import { tagItem } from '../tagging/index.js';
import type { TagInput, TagResult } from '../tagging/types.js';
import type { CliContext } from './context.js';

export function registerClassify(program: Command, ctx: CliContext): void {
  program
    .command('classify')
    .description('tag JSON lines (or plain text lines) from stdin; one JSON line out per line in')
    .action(async () =>
      runClassify(process.stdin, process.stdout, loadTagger(ctx.config().PAINMAP_TAXONOMY)),
    );
}

const scaleSchema = z.enum(['stars5', 'nps', 'csat5', 'csat2', 'scale10']);

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  rating: z.union([z.number(), z.object({ value: z.number(), scale: scaleSchema }), z.null()]).optional(),
  ratingScale: scaleSchema.optional(),
  source: z.string().nullish(),
  channel: z.string().nullish(),
  language: z.string().nullish(),
  /** The survey question the text answers: context for a clause that names nothing. */
  question: z.string().nullish(),
});

/**
 * How a rating is read: `{"rating": {"value": 4, "scale": "stars5"}}` or `{"rating": 4, "ratingScale": "stars5"}`
 * are explicit. A bare number with no scale is read as 5-star when it is 1..5 (the common review case),
 * as NPS when it is 0 or 6..10 (an NPS answer is the only common 0..10 scale); anything else is ignored.
 */
export function readRating(rating: number | Rating | null | undefined, scale?: RatingScale): Rating | null {
  if (rating === null || rating === undefined) return null;
  if (typeof rating === 'object') return rating;
  if (scale !== undefined) return { value: rating, scale };
  if (Number.isInteger(rating) && rating >= 1 && rating <= 5) return { value: rating, scale: 'stars5' };
  if (Number.isInteger(rating) && (rating === 0 || (rating >= 6 && rating <= 10))) {
    return { value: rating, scale: 'nps' };
  }
  return null;
}

type Parsed = {
  id: string;
  text: string;
  rating: Rating | null;
  source?: string | null;
  channel?: string | null;
  language?: string | null;
  question?: string | null;
};

/** A JSON object line is an item; any other line is plain text numbered by its line number. */
export function parseLine(line: string, lineNumber: number): Parsed {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
    const parsed = lineSchema.safeParse(json);
    if (parsed.success) {
      const { id, text, rating, ratingScale, ...rest } = parsed.data;
      return { id: String(id ?? lineNumber), text, rating: readRating(rating, ratingScale), ...rest };
    }
  }
  return { id: String(lineNumber), text: line, rating: null };
}

export function classifyLine(
  line: string,
  lineNumber: number,
  tag: (input: TagInput) => TagResult = tagItem,
): string {
  const item = parseLine(line, lineNumber);
  const result = tag({
    text: item.text,
    rating: item.rating,
    source: item.source,
    channel: item.channel,
    language: item.language,
    question: item.question,
  });
  return JSON.stringify({
    id: item.id,
    sentiment: { label: result.sentiment.label, score: result.sentiment.score },
    stage: result.stage,
    touchpoint: result.touchpoint,
    mentions: result.mentions.map((m) => ({
      start: m.start,
      end: m.end,
      text: m.text,
      stage: m.stage,
      touchpoint: m.touchpoint,
      sentiment: m.sentiment,
      evidence: m.evidence,
    })),
    taxonomyVersion: result.taxonomyVersion,
    taggerVersion: result.taggerVersion,
  });
}

/** Reads lines from `input`, writes one JSON line per non-blank input line to `output`. */
export async function runClassify(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  tag: (input: TagInput) => TagResult = tagItem,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    if (!output.write(`${classifyLine(line, lineNumber, tag)}\n`)) await once(output, 'drain');
  }
}
