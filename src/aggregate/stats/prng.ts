// Pure: the one seeded PRNG (mulberry32) and seed hash. The bootstrap intervals, the demo generator,
// the training scripts and the chaos harness all draw from it, so a seed replays the same numbers.

/** A function returning uniform numbers in [0, 1), fully determined by `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = nextState(state);
    return drawOf(state);
  };
}

/**
 * The generator's two halves, for loops that keep the state in a local (the bootstrap draws millions):
 * `seededRandom(seed)`'s k-th draw is `drawOf(s_k)`, with s_0 = seed >>> 0 and s_k = nextState(s_k−1).
 */
export function nextState(state: number): number {
  return (state + 0x6d2b79f5) >>> 0;
}

export function drawOf(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

/** FNV-1a: a per-cell seed, so a cell's interval does not depend on which other cells exist. */
export function seedOf(text: string, base = 0): number {
  let hash = 0x811c9dc5 ^ base;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A Poisson draw (Knuth for small means, a rounded normal approximation above 60). */
export function poissonDraw(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 60) {
    const u = Math.max(random(), Number.MIN_VALUE);
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit && k < 1000) {
    k++;
    p *= random();
  }
  return k;
}

/** A binomial draw by n Bernoulli trials (n is a count of mentions: small). */
export function binomialDraw(n: number, p: number, random: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (random() < p) k++;
  return k;
}
