// Tagging an item with a language pack (rules only, no clause model): clauses, each scored and tagged
// with the pack's vocabulary of the general taxonomy; untagged clauses take the taxonomy's defaults, then a
// neighbour's tags; an item that names nothing takes the taxonomy's fallback. Evidence names the pack's rules.
import type { ItemSentiment, Stage, Touchpoint } from '../../domain.js';
import { UNKNOWN } from '../../domain.js';
import { labelOf, round } from '../draft-mentions.js';
import { fuseRating, ratingPolarity } from '../sentiment/fuse-rating.js';
import { normalizeScore } from '../sentiment/score-clause.js';
import { CLEAR_POLARITY, DECISIVE_RATING } from '../sentiment/thresholds.js';
import type { CompiledTaxonomy } from '../taxonomy/compile-taxonomy.js';
import type { Evidence, Mention, TagInput, TagResult } from '../types.js';
import type { CompiledPack, PackKind, PackPattern } from './compile-pack.js';
import { type PackToken, splitPackClauses, tokenizePackText } from './pack-text.js';
import { scorePackClause } from './score-pack-clause.js';

interface PackDraft {
  start: number;
  end: number;
  raw: number;
  score: number;
  stage: Stage | null;
  touchpoint: Touchpoint | null;
  evidence: Evidence[];
}

function partMatches(part: PackPattern['parts'][number], key: string): boolean {
  if (part.mode === 'exact') return key === part.key;
  if (part.mode === 'inside') return key.includes(part.key);
  return key.startsWith(part.key);
}

interface Hit {
  pattern: PackPattern;
  start: number;
  end: number;
}

function collectHits(pack: CompiledPack, words: readonly PackToken[]): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++)
    for (const pattern of pack.patterns) {
      if (seen.has(pattern.rule.id) || i + pattern.parts.length > words.length) continue;
      if (!pattern.parts.every((p, k) => partMatches(p, words[i + k]!.key))) continue;
      seen.add(pattern.rule.id);
      hits.push({ pattern, start: words[i]!.start, end: words[i + pattern.parts.length - 1]!.end });
    }
  return hits;
}

/** The class with the highest total weight; the first hit breaks ties. Evidence for the winner's hits. */
function winner(
  hits: readonly Hit[],
  kind: PackKind,
  text: string,
): { label: string | null; evidence: Evidence[] } {
  const totals = new Map<string, number>();
  for (const h of hits) {
    if (h.pattern.rule.kind !== kind) continue;
    totals.set(h.pattern.rule.label, (totals.get(h.pattern.rule.label) ?? 0) + h.pattern.rule.weight);
  }
  let best: string | null = null;
  for (const [label, total] of totals) if (best === null || total > totals.get(best)!) best = label;
  const evidence: Evidence[] = [];
  for (const h of hits)
    if (h.pattern.rule.kind === kind && h.pattern.rule.label === best)
      evidence.push({
        kind,
        rule: h.pattern.rule.id,
        match: text.slice(h.start, h.end),
        start: h.start,
        end: h.end,
      });
  return { label: best, evidence };
}

function derived(kind: PackKind, rule: string, from: Evidence | undefined): Evidence {
  return { kind, rule, match: from?.match ?? '', start: from?.start ?? 0, end: from?.end ?? 0 };
}

/** Defaults first (a delivery complaint is fulfilment), then the nearest tagged neighbour, then the fallback. */
function fillTags(taxonomy: CompiledTaxonomy, drafts: PackDraft[], language: string): void {
  for (const d of drafts) {
    if (d.stage === null && d.touchpoint !== null) {
      d.stage = taxonomy.defaultStageOf.get(d.touchpoint) ?? null;
      if (d.stage !== null)
        d.evidence.push(
          derived('stage', `${language}.stage.${d.stage}.default-for.${d.touchpoint}`, d.evidence[0]),
        );
    }
    if (d.touchpoint === null && d.stage !== null) {
      d.touchpoint = taxonomy.defaultTouchpointOf.get(d.stage) ?? null;
      if (d.touchpoint !== null)
        d.evidence.push(
          derived(
            'touchpoint',
            `${language}.touchpoint.${d.touchpoint}.default-for.${d.stage}`,
            d.evidence[0],
          ),
        );
    }
  }
  const named = drafts.filter((d) => d.stage !== null || d.touchpoint !== null);
  for (const kind of ['stage', 'touchpoint'] as const)
    drafts.forEach((d, i) => {
      if (d[kind] !== null) return;
      const near = [...drafts.slice(0, i).reverse(), ...drafts.slice(i + 1)].find((n) => n[kind] !== null);
      const fallback = named.length === 0 ? taxonomy.fallback[kind] : undefined;
      const label = near?.[kind] ?? fallback ?? null;
      if (label === null) return;
      (d as { [k in PackKind]: string | null })[kind] = label;
      const how = near
        ? `${language}.${kind}.${label}.from-neighbour`
        : `${language}.${kind}.${label}.fallback`;
      d.evidence.push(derived(kind, how, undefined));
    });
}

/** The item's cell: its most negative mention's, else its strongest mention's. */
function primary(drafts: readonly PackDraft[], kind: PackKind): string {
  let best: PackDraft | undefined;
  for (const d of drafts) {
    if (d[kind] === null) continue;
    if (
      best === undefined ||
      d.score < Math.min(best.score, -0.05) ||
      (best.score > -0.05 && Math.abs(d.score) > Math.abs(best.score))
    )
      best = d;
  }
  return best?.[kind] ?? UNKNOWN;
}

function itemSentiment(drafts: readonly PackDraft[], hits: number, input: TagInput): TagResult['sentiment'] {
  let raw = 0;
  for (const d of drafts) raw += d.raw;
  let score = normalizeScore(raw);
  const polarity = input.rating ? ratingPolarity(input.rating) : null;
  if (polarity !== null) score = fuseRating(score, hits > 0, polarity);
  const praise = drafts.some((d) => d.score >= CLEAR_POLARITY);
  const complaint = drafts.some((d) => d.score <= -CLEAR_POLARITY);
  const decisive = polarity !== null && Math.abs(polarity) >= DECISIVE_RATING;
  const label: ItemSentiment = praise && complaint && !decisive ? 'mixed' : labelOf(score);
  return { label, score: round(score), ratingUsed: polarity !== null };
}

/** Tags one item in the pack's language. Pure: same input, pack and taxonomy, same result. */
export function tagWithPack(
  pack: CompiledPack,
  taxonomy: CompiledTaxonomy,
  input: TagInput,
  taggerVersion: string,
): TagResult {
  const text = input.text;
  const tokens = tokenizePackText(text);
  let hits = 0;
  const drafts: PackDraft[] = splitPackClauses(tokens, pack.clauseBreaks).map((clause) => {
    const words = tokens.slice(clause.from, clause.to).filter((t) => t.kind === 'word');
    const found = collectHits(pack, words);
    const stage = winner(found, 'stage', text);
    const touchpoint = winner(found, 'touchpoint', text);
    const sentiment = scorePackClause(pack, text, tokens, clause);
    hits += sentiment.hits;
    return {
      start: tokens[clause.from]!.start,
      end: tokens[clause.to - 1]!.end,
      raw: sentiment.raw,
      score: round(normalizeScore(sentiment.raw)),
      stage: stage.label as Stage | null,
      touchpoint: touchpoint.label as Touchpoint | null,
      evidence: [...stage.evidence, ...touchpoint.evidence, ...sentiment.evidence],
    };
  });
  fillTags(taxonomy, drafts, pack.language);
  const mentions: Mention[] = drafts.map((d) => ({
    start: d.start,
    end: d.end,
    text: text.slice(d.start, d.end),
    stage: d.stage ?? UNKNOWN,
    touchpoint: d.touchpoint ?? UNKNOWN,
    sentiment: { label: labelOf(d.score), score: d.score },
    evidence: d.evidence,
  }));
  return {
    sentiment: itemSentiment(drafts, hits, input),
    stage: primary(drafts, 'stage') as Stage | typeof UNKNOWN,
    touchpoint: primary(drafts, 'touchpoint') as Touchpoint | typeof UNKNOWN,
    mentions,
    taxonomyVersion: taxonomy.version,
    taggerVersion,
  };
}
