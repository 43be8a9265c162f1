// Turns a validated taxonomy into lookup tables built once: patterns keyed by their first word (its stem,
// or the exact word), so matching a clause is two Map lookups per word, never a regex per keyword.
import type { Stage, Touchpoint } from '../../domain.js';
import { stemWord } from '../text/stem.js';
import { tokenize } from '../text/tokenize.js';
import type { Taxonomy, TaxonomyHint, TaxonomyRule } from './schema.js';

export type TagKind = 'stage' | 'touchpoint';

export interface CompiledRule {
  /** `stage.<class>.<rule id>` or `touchpoint.<class>.<rule id>`. */
  id: string;
  kind: TagKind;
  label: Stage | Touchpoint;
  weight: number;
  when: 'negative' | 'positive' | undefined;
  /** The class's precedence: breaks ties between classes with the same score. */
  precedence: number;
}

export interface Pattern {
  /** One key per word: its stem, or the exact lower-case word when `exact`. */
  keys: readonly string[];
  exact: boolean;
  rule: CompiledRule;
}

export interface CompiledTaxonomy {
  version: string;
  /** Patterns by the stem of their first word, longest first. */
  patternsByStem: ReadonlyMap<string, readonly Pattern[]>;
  /** `=word` patterns by their first word, longest first. */
  patternsByWord: ReadonlyMap<string, readonly Pattern[]>;
  defaultStageOf: ReadonlyMap<Touchpoint, Stage>;
  defaultTouchpointOf: ReadonlyMap<Stage, Touchpoint>;
  hints: readonly TaxonomyHint[];
  fallback: { stage?: Stage | undefined; touchpoint?: Touchpoint | undefined };
  /** Log-odds the clause model adds to its stage and touchpoint heads (an industry preset's base rates). */
  priors: {
    stage: Partial<Record<Stage, number>>;
    touchpoint: Partial<Record<Touchpoint, number>>;
  };
}

function compilePattern(match: string, rule: CompiledRule): Pattern | null {
  const exact = match.startsWith('=');
  const words = tokenize(exact ? match.slice(1) : match).filter((t) => t.kind === 'word');
  if (words.length === 0) return null;
  return { keys: words.map((t) => (exact ? t.lower : stemWord(t.lower))), exact, rule };
}

interface Indexes {
  byStem: Map<string, Pattern[]>;
  byWord: Map<string, Pattern[]>;
}

function addRules(
  indexes: Indexes,
  kind: TagKind,
  label: Stage | Touchpoint,
  entry: { precedence: number; rules: readonly TaxonomyRule[] },
): void {
  for (const rule of entry.rules) {
    const compiled: CompiledRule = {
      id: `${kind}.${label}.${rule.id}`,
      kind,
      label,
      weight: rule.weight,
      when: rule.when,
      precedence: entry.precedence,
    };
    for (const match of rule.match) {
      const pattern = compilePattern(match, compiled);
      const first = pattern?.keys[0];
      if (pattern === null || first === undefined) continue;
      const index = pattern.exact ? indexes.byWord : indexes.byStem;
      const list = index.get(first) ?? [];
      list.push(pattern);
      index.set(first, list);
    }
  }
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const indexes: Indexes = { byStem: new Map(), byWord: new Map() };
  const defaultStageOf = new Map<Touchpoint, Stage>();
  const defaultTouchpointOf = new Map<Stage, Touchpoint>();
  for (const [label, entry] of Object.entries(taxonomy.stages)) {
    if (entry === undefined) continue;
    const stage = label as Stage;
    addRules(indexes, 'stage', stage, entry);
    if (entry.defaultTouchpoint) defaultTouchpointOf.set(stage, entry.defaultTouchpoint);
  }
  for (const [label, entry] of Object.entries(taxonomy.touchpoints)) {
    if (entry === undefined) continue;
    const touchpoint = label as Touchpoint;
    addRules(indexes, 'touchpoint', touchpoint, entry);
    if (entry.defaultStage) defaultStageOf.set(touchpoint, entry.defaultStage);
  }
  // Longest patterns first, so evidence shows the most specific phrase.
  for (const index of [indexes.byStem, indexes.byWord])
    for (const list of index.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return {
    version: taxonomy.version,
    patternsByStem: indexes.byStem,
    patternsByWord: indexes.byWord,
    defaultStageOf,
    defaultTouchpointOf,
    hints: taxonomy.hints,
    fallback: taxonomy.fallback ?? {},
    priors: taxonomy.priors ?? { stage: {}, touchpoint: {} },
  };
}
