// Fitting one head of the clause model: multinomial logistic regression by AdaGrad over seeded shuffles
// (fitOnce), and the mean of several such fits (averageFits). Used by scripts/train-clause-model.ts.
import { seededRandom } from '../../src/aggregate/stats/prng.js';
import type { HeadName } from '../../src/tagging/model/clause-model.js';
import type { Feature } from '../../src/tagging/model/features.js';

export interface Example {
  features: Feature[];
  labels: Partial<Record<HeadName, string>>;
  weight: number;
}

export interface Fit {
  /** Feature-major, class-minor: w[feature * classes + class]. */
  w: Float64Array;
  bias: Float64Array;
}

/** One pass of AdaGrad over the shuffled examples: a head's weights (feature-major, class-minor) and bias. */
export function fitOnce(
  data: readonly Example[],
  labels: readonly string[],
  index: ReadonlyMap<string, number>,
  uses: (key: string) => boolean,
  classWeight: readonly number[],
  options: { name: HeadName; l2: number; rate: number; seed: number; epochs: number },
): Fit {
  const n = labels.length;
  const w = new Float64Array(index.size * n);
  const g = new Float64Array(index.size * n).fill(1e-8);
  const bias = new Float64Array(n);
  const gb = new Float64Array(n).fill(1e-8);
  const order = data.map((_, i) => i);
  const random = seededRandom(options.seed);
  const z = new Float64Array(n);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const e = data[k]!;
      const y = labels.indexOf(e.labels[options.name]!);
      const feats = e.features.filter((f) => index.has(f.key) && uses(f.key));
      for (let j = 0; j < n; j++) z[j] = bias[j]!;
      for (const f of feats) {
        const at = index.get(f.key)! * n;
        for (let j = 0; j < n; j++) z[j]! += w[at + j]! * f.value;
      }
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, z[j]!);
      let sum = 0;
      for (let j = 0; j < n; j++) sum += z[j] = Math.exp(z[j]! - max);
      const scale = e.weight * classWeight[y]!;
      for (let j = 0; j < n; j++) {
        const grad = (z[j]! / sum - (j === y ? 1 : 0)) * scale;
        gb[j]! += grad * grad;
        bias[j]! -= (options.rate * grad) / Math.sqrt(gb[j]!);
        for (const f of feats) {
          const at = index.get(f.key)! * n + j;
          const gw = grad * f.value + options.l2 * w[at]!;
          g[at]! += gw * gw;
          w[at]! -= (options.rate * gw) / Math.sqrt(g[at]!);
        }
      }
    }
  }
  return { w, bias };
}

/**
 * The mean of several fits of one head (the same features and classes, different shuffles), element by
 * element. Logistic regression's loss is convex, so fits that differ only in the order AdaGrad saw the
 * examples approximate one optimum; their mean is nearer it than a typical fit.
 */
export function averageFits(fits: readonly Fit[]): Fit {
  const [first] = fits;
  if (first === undefined) throw new Error('averageFits: no fit to average');
  const w = new Float64Array(first.w.length);
  const bias = new Float64Array(first.bias.length);
  for (const fit of fits) {
    if (fit.w.length !== w.length || fit.bias.length !== bias.length)
      throw new Error('averageFits: fits of different shapes');
    for (let i = 0; i < w.length; i++) w[i]! += fit.w[i]! / fits.length;
    for (let i = 0; i < bias.length; i++) bias[i]! += fit.bias[i]! / fits.length;
  }
  return { w, bias };
}
