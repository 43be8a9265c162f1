// Evidence for a tag the clause model gave: the features of the clause that carried the label, each
// named by its rule id (a taxonomy rule's hit) or as a model feature, with the text it matched.
import type { Evidence } from '../types.js';
import type { ClauseModel, Head, HeadName } from './clause-model.js';
import type { ClauseRows } from './compiled-features.js';
import { explain, newExplanation } from './explain.js';

/** What a feature is called in evidence: a rule hit by its rule id, anything else as a model feature. */
function evidenceRule(kind: HeadName, label: string, key: string): string {
  return key.startsWith('h:') ? key.slice(2) : `model.${kind}.${label}.${key}`;
}

const EXPLANATION = newExplanation();

/** Evidence names per model, by (feature row, head label): the same few hundred recur, built once. */
const names = new WeakMap<ClauseModel, Map<number, string>>();
function evidenceName(
  model: ClauseModel,
  head: Head,
  kind: HeadName,
  label: string,
  row: number,
  key: string,
) {
  let cache = names.get(model);
  if (cache === undefined) {
    cache = new Map();
    names.set(model, cache);
  }
  const at = row * model.width + head.offset + head.labels.indexOf(label);
  let name = cache.get(at);
  if (name === undefined) {
    name = evidenceRule(kind, label, key);
    cache.set(at, name);
  }
  return name;
}

/** The features that carried `label` in this clause, as evidence; the head's prior when none did. */
export function modelEvidence(
  text: string,
  model: ClauseModel,
  head: Head,
  kind: HeadName,
  rows: ClauseRows,
  label: string,
): Evidence[] {
  const out: Evidence[] = [];
  const found = explain(model, head, rows, label, EXPLANATION);
  for (let k = 0; k < found.n; k++) {
    const i = found.at[k]!;
    const row = rows.rows[i]!;
    const start = rows.starts[i]!;
    const end = rows.ends[i]!;
    const rule = evidenceName(model, head, kind, label, row, model.keys[row]!);
    out.push({ kind, rule, match: text.slice(start, end), start, end });
  }
  if (out.length === 0) out.push({ kind, rule: `model.${kind}.${label}.prior`, match: '', start: 0, end: 0 });
  return out;
}
