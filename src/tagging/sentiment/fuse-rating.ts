// Reading a source rating as a polarity in -1..1 and fusing it with the text score at item level.
import { RATING_RANGES, type Rating } from '../../domain.js';

/**
 * Polarity of a rating: stars/CSAT 1..5 centre on 3; NPS 0..10 centres on 7 (0-6 are detractors,
 * 9-10 promoters); 1..10 scales centre on 5.5; CSAT good/bad is ±0.8. Out-of-range values give null.
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
      return v >= 7 ? (v - 7) / 3 : Math.max(-1, (v - 7) / 6);
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
