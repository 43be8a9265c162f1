// Pure: from the counted clauses to ranked proposals, and the proposals written into a copy of the
// taxonomy. Nothing here reads a database or a clock: the same tally gives the same proposals.
import { compileTaxonomy } from '../taxonomy/compile-taxonomy.js';
import type { Taxonomy, TaxonomyRule } from '../taxonomy/schema.js';
import { GROUP_DEFAULTS, groupTerms } from './group-terms.js';
import { PROPOSED_WEIGHT, type Proposal, proposeRules } from './propose-rules.js';
import { rankTerms } from './score-terms.js';
import type { SuggestTally, TermStat } from './term-tally.js';

export interface ScanCount {
  /** Clauses read (at most the scan cap). */
  read: number;
  /** More clauses of this kind exist than the cap let through. */
  capped: boolean;
  /** Of those read, clauses with no word to count (a greeting, a sign-off, "10/10"). */
  withoutWords: number;
}

/** What `painmap taxonomy suggest` prints (as JSON with --json). */
export interface SuggestReport {
  /** The taxonomy proposals are made against (its words are never proposed). */
  taxonomy: { path: string; version: string };
  since: string | null;
  scan: { cap: number; mined: ScanCount; tagged: ScanCount };
  /** The taxonomy versions the mined clauses were tagged with, most clauses first. */
  minedVersions: Array<{ version: string; clauses: number }>;
  proposals: Proposal[];
}

export interface SuggestOptions {
  /** At most this many proposals. */
  limit: number;
  /** A term needs at least this many mined clauses. */
  minCount: number;
}

/** Whether the taxonomy already matches the term: a one-word rule for a word, the phrase or either word for a phrase. */
export function knownTo(taxonomy: Taxonomy): (term: TermStat) => boolean {
  const compiled = compileTaxonomy(taxonomy);
  const wordKnown = (stem: string, surfaces: readonly string[]) =>
    (compiled.patternsByStem.get(stem) ?? []).some((p) => p.keys.length === 1) ||
    surfaces.some((s) => (compiled.patternsByWord.get(s) ?? []).some((p) => p.keys.length === 1));
  return (term) => {
    const stems = term.key.split(' ');
    const surfaces = [...term.surfaces.keys()].map((s) => s.split(' '));
    if (stems.length === 1)
      return wordKnown(
        stems[0]!,
        surfaces.map((s) => s[0]!),
      );
    const phrase = (compiled.patternsByStem.get(stems[0]!) ?? []).some(
      (p) => p.keys.length === stems.length && p.keys.every((k, i) => k === stems[i]),
    );
    return (
      phrase ||
      stems.some((stem, i) =>
        wordKnown(
          stem,
          surfaces.map((s) => s[i]!),
        ),
      )
    );
  };
}

export function suggestRules(tally: SuggestTally, taxonomy: Taxonomy, options: SuggestOptions): Proposal[] {
  const ranked = rankTerms(tally, { minCount: options.minCount, known: knownTo(taxonomy) });
  const pool = Math.max(GROUP_DEFAULTS.pool, options.limit * 4);
  const groups = groupTerms(ranked, tally.mined, { ...GROUP_DEFAULTS, pool });
  return proposeRules(groups.slice(0, options.limit), tally.mined);
}

function ruleOf(proposal: Proposal, taken: ReadonlySet<string>): TaxonomyRule {
  let id = proposal.id;
  for (let n = 2; taken.has(id); n++) id = `${proposal.id}-${n}`;
  return { id, match: proposal.match, weight: PROPOSED_WEIGHT };
}

function withRule<T extends { precedence: number; rules: TaxonomyRule[] }>(
  entry: T | undefined,
  proposal: Proposal,
): T {
  const base = entry ?? ({ precedence: 0, rules: [] } as unknown as T);
  const rule = ruleOf(proposal, new Set(base.rules.map((r) => r.id)));
  return { ...base, rules: [...base.rules, rule] };
}

/**
 * The taxonomy with each proposal's rule added to its stage and touchpoint classes (a proposal with
 * neither is only named in the description), under a new version for the reviewer to rename.
 */
export function addProposals(taxonomy: Taxonomy, proposals: readonly Proposal[]): Taxonomy {
  const stages = { ...taxonomy.stages } as Record<string, Taxonomy['stages'][keyof Taxonomy['stages']]>;
  const touchpoints = { ...taxonomy.touchpoints } as Record<
    string,
    Taxonomy['touchpoints'][keyof Taxonomy['touchpoints']]
  >;
  const unplaced: string[] = [];
  for (const p of proposals) {
    if (p.stage.label !== null) stages[p.stage.label] = withRule(stages[p.stage.label], p);
    if (p.touchpoint.label !== null)
      touchpoints[p.touchpoint.label] = withRule(touchpoints[p.touchpoint.label], p);
    if (p.stage.label === null && p.touchpoint.label === null)
      unplaced.push(`${p.id}: ${p.match.join(', ')}`);
  }
  const note =
    `Rules suggested by painmap taxonomy suggest: ${proposals.map((p) => p.id).join(', ') || 'none'}.` +
    (unplaced.length > 0 ? ` No likely class, choose one and add by hand: ${unplaced.join('; ')}.` : '');
  return {
    ...taxonomy,
    version: `${taxonomy.version}+suggested`,
    description: taxonomy.description ? `${taxonomy.description} ${note}` : note,
    stages,
    touchpoints,
  };
}
