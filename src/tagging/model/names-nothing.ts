// Clauses that judge without naming anything ("Great!", "Took ages.", "Could be better"): the codebook gives
// them the cell of the clause beside them or of the survey question they answer, else `unknown` — never a
// guess from a stray word. The clause model cannot tell on its own: trained on real text where "great" mostly
// praises an app, it read a bare "Great!" as usage × mobile_app with probability 0.8.
import type { Token } from '../text/tokenize.js';
import type { RuleHit } from './features.js';

/**
 * Words that name no stage or touchpoint: plain evaluation (general praise and blame, none that belongs to a
 * topic as "rude", "dirty" or "late" do), time and amount words, and function words. A clause made only of
 * these, with no taxonomy rule hit, names nothing.
 */
const NAMELESS_WORDS = new Set(
  `a about again all also always am an and any anything are as at awesome awful bad be been being best better
  brilliant but can cheers could decent did disappointed disappointing do does done ever everything excellent
  fab fabulous fantastic fine for forever from good great had happy has hate hated have horrible i im is it its
  just like liked lol long lot lots love loved lovely me meh mediocre more much my nice no not nothing of ok okay
  on one or outstanding overall perfect pleased poor pretty quite rather really rubbish sad satisfied should so
  some something super superb terrible than thank thanks that the them then there these they thing things this
  those thx time to too took ty very was we were what will with wonderful worse worst would wow yes yet you your
  ages`.split(/\s+/),
);

export function namesNothing(
  tokens: readonly Token[],
  from: number,
  to: number,
  hits: readonly RuleHit[],
): boolean {
  if (hits.length > 0) return false;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && !NAMELESS_WORDS.has(t.lower.replace(/['’]/g, ''))) return false;
  }
  return true;
}
