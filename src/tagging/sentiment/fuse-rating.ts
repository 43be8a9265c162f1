// Reading a source rating as a polarity in -1..1 and fusing it with the text score at item level.
import { RATING_RANGES, type Rating } from '../../domain.js';

/** NPS 0..10: detractors from -1 to -0.3, passives 0 and 0.05, promoters 0.7 and 1. */
const NPS_POLARITY = [-1, -0.88, -0.77, -0.65, -0.53, -0.42, -0.3, 0, 0.05, 0.7, 1];

/**
 * Polarity of a rating: stars/CSAT 1..5 centre on 3; NPS 0..10 follows its own bands (0-6 detractors,
 * negative; 7-8 passives, about neutral; 9-10 promoters, positive); 1..10 scales centre on 5.5; CSAT
 * good/bad is ±0.8. Out-of-range values give null.
 */
export function ratingPolarity(rating: Rating): number | null {
  const [min, max] = RATING_RANGES[rating.scale];
  const v = rating.value;
  if (!Number.isFinite(v) || v < min || v > max) return null;
  switch (rating.scale) {
    case 'stars5':
    case 'csat5':
      return (v - 3) / 2;
    case 'nps':
      return NPS_POLARITY[Math.round(v)] ?? null;
    case 'scale10':
      return (v - 5.5) / 4.5;
    case 'csat2':
      return v >= 0.5 ? 0.8 : -0.8;
  }
}

/**
 * Fused item score: the rating weighs half when the text carries sentiment words, and 80 % when it
 * carries none (the text then says nothing about how the customer felt).
 */
export function fuseRating(textScore: number, textHasSentiment: boolean, polarity: number): number {
  const w = textHasSentiment ? 0.5 : 0.8;
  return w * polarity + (1 - w) * textScore;
}
