import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRating, runClassify } from '../../src/cli/classify.js';

async function classify(input: string): Promise<any[]> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c) => chunks.push(String(c)));
  await runClassify(Readable.from([input]), output);
  return chunks
    .join('')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('painmap classify', () => {
  it('writes one JSON line per input line, in the documented shape', async () => {
    const rows = await classify(
      '{"id":"a1","text":"I still have not received my refund","channel":"chat"}\nplain text line\n',
    );
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'sentiment',
      'stage',
      'touchpoint',
      'mentions',
      'taxonomyVersion',
      'taggerVersion',
    ]);
    expect(rows[0].id).toBe('a1');
    expect(rows[0].sentiment.label).toBe('negative');
    expect(rows[1].id).toBe('2');
    expect(Object.keys(rows[0].mentions[0])).toEqual([
      'start',
      'end',
      'text',
      'stage',
      'touchpoint',
      'sentiment',
      'evidence',
    ]);
  });

  it('reads the survey question and the language of a line as context', async () => {
    const [alone, answered, german, dutch] = await classify(
      [
        '{"id":"q1","text":"It was fine."}',
        '{"id":"q2","text":"It was fine.","question":"How was the delivery of your order?"}',
        '{"id":"q3","text":"Das Paket kam nie an","language":"de"}',
        '{"id":"q4","text":"Het pakket is nooit aangekomen","language":"nl"}',
      ].join('\n'),
    );
    expect(alone.touchpoint).not.toBe('delivery');
    expect([answered.stage, answered.touchpoint]).toEqual(['fulfilment', 'delivery']);
    // German has a language pack; Dutch has none and is left unread.
    expect([german.stage, german.touchpoint]).toEqual(['fulfilment', 'delivery']);
    expect([dutch.stage, dutch.touchpoint]).toEqual(['unknown', 'unknown']);
  });

  it('reads a bare rating as stars 1-5, NPS 0 or 6-10, or an explicit scale', () => {
    expect(readRating(4)).toEqual({ value: 4, scale: 'stars5' });
    expect(readRating(9)).toEqual({ value: 9, scale: 'nps' });
    expect(readRating(4, 'nps')).toEqual({ value: 4, scale: 'nps' });
    expect(readRating(3.5)).toBeNull();
  });
});
