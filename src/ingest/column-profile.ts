// Columns chosen by what they hold: each column of a file's first records is profiled (how often
// it is filled, how varied and how long its answers are, whether they are numbers or dates) and
// given a role — free text, segment, rating, date or id — with the reason in words. Header words
// only break ties, so headers in any language work. Pure: sample rows in, a plan out.
import type { RatingScale } from '../domain.js';
import { parseDate } from './dates.js';

export interface ColumnProfile {
  index: number;
  header: string;
  /** Non-empty cells among the sample rows. */
  values: number;
  /** Share of sample rows whose cell is non-empty. */
  filled: number;
  distinct: number;
  /** Mean words per non-empty answer. */
  meanWords: number;
  /** Share of non-empty answers that are numbers (`7`, `4,5`, `10 - Extremely likely`). */
  numeric: number;
  min: number | null;
  max: number | null;
  integers: boolean;
  /** Share of non-empty answers that read as dates (`2026-03-01`, `31/01/2026 14:05`). */
  dates: number;
}

export type ColumnRole = 'text' | 'segment' | 'rating' | 'date' | 'id' | 'customer' | 'ignored';

/** One line of the column plan `ingest --dry-run --json` prints: which column became what, and why. */
export interface PlannedColumn {
  column: number;
  header: string;
  role: ColumnRole;
  why: string;
  scale?: RatingScale;
}

const NUMBER = /^\s*([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:-|–|—|\/|stars?)\s*.*)?\s*$/i;
const DATE_SHAPE = /\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}/;
const WORD = /[\p{L}\p{N}]+/gu;

function numberOf(value: string): number | null {
  const m = NUMBER.exec(value);
  return m ? Number(m[1]!.replace(',', '.')) : null;
}

function isDate(value: string): boolean {
  if (!DATE_SHAPE.test(value)) return false;
  return parseDate(value).ok || parseDate(value, { dayFirst: true }).ok;
}

/** Profiles one column over the sample rows. */
export function profileColumn(header: string, index: number, sample: readonly string[][]): ColumnProfile {
  const values = sample.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
  const numbers = values.map(numberOf).filter((n): n is number => n !== null);
  const words = values.reduce((n, v) => n + (v.match(WORD)?.length ?? 0), 0);
  const share = (n: number) => (values.length === 0 ? 0 : n / values.length);
  return {
    index,
    header,
    values: values.length,
    filled: sample.length === 0 ? 0 : values.length / sample.length,
    distinct: new Set(values.map((v) => v.toLowerCase())).size,
    meanWords: share(words),
    numeric: share(numbers.length),
    min: numbers.length ? Math.min(...numbers) : null,
    max: numbers.length ? Math.max(...numbers) : null,
    integers: numbers.every(Number.isInteger),
    dates: share(values.filter(isDate).length),
  };
}

// Title words, in the languages feedback most often comes in. They break ties; values decide.
const NPS_TITLE =
  /recommend|likely|likelihood|nps|empfehl|wahrscheinlich|recommand|probab|recomend|raccomand|aanbevel/i;
const CSAT_TITLE = /csat|satisf|zufrieden|tevreden|soddisf/i;
const STARS_TITLE = /stars?\b|étoiles|sterne|estrellas|stelle/i;
const SCORE_TITLE =
  /rating|\brate\b|score|\bnote\b|\bnota\b|bewert|punkt|puntua|valora|\bgrade\b|\bcote\b|cijfer|(?:sur|out of|von|de|su|op)\s*(?:5|10)\b|\/\s*(?:5|10)\b|\(\s*[01]\s*[-–]\s*(?:5|10)\s*\)/i;
/** Titles of open questions: what a person answers in their own words. */
export const OPEN_TITLE =
  /\b(why|improve|better|tell us|comments?|feedback|suggest\w*|anything else|describe|explain|reason|thoughts|opinion|experience|challenges?|problems?|difficult\w*|pain|frustrat\w*|what (?:did|do|could|would|can|should|is|was|are|were)|how (?:can|could))\b|commentaire|remarque|suggestion|pourquoi|améliorer|avis|kommentar|anmerkung|bemerkung|vorschlag|warum|verbesser|meinung|comentario|comentário|commento|opmerking|observaci|sugerencia|por qué|mejorar|opinión/i;
const DATE_TITLE =
  /date|datum|fecha|\bdata\b|timestamp|horodat|zeitstempel|marca temporal|submitted|created|received|\btime\b|\bzeit\b|\bheure\b|\bhora\b/i;
const ID_TITLE = /(^|\b)(id|uuid|#|ref|reference|token|nummer|numéro|número)(\b|$)|\bid$/i;

/** The rating scale a numeric column is on, or why it is none. Never 0/1 (a yes/no answer). */
export function ratingScaleOf(p: ColumnProfile): { scale: RatingScale | null; why: string } {
  if (p.min === null || p.max === null || !p.integers) return { scale: null, why: 'not whole numbers' };
  if (p.min >= 0 && p.max <= 1) return { scale: null, why: 'only 0 and 1: a yes/no answer, never a rating' };
  const title = titleScale(p.header, p.max);
  // A title that names its scale decides it: an answer off the scale is that record's error.
  if (title) return { scale: title.scale, why: `values ${p.min}–${p.max} under ${title.why}` };
  if (p.min >= 1 && p.max <= 5 && p.distinct >= 3)
    return { scale: 'stars5', why: `values ${p.min}–${p.max}: a 1–5 scale` };
  return { scale: null, why: `values ${p.min}–${p.max} fit no rating scale without a rating title` };
}

function titleScale(header: string, max: number): { scale: RatingScale; why: string } | null {
  if (NPS_TITLE.test(header)) return { scale: 'nps', why: 'a likelihood-to-recommend title' };
  const outOfTen = /\b10\b/.test(header);
  if (CSAT_TITLE.test(header) && !outOfTen) return { scale: 'csat5', why: 'a satisfaction title' };
  if (STARS_TITLE.test(header)) return { scale: 'stars5', why: 'a stars title' };
  if (!SCORE_TITLE.test(header) && !CSAT_TITLE.test(header)) return null;
  if (outOfTen) return { scale: 'scale10', why: 'a rating title out of 10' };
  if (/\b5\b/.test(header) || max <= 5) return { scale: 'stars5', why: 'a rating title' };
  return { scale: 'nps', why: 'a score title (0–10)' };
}

/** Free text: long, varied answers; an open-question title lowers the bar. */
function isFreeText(p: ColumnProfile): boolean {
  const varied = p.distinct / Math.max(1, p.values);
  if (p.meanWords >= 4 && varied >= 0.6) return true;
  // Under an open-question title even short answers ("Bof", "Too pricey") are feedback, if they vary.
  return OPEN_TITLE.test(p.header) && p.meanWords >= 1.5 && varied >= 0.7;
}

function isId(p: ColumnProfile): boolean {
  // `r-001`, `R_3kQm8Z`, `a1b2c3`: one token, perhaps split by - or _ (counted as words).
  return p.values >= 2 && p.distinct === p.values && p.meanWords <= 3 && p.filled >= 0.9;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The role of one profiled column, with the reason a person can check. */
export function classifyColumn(p: ColumnProfile): PlannedColumn {
  const base = { column: p.index, header: p.header };
  if (p.values === 0) return { ...base, role: 'ignored', why: 'empty in the first records' };
  if (p.dates >= 0.8 && (p.numeric < 0.5 || DATE_TITLE.test(p.header)))
    return { ...base, role: 'date', why: `${pct(p.dates)} of the answers are dates` };
  if (p.numeric >= 0.9) {
    const rating = ratingScaleOf(p);
    if (rating.scale) return { ...base, role: 'rating', why: rating.why, scale: rating.scale };
    if (isId(p) && (ID_TITLE.test(p.header) || (p.max ?? 0) > 10))
      return { ...base, role: 'id', why: 'a different number on every record' };
    return { ...base, role: 'segment', why: `numbers; ${rating.why}` };
  }
  if (isFreeText(p)) {
    return {
      ...base,
      role: 'text',
      why: `open answers: ${p.meanWords.toFixed(1)} words on average, ${p.distinct} different in ${p.values}`,
    };
  }
  if (isId(p) && ID_TITLE.test(p.header))
    return { ...base, role: 'id', why: 'a different one-word value on every record' };
  if (p.distinct <= Math.max(12, p.values * 0.5) && p.meanWords <= 5)
    return { ...base, role: 'segment', why: `${p.distinct} different short answers in ${p.values}` };
  return { ...base, role: 'ignored', why: 'short, varied answers: neither open feedback nor a category' };
}

/** Profiles and classifies the given columns (all when `candidates` is absent). */
export function planColumns(
  headers: readonly string[],
  sample: readonly string[][],
  candidates: readonly number[] = headers.map((_, i) => i),
): PlannedColumn[] {
  return candidates.map((i) => classifyColumn(profileColumn(headers[i] ?? '', i, sample)));
}

/** Columns of one role, in file order. */
export const columnsOf = (plan: readonly PlannedColumn[], role: ColumnRole): number[] =>
  plan.filter((c) => c.role === role).map((c) => c.column);
