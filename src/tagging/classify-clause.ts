// Stage and touchpoint of one clause from the compiled taxonomy: each rule counts once per clause,
// the highest total weight wins, precedence breaks ties.
import type { ClauseSentiment, Stage, Touchpoint } from '../domain.js';
import type { RuleHit } from './model/features.js';
import type { CompiledRule, CompiledTaxonomy, Pattern, TagKind } from './taxonomy/compile-taxonomy.js';
import { stemWord } from './text/stem.js';
import type { Token } from './text/tokenize.js';
import type { Evidence } from './types.js';

export interface ClauseTags {
  stage: Stage | null;
  touchpoint: Touchpoint | null;
  evidence: Evidence[];
  /** Every rule that fired in the clause, winning or not: features of the learned clause model. */
  hits: RuleHit[];
}

interface Hit {
  rule: CompiledRule;
  start: number;
  end: number;
}

function patternMatches(pattern: Pattern, words: readonly Token[], at: number, stems: string[]): boolean {
  const { keys, exact } = pattern;
  for (let k = 1; k < keys.length; k++) {
    const word = words[at + k];
    if (word === undefined || keys[k] !== (exact ? word.lower : stems[at + k])) return false;
  }
  return true;
}

function hasRule(hits: readonly Hit[], rule: CompiledRule): boolean {
  for (const h of hits) if (h.rule === rule) return true;
  return false;
}

function addHits(
  hits: Hit[],
  patterns: readonly Pattern[] | undefined,
  words: readonly Token[],
  stems: string[],
  at: number,
  label: ClauseSentiment,
): void {
  if (patterns === undefined) return;
  for (const pattern of patterns) {
    const { rule } = pattern;
    if (rule.when !== undefined && rule.when !== label) continue;
    if (hasRule(hits, rule) || !patternMatches(pattern, words, at, stems)) continue;
    hits.push({ rule, start: words[at]!.start, end: words[at + pattern.keys.length - 1]!.end });
  }
}

function collectHits(taxonomy: CompiledTaxonomy, words: readonly Token[], label: ClauseSentiment): Hit[] {
  const stems: string[] = [];
  for (const w of words) stems.push(stemWord(w.lower));
  const hits: Hit[] = [];
  for (let i = 0; i < words.length; i++) {
    addHits(hits, taxonomy.patternsByStem.get(stems[i]!), words, stems, i, label);
    addHits(hits, taxonomy.patternsByWord.get(words[i]!.lower), words, stems, i, label);
  }
  return hits;
}

interface Winner {
  label: string | null;
  weight: number;
}

/** A stage this weak (one leaning word: "size", "years") yields to a clearly named touchpoint's default. */
export const WEAK_STAGE_WEIGHT = 1;
/** A touchpoint at least this strong (a word that names it outright) lends its default stage. */
export const STRONG_TOUCHPOINT_WEIGHT = 2.5;

/** The label with the highest total weight; the class precedence, then the first hit, break ties. */
function pickWinner(hits: readonly Hit[], kind: TagKind): Winner {
  const labels: string[] = [];
  const totals: number[] = [];
  const precedences: number[] = [];
  for (const h of hits) {
    if (h.rule.kind !== kind) continue;
    const at = labels.indexOf(h.rule.label);
    if (at < 0) {
      labels.push(h.rule.label);
      totals.push(h.rule.weight);
      precedences.push(h.rule.precedence);
    } else totals[at]! += h.rule.weight;
  }
  let best: string | null = null;
  let bestScore = 0;
  let bestPrecedence = -1;
  for (let k = 0; k < labels.length; k++) {
    const score = totals[k]!;
    const precedence = precedences[k]!;
    if (score > bestScore || (score === bestScore && precedence > bestPrecedence)) {
      best = labels[k]!;
      bestScore = score;
      bestPrecedence = precedence;
    }
  }
  return { label: best, weight: bestScore };
}

/** Tags one clause's word tokens; evidence covers the winning stage and touchpoint only. */
export function classifyClause(
  taxonomy: CompiledTaxonomy,
  text: string,
  tokens: readonly Token[],
  label: ClauseSentiment,
): ClauseTags {
  const words: Token[] = [];
  for (const t of tokens) if (t.kind === 'word') words.push(t);
  const hits = collectHits(taxonomy, words, label);
  const touchpointWin = pickWinner(hits, 'touchpoint');
  const touchpoint = touchpointWin.label as Touchpoint | null;
  let stage = pickWinner(hits, 'stage') as Winner & { label: Stage | null };
  // "The store manager found my size": one word leaning to usage against a named store → purchase.
  const lent = touchpoint === null ? undefined : taxonomy.defaultStageOf.get(touchpoint);
  let defaulted = false;
  if (
    stage.label !== null &&
    lent !== undefined &&
    lent !== stage.label &&
    stage.weight <= WEAK_STAGE_WEIGHT &&
    touchpointWin.weight >= STRONG_TOUCHPOINT_WEIGHT
  ) {
    stage = { label: lent, weight: 0 };
    defaulted = true;
  }
  const evidence: Evidence[] = [];
  for (const h of hits) {
    const wins = h.rule.kind === 'stage' ? h.rule.label === stage.label : h.rule.label === touchpoint;
    if (!wins) continue;
    evidence.push({
      kind: h.rule.kind,
      rule: h.rule.id,
      match: text.slice(h.start, h.end),
      start: h.start,
      end: h.end,
    });
  }
  if (defaulted) {
    const from = evidence.find((e) => e.kind === 'touchpoint');
    evidence.push({
      kind: 'stage',
      rule: `stage.${stage.label}.default-for.${touchpoint}`,
      match: from?.match ?? '',
      start: from?.start ?? 0,
      end: from?.end ?? 0,
    });
  }
  const ruleHits: RuleHit[] = hits.map((h) => ({
    id: h.rule.id,
    kind: h.rule.kind,
    label: h.rule.label,
    start: h.start,
    end: h.end,
  }));
  return { stage: stage.label, touchpoint, evidence, hits: ruleHits };
}
