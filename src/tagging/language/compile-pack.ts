// A language pack compiled for matching: its rules as folded patterns, its lexicons as maps, with the
// base lexicon of the language (base-lexicons.ts) under the pack's own customer-experience words.
import type { Stage, Touchpoint } from '../../domain.js';
import { foldWord } from './fold.js';
import type { LanguagePack } from './pack-schema.js';

export type PackKind = 'stage' | 'touchpoint';

export interface PackRule {
  /** `<lang>.<kind>.<class>.<id>`, as evidence names it. */
  id: string;
  kind: PackKind;
  label: Stage | Touchpoint;
  weight: number;
}

export type PartMode = 'prefix' | 'exact' | 'inside';

export interface PackPattern {
  parts: { key: string; mode: PartMode }[];
  rule: PackRule;
}

export interface CompiledPack {
  language: string;
  patterns: readonly PackPattern[];
  /** Folded word or phrase → -4..4. Phrases are matched before words. */
  lexicon: ReadonlyMap<string, number>;
  phrases: readonly { keys: string[]; score: number }[];
  /** Folded word → base lexicon score, used where the pack's own lexicon has no entry. */
  base: ReadonlyMap<string, number>;
  negatable: ReadonlySet<string>;
  negators: ReadonlySet<string>;
  negatorsAfter: ReadonlySet<string>;
  intensifiers: ReadonlyMap<string, number>;
  excess: ReadonlySet<string>;
  complaintQuestions: ReadonlySet<string>;
  clauseBreaks: ReadonlySet<string>;
}

function compileEntry(entry: string, rule: PackRule): PackPattern {
  const parts = entry
    .split(/\s+/)
    .filter((p) => p !== '')
    .map((p) => {
      const mode: PartMode = p.startsWith('=') ? 'exact' : p.startsWith('*') ? 'inside' : 'prefix';
      return { key: foldWord(mode === 'prefix' ? p : p.slice(1)), mode };
    });
  return { parts, rule };
}

function foldSet(words: readonly string[]): Set<string> {
  return new Set(words.map(foldWord));
}

export function compilePack(pack: LanguagePack, base: ReadonlyMap<string, number>): CompiledPack {
  const patterns: PackPattern[] = [];
  for (const [kind, classes] of [
    ['stage', pack.stages],
    ['touchpoint', pack.touchpoints],
  ] as const)
    for (const [label, rules] of Object.entries(classes))
      for (const r of rules ?? []) {
        const rule: PackRule = {
          id: `${pack.language}.${kind}.${label}.${r.id}`,
          kind,
          label: label as Stage | Touchpoint,
          weight: r.weight,
        };
        for (const entry of r.match) patterns.push(compileEntry(entry, rule));
      }
  // Longer phrases first, so "en la caja" is tried before "caja".
  patterns.sort((a, b) => b.parts.length - a.parts.length);
  const lexicon = new Map<string, number>();
  const phrases: { keys: string[]; score: number }[] = [];
  for (const [entry, score] of Object.entries(pack.sentiment.lexicon)) {
    const keys = entry.split(/\s+/).map(foldWord);
    if (keys.length === 1) lexicon.set(keys[0]!, score);
    else phrases.push({ keys, score });
  }
  phrases.sort((a, b) => b.keys.length - a.keys.length);
  const intensifiers = new Map<string, number>();
  for (const [w, m] of Object.entries(pack.sentiment.intensifiers)) intensifiers.set(foldWord(w), m);
  return {
    language: pack.language,
    patterns,
    lexicon,
    phrases,
    base,
    negatable: foldSet(pack.sentiment.negatable),
    negators: foldSet(pack.sentiment.negators),
    negatorsAfter: foldSet(pack.sentiment.negatorsAfter),
    intensifiers,
    excess: foldSet(pack.sentiment.excess),
    complaintQuestions: foldSet(pack.sentiment.complaintQuestions),
    clauseBreaks: foldSet(pack.clauseBreaks),
  };
}
