import { describe, expect, it } from 'vitest';
import { copyText } from '../../../src/storage/copy.js';

describe('copyText (one value in COPY text format)', () => {
  it.each([
    [null, '\\N'],
    ['plain', 'plain'],
    [-0.25, '-0.25'],
    ['a\tb', 'a\\tb'],
    ['a\nb\r', 'a\\nb\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    ['{"q":"say \\"hi\\"\\n"}', '{"q":"say \\\\"hi\\\\"\\\\n"}'],
  ])('%j → %j', (value, expected) => {
    expect(copyText(value)).toBe(expected);
  });
});
