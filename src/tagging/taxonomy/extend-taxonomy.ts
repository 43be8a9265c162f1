// A taxonomy that `extends` another: the parent's classes, rules and hints, with the child's added or put in
// place of the parent's of the same id (a rule is replaced whole). Pure: files are read by load-taxonomy.ts.
import type { Taxonomy, TaxonomyOverlay, TaxonomyRule } from './schema.js';

function mergeById<T extends { id: string }>(parent: readonly T[], child: readonly T[]): T[] {
  const replaced = new Map(child.map((c) => [c.id, c]));
  const merged = parent.map((p) => replaced.get(p.id) ?? p);
  const known = new Set(parent.map((p) => p.id));
  return [...merged, ...child.filter((c) => !known.has(c.id))];
}

type Classes = Record<string, { precedence: number; rules: TaxonomyRule[] } | undefined>;
type OverlayClasses = Record<string, { precedence?: number | undefined; rules: TaxonomyRule[] } | undefined>;

function mergeClasses<T extends Classes>(parent: T, child: OverlayClasses): T {
  const out: Record<string, unknown> = { ...parent };
  for (const [label, own] of Object.entries(child)) {
    if (own === undefined) continue;
    const base = parent[label];
    const merged: Record<string, unknown> = { ...base, ...own };
    merged.precedence = own.precedence ?? base?.precedence ?? 0;
    merged.rules = mergeById(base?.rules ?? [], own.rules);
    // A default the child does not name stays the parent's (the spread kept it); drop empty keys.
    for (const key of ['defaultTouchpoint', 'defaultStage'])
      if (merged[key] === undefined) delete merged[key];
    out[label] = merged;
  }
  return out as T;
}

/**
 * The taxonomy `child` describes on top of `parent`. Its version joins the parent's (`banking-2025.1+
 * default-2025.4`), so a change in any taxonomy up the chain changes the version stored items carry, and
 * `painmap retag` re-tags them.
 */
export function extendTaxonomy(parent: Taxonomy, child: TaxonomyOverlay): Taxonomy {
  const description = child.description ?? parent.description;
  const fallback = child.fallback ?? parent.fallback;
  // A child's priors replace its parent's whole: they were fitted together.
  const priors = child.priors ?? parent.priors;
  return {
    version: `${child.version}+${parent.version}`,
    ...(description === undefined ? {} : { description }),
    stages: mergeClasses(parent.stages, child.stages),
    touchpoints: mergeClasses(parent.touchpoints, child.touchpoints),
    hints: mergeById(parent.hints, child.hints),
    ...(fallback === undefined ? {} : { fallback }),
    ...(priors === undefined ? {} : { priors }),
  };
}
