// The per-preset labelled sets (scripts/eval/preset-sets.ts): rsics mixes three companies, so travel takes the
// train company and the airline (rsics-2, rsics-3) and telecom-utilities the telecom provider (rsics-4).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  inPresetPart,
  ofPreset,
  presetSet,
  readOwnLabels,
  splitOf,
} from '../../../scripts/eval/preset-sets.js';

const rsics = (id: string) => ({ corpus: 'rsics_customer_service', id });

describe('preset sets', () => {
  it('split rsics by company: travel is rsics-2 and rsics-3, telecom-utilities rsics-4', () => {
    expect(ofPreset(rsics('rsics-2-17'), 'travel')).toBe(true);
    expect(ofPreset(rsics('rsics-3-17'), 'travel')).toBe(true);
    expect(ofPreset(rsics('rsics-4-17'), 'travel')).toBe(false);
    expect(ofPreset(rsics('rsics-4-17'), 'telecom-utilities')).toBe(true);
    expect(ofPreset(rsics('rsics-2-17'), 'telecom-utilities')).toBe(false);
    expect(ofPreset({ corpus: 'cfpb_complaints', id: 'rsics-4-17' }, 'telecom-utilities')).toBe(false);
    expect(ofPreset({ corpus: 'cfpb_complaints', id: 'cfpb-1' }, 'banking')).toBe(true);
  });

  it('--without-preset-part leaves out every measured preset part, telecom included, and nothing else', () => {
    const ids = Array.from({ length: 40 }, (_, k) => `rsics-4-${k}`);
    for (const id of ids) {
      expect(inPresetPart(rsics(id), splitOf(id))).toBe(true);
      expect(inPresetPart(rsics(id), splitOf(id) === 'eval' ? 'rules' : 'eval')).toBe(false);
    }
    expect(inPresetPart({ corpus: 'some_other_corpus', id: 'x-1' }, splitOf('x-1'))).toBe(false);
  });

  it('the labelled rsics items: 940 telecom items, 593 in the rules part and 347 in eval, none in travel', () => {
    const all = readOwnLabels(path.resolve(import.meta.dirname, '../../../fixtures/labelled/corpora'));
    const rules = presetSet(all, 'telecom-utilities', 'rules');
    const evalPart = presetSet(all, 'telecom-utilities', 'eval');
    expect([rules.length, evalPart.length]).toEqual([593, 347]);
    const travel = [...presetSet(all, 'travel', 'rules'), ...presetSet(all, 'travel', 'eval')];
    expect(travel.some((i) => i.id.startsWith('rsics-4-'))).toBe(false);
    expect(travel.every((i) => /^rsics-[23]-/.test(i.id))).toBe(true);
  });
});
