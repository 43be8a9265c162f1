// Deterministic chaos data: review i is a pure function of i, so any run knows the expected set.
// Yelp JSON Lines. The poison item has an id of 6,000 incompressible characters: the parser and the
// durable batch (jsonb) take it, but no btree index row can hold it (54000 at the item write).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEXTS = [
  'The parcel arrived two days late and the courier was rude.',
  'Checkout was quick and easy, great app.',
  'I was charged twice on my invoice and billing never replied.',
  'The login page keeps failing with an error.',
  'Support on the phone solved my problem fast, thank you.',
  'Search on the website is useless.',
  'Delivery was fast but the invoice was wrong.',
  'Nice product, works as described.',
];

export const EDITED_TEXT = 'Terrible delivery, the package was lost and the refund never came.';

/** 6,000 characters of base64 from a hash chain: pure, and beyond what a btree index row holds. */
function hugeSuffix(i: number): string {
  let out = '';
  for (let k = 0; out.length < 6_000; k++) out += createHash('sha256').update(`${i}/${k}`).digest('base64');
  return out.slice(0, 6_000);
}

export interface ReviewOptions {
  /** Reviews whose text was edited upstream since the first export. */
  edited?: (i: number) => boolean;
  /** The one review whose id no index can hold. */
  poison?: number;
}

export const reviewId = (i: number, options: ReviewOptions = {}) =>
  options.poison === i ? `r${i}-${hugeSuffix(i)}` : `r${i}`;

export function reviewLine(i: number, options: ReviewOptions = {}): string {
  const day = 1 + (i % 28);
  const second = i % 86_400;
  const time = `${String(Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`;
  const text = options.edited?.(i) ? EDITED_TEXT : (TEXTS[i % TEXTS.length] as string);
  return JSON.stringify({
    review_id: reviewId(i, options),
    business_id: `b${i % 7}`,
    user_id: `u${i % 997}`,
    stars: options.edited?.(i) ? 1 : 1 + ((i * 7) % 5),
    date: `2026-02-${String(day).padStart(2, '0')} ${time}`,
    text,
  });
}

/** Writes reviews [from, to) as a JSON Lines file and returns its path and the expected ids. */
export function writeReviews(
  name: string,
  from: number,
  to: number,
  options: ReviewOptions = {},
): { path: string; ids: string[] } {
  const lines: string[] = [];
  const ids: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(reviewLine(i, options));
    ids.push(reviewId(i, options));
  }
  const path = join(tmpdir(), `painmap-chaos-${process.pid}-${name}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, ids };
}
