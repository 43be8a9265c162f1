import { describe, expect, it } from 'vitest';
import { segmentClauses } from '../../../src/tagging/text/segment.js';
import { tokenize } from '../../../src/tagging/text/tokenize.js';

const clauses = (text: string) => {
  const tokens = tokenize(text);
  return segmentClauses(tokens).map((c) => text.slice(tokens[c.from]!.start, tokens[c.to - 1]!.end));
};

describe('segmentClauses: abbreviation points', () => {
  it('does not end a sentence at a title or street word before a name', () => {
    expect(clauses('When does the train from St. Paul reach Everett?')).toEqual([
      'When does the train from St. Paul reach Everett?',
    ]);
    expect(clauses('Dr. Lee was late again. The nurse was kind.')).toEqual([
      'Dr. Lee was late again.',
      'The nurse was kind.',
    ]);
  });

  it('does not end a sentence at a month before a date, nor inside initials', () => {
    expect(clauses('I need the 6pm train on nov. 25 from Albany n.y. station')).toHaveLength(1);
    expect(clauses('at the Austin T.X. office they charged me twice')).toHaveLength(1);
  });

  it('still ends a sentence at a lone letter or a month followed by a capitalised sentence', () => {
    expect(clauses('We chose plan A. Then the bill doubled.')).toEqual([
      'We chose plan A.',
      'Then the bill doubled.',
    ]);
    expect(clauses('It arrived in Nov. Nobody called.')).toEqual(['It arrived in Nov.', 'Nobody called.']);
  });
});
