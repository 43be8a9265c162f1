// Turns a validated taxonomy into lookup tables built once: patterns keyed by their first stem, so
// matching a clause is one Map lookup per word, never a regex per keyword.
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
}

export interface Pattern {
  /** One key per word: a stem, or `=` + the exact lower-case word. */
  keys: readonly string[];
  rule: CompiledRule;
}

export interface CompiledTaxonomy {
  version: string;
  patternsByFirstKey: ReadonlyMap<string, readonly Pattern[]>;
  precedence: ReadonlyMap<string, number>;
  defaultStageOf: ReadonlyMap<Touchpoint, Stage>;
  defaultTouchpointOf: ReadonlyMap<Stage, Touchpoint>;
  hints: readonly TaxonomyHint[];
}

/** The lookup key of one lower-case word of a pattern or of the text. */
export function keyOfWord(lower: string, exact: boolean): string {
  return exact ? `=${lower}` : stemWord(lower);
}

function compilePattern(match: string, rule: CompiledRule): Pattern | null {
  const exact = match.startsWith('=');
  const words = tokenize(exact ? match.slice(1) : match).filter((t) => t.kind === 'word');
  if (words.length === 0) return null;
  return { keys: words.map((t) => keyOfWord(t.lower, exact)), rule };
}

function addRules(
  index: Map<string, Pattern[]>,
  kind: TagKind,
  label: Stage | Touchpoint,
  rules: readonly TaxonomyRule[],
): void {
  for (const rule of rules) {
    const compiled: CompiledRule = {
      id: `${kind}.${label}.${rule.id}`,
      kind,
      label,
      weight: rule.weight,
      when: rule.when,
    };
    for (const match of rule.match) {
      const pattern = compilePattern(match, compiled);
      const first = pattern?.keys[0];
      if (pattern === null || first === undefined) continue;
      const list = index.get(first) ?? [];
      list.push(pattern);
      index.set(first, list);
    }
  }
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const index = new Map<string, Pattern[]>();
  const precedence = new Map<string, number>();
  const defaultStageOf = new Map<Touchpoint, Stage>();
  const defaultTouchpointOf = new Map<Stage, Touchpoint>();
  for (const [label, entry] of Object.entries(taxonomy.stages)) {
    if (entry === undefined) continue;
    const stage = label as Stage;
    addRules(index, 'stage', stage, entry.rules);
    precedence.set(`stage.${stage}`, entry.precedence);
    if (entry.defaultTouchpoint) defaultTouchpointOf.set(stage, entry.defaultTouchpoint);
  }
  for (const [label, entry] of Object.entries(taxonomy.touchpoints)) {
    if (entry === undefined) continue;
    const touchpoint = label as Touchpoint;
    addRules(index, 'touchpoint', touchpoint, entry.rules);
    precedence.set(`touchpoint.${touchpoint}`, entry.precedence);
    if (entry.defaultStage) defaultStageOf.set(touchpoint, entry.defaultStage);
  }
  // Longest patterns first, so evidence shows the most specific phrase.
  for (const list of index.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return {
    version: taxonomy.version,
    patternsByFirstKey: index,
    precedence,
    defaultStageOf,
    defaultTouchpointOf,
    hints: taxonomy.hints,
  };
}
