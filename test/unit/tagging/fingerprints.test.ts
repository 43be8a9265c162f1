import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, fingerprint, variants } from '../../../scripts/eval/fingerprints.js';
import { tagItem } from '../../../src/tagging/index.js';

describe('tag fingerprints (scripts/tag-fingerprints.ts)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'painmap-corpora-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('read every corpus file but the held-out test split', () => {
    for (const f of [
      'labelled/dev.jsonl',
      'labelled/test.jsonl',
      'reviews/reviews.jsonl',
      'reviews/README.md',
    ]) {
      mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
      writeFileSync(path.join(dir, f), '');
    }
    expect(corpusFiles(dir).map((f) => path.relative(dir, f))).toEqual([
      'labelled/dev.jsonl',
      'reviews/reviews.jsonl',
    ]);
  });

  it('change when any part of a result does, evidence and scores included', () => {
    const result = tagItem({ text: 'The refund took three weeks and support never replied.' });
    const same = structuredClone(result);
    expect(fingerprint(same)).toBe(fingerprint(result));
    const moved = structuredClone(result);
    moved.mentions[0]!.evidence[0]!.end += 1;
    const rescored = structuredClone(result);
    rescored.sentiment.score += 1e-12;
    for (const changed of [moved, rescored]) expect(fingerprint(changed)).not.toBe(fingerprint(result));
  });

  it('tag each record alone, with its metadata and under a survey question', () => {
    const inputs = variants({ id: 'r1', text: 'Too small', source: 'shop', rating: 2 }, 0);
    expect(inputs.map(([name]) => name)).toEqual(['text', 'meta', 'question']);
    expect(inputs[1]![1]).toMatchObject({ rating: { value: 2, scale: 'stars5' }, source: 'shop' });
    expect(inputs[2]![1].question).toBeTruthy();
  });
});
