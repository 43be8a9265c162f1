// Scoring helpers for `npm run eval`: correlation, per-class precision/recall/F1, macro-F1.

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i]!;
    sy += ys[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let cov = 0;
  let vx = 0;
  let vy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    cov += dx * dy;
    vx += dx * dx;
    vy += dy * dy;
  }
  return cov / Math.sqrt(vx * vy);
}

export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function scoreClasses(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
) {
  const rows: ClassScore[] = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label;
      const p = predicted[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: tp + fn };
  });
  const present = rows.filter((r) => r.support > 0);
  const macroF1 = present.reduce((s, r) => s + r.f1, 0) / Math.max(1, present.length);
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  return { rows, macroF1, accuracy: correct / Math.max(1, gold.length) };
}

export function formatClassTable(title: string, result: ReturnType<typeof scoreClasses>): string {
  const lines = [
    `${title}`,
    `  ${'class'.padEnd(16)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'n'.padStart(5)}`,
  ];
  for (const r of result.rows) {
    if (r.support === 0) continue;
    lines.push(
      `  ${r.label.padEnd(16)} ${r.precision.toFixed(3).padStart(6)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(6)} ${String(r.support).padStart(5)}`,
    );
  }
  lines.push(`  macro-F1 ${result.macroF1.toFixed(3)}   accuracy ${result.accuracy.toFixed(3)}`);
  return lines.join('\n');
}
