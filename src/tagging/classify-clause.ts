// Stage and touchpoint of one clause from the compiled taxonomy: each rule counts once per clause,
// the highest total weight wins, precedence breaks ties.
import type { ClauseSentiment, Stage, Touchpoint } from '../domain.js';
import type { CompiledRule, CompiledTaxonomy, Pattern, TagKind } from './taxonomy/compile-taxonomy.js';
import { keyOfWord } from './taxonomy/compile-taxonomy.js';
import type { Token } from './text/tokenize.js';
import type { Evidence } from './types.js';

export interface ClauseTags {
  stage: Stage | null;
  touchpoint: Touchpoint | null;
  evidence: Evidence[];
}

interface Hit {
  rule: CompiledRule;
  start: number;
  end: number;
}

function patternMatches(pattern: Pattern, words: readonly Token[], at: number, stems: string[]): boolean {
  for (let k = 1; k < pattern.keys.length; k++) {
    const word = words[at + k];
    if (word === undefined) return false;
    const key = pattern.keys[k]!;
    if (key !== (key.startsWith('=') ? `=${word.lower}` : stems[at + k])) return false;
  }
  return true;
}

function collectHits(taxonomy: CompiledTaxonomy, words: readonly Token[], label: ClauseSentiment): Hit[] {
  const stems = words.map((w) => keyOfWord(w.lower, false));
  const hits: Hit[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    for (const key of [stems[i]!, `=${word.lower}`]) {
      for (const pattern of taxonomy.patternsByFirstKey.get(key) ?? []) {
        const { rule } = pattern;
        if (rule.when !== undefined && rule.when !== label) continue;
        if (hits.some((h) => h.rule === rule)) continue;
        if (!patternMatches(pattern, words, i, stems)) continue;
        const last = words[i + pattern.keys.length - 1]!;
        hits.push({ rule, start: word.start, end: last.end });
      }
    }
  }
  return hits;
}

function pickWinner(taxonomy: CompiledTaxonomy, hits: readonly Hit[], kind: TagKind): string | null {
  const totals = new Map<string, number>();
  for (const h of hits)
    if (h.rule.kind === kind) totals.set(h.rule.label, (totals.get(h.rule.label) ?? 0) + h.rule.weight);
  let best: string | null = null;
  let bestScore = 0;
  let bestPrecedence = -1;
  for (const [label, score] of totals) {
    const precedence = taxonomy.precedence.get(`${kind}.${label}`) ?? 0;
    if (score > bestScore || (score === bestScore && precedence > bestPrecedence)) {
      best = label;
      bestScore = score;
      bestPrecedence = precedence;
    }
  }
  return best;
}

/** Tags one clause's word tokens; evidence covers the winning stage and touchpoint only. */
export function classifyClause(
  taxonomy: CompiledTaxonomy,
  text: string,
  tokens: readonly Token[],
  label: ClauseSentiment,
): ClauseTags {
  const words = tokens.filter((t) => t.kind === 'word');
  const hits = collectHits(taxonomy, words, label);
  const stage = pickWinner(taxonomy, hits, 'stage') as Stage | null;
  const touchpoint = pickWinner(taxonomy, hits, 'touchpoint') as Touchpoint | null;
  const evidence: Evidence[] = [];
  for (const h of hits) {
    const wins = h.rule.kind === 'stage' ? h.rule.label === stage : h.rule.label === touchpoint;
    if (!wins) continue;
    evidence.push({
      kind: h.rule.kind,
      rule: h.rule.id,
      match: text.slice(h.start, h.end),
      start: h.start,
      end: h.end,
    });
  }
  return { stage, touchpoint, evidence };
}
