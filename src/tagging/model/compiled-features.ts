// The clause model's features at run time, without building a string per feature. features.ts defines the
// features (and the trainer uses it as written); here the model's feature keys are read back once into
// integer tables — a word's id, then the row of its unigram, negated, context and bigram features — so
// an item costs one cached Map lookup per token (TokenIds) and its clauses array reads. A unit test holds
// the two equal.
import { isNegator } from '../sentiment/word-valence.js';
import { boundedMemo } from '../text/bounded-memo.js';
import type { Token } from '../text/tokenize.js';
import {
  BIAS_KEY,
  CONTEXT_VALUE,
  EMPTY_KEY,
  featureForm,
  featureWord,
  isFeatureToken,
  KEY,
  NEGATION_REACH,
  QUESTION_KEY,
  RULE_SCORE_KEY,
  type RuleHit,
} from './features.js';

export interface CompiledIndex {
  /** Feature word (stem, or an emoji as written) → word id. */
  vocab: Map<string, number>;
  /** Word id → row of its `w:`, `n:` and `d:` features, −1 where the model has none. */
  word: Int32Array;
  negated: Int32Array;
  context: Int32Array;
  /** `first * vocab.size + second` → row of the bigram. */
  bigram: Map<number, number>;
  /** A word's written form (featureForm) → row of its `f:` feature. */
  form: Map<string, number>;
  /** Rule id → row of `h:id`; `kind:label` → row of `hl:kind:label`; label → row of `rs:label`. */
  hit: Map<string, number>;
  hitLabel: Map<string, Map<string, number>>;
  ruleLabel: Map<string, number>;
  bias: number;
  empty: number;
  question: number;
  ruleScore: number;
  /** A word token (lower case) → its word id and the row of its `f:` feature (−1: none), memoised. */
  wordKey: (lower: string) => WordKey;
}

export interface WordKey {
  id: number;
  form: number;
}

/** Reads the feature keys of a model (row i = keys[i]) back into integer tables. */
export function compileIndex(keys: readonly string[]): CompiledIndex {
  const vocab = readVocab(keys);
  const n = vocab.size;
  const index: CompiledIndex = {
    vocab,
    word: new Int32Array(n).fill(-1),
    negated: new Int32Array(n).fill(-1),
    context: new Int32Array(n).fill(-1),
    bigram: new Map(),
    form: new Map(),
    hit: new Map(),
    hitLabel: new Map(),
    ruleLabel: new Map(),
    bias: -1,
    empty: -1,
    question: -1,
    ruleScore: -1,
    wordKey: boundedMemo((lower) => ({
      id: vocab.get(featureWord(lower)) ?? -1,
      form: index.form.get(featureForm(lower)) ?? -1,
    })),
  };
  keys.forEach((key, row) => {
    if (key === BIAS_KEY) index.bias = row;
    else if (key === EMPTY_KEY) index.empty = row;
    else if (key === QUESTION_KEY) index.question = row;
    else if (key === RULE_SCORE_KEY) index.ruleScore = row;
    else if (key.startsWith(KEY.word)) index.word[vocab.get(key.slice(2))!] = row;
    else if (key.startsWith(KEY.form)) index.form.set(key.slice(2), row);
    else if (key.startsWith(KEY.negated)) index.negated[vocab.get(key.slice(2))!] = row;
    else if (key.startsWith(KEY.context)) index.context[vocab.get(key.slice(2))!] = row;
    else if (key.startsWith(KEY.bigram)) {
      const [a, b] = splitBigram(key);
      index.bigram.set(vocab.get(a)! * n + vocab.get(b)!, row);
    } else if (key.startsWith(KEY.hitLabel)) setHitLabel(index.hitLabel, key, row);
    else if (key.startsWith(KEY.hit)) index.hit.set(key.slice(KEY.hit.length), row);
    else if (key.startsWith(KEY.ruleLabel)) index.ruleLabel.set(key.slice(KEY.ruleLabel.length), row);
  });
  return index;
}

/** The first pass: every word a feature key names gets an id, so the tables can be sized. */
function readVocab(keys: readonly string[]): Map<string, number> {
  const vocab = new Map<string, number>();
  const idOf = (w: string) => {
    if (!vocab.has(w)) vocab.set(w, vocab.size);
  };
  for (const key of keys) {
    if (key.startsWith(KEY.word) || key.startsWith(KEY.negated) || key.startsWith(KEY.context))
      idOf(key.slice(2));
    else if (key.startsWith(KEY.bigram)) {
      const [a, b] = splitBigram(key);
      idOf(a);
      idOf(b);
    }
  }
  return vocab;
}

/** `hl:kind:label` → row, under its kind. */
function setHitLabel(hitLabel: Map<string, Map<string, number>>, key: string, row: number): void {
  const rest = key.slice(KEY.hitLabel.length);
  const colon = rest.indexOf(':');
  const kind = rest.slice(0, colon);
  let labels = hitLabel.get(kind);
  if (labels === undefined) {
    labels = new Map();
    hitLabel.set(kind, labels);
  }
  labels.set(rest.slice(colon + 1), row);
}

function splitBigram(key: string): [string, string] {
  const space = key.indexOf(' ', KEY.bigram.length);
  return [key.slice(KEY.bigram.length, space), key.slice(space + 1)];
}

/**
 * The model's ids of a text's tokens, looked up once and read by its context and by each of its clauses:
 * per token, the id of its feature word, the row of its written form (−1 where the model has none), and
 * whether it is the text's first word of that id (the context counts each word once).
 */
export class TokenIds {
  /** How many tokens the last read had. */
  n = 0;
  ids = new Int32Array(256);
  forms = new Int32Array(256);
  firsts = new Uint8Array(256);
  /** Word id → the read that last saw it: a new read's words are all unseen, without clearing. */
  private seenIn = new Int32Array(0);
  private reads = 0;

  read(index: CompiledIndex, tokens: readonly Token[]): this {
    if (tokens.length > this.ids.length) {
      this.ids = new Int32Array(2 * tokens.length);
      this.forms = new Int32Array(2 * tokens.length);
      this.firsts = new Uint8Array(2 * tokens.length);
    }
    if (this.seenIn.length < index.vocab.size || this.reads === 0x7fffffff) {
      this.seenIn = new Int32Array(index.vocab.size);
      this.reads = 0;
    }
    const read = ++this.reads;
    this.n = tokens.length;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      this.firsts[i] = 0;
      if (t.kind === 'word') {
        const key = index.wordKey(t.lower);
        this.ids[i] = key.id;
        this.forms[i] = key.form;
        if (key.id >= 0 && this.seenIn[key.id] !== read) {
          this.seenIn[key.id] = read;
          this.firsts[i] = 1;
        }
      } else {
        this.ids[i] = isFeatureToken(t) ? (index.vocab.get(t.text) ?? -1) : -1;
        this.forms[i] = -1;
      }
    }
    return this;
  }
}

/** A clause's known features as parallel arrays, reused from clause to clause. */
export class ClauseRows {
  n = 0;
  /**
   * Where the clause's own words and rule hits lie among its rows (`[wordsFrom, wordsTo)`, the `empty` row
   * of a clause without words included): what the item heads read of each clause (item-heads.ts).
   */
  wordsFrom = 0;
  wordsTo = 0;
  /** How many feature tokens (words, emoji) the clause has, known to the model or not. */
  words = 0;
  rows = new Int32Array(64);
  values = new Float64Array(64);
  starts = new Int32Array(64);
  ends = new Int32Array(64);

  push(row: number, value: number, start: number, end: number): void {
    if (row < 0) return;
    if (this.n === this.rows.length) this.grow();
    const i = this.n++;
    this.rows[i] = row;
    this.values[i] = value;
    this.starts[i] = start;
    this.ends[i] = end;
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const copy = <T extends Int32Array | Float64Array>(a: T, b: T) => {
      b.set(a);
      return b;
    };
    this.rows = copy(this.rows, new Int32Array(size));
    this.values = copy(this.values, new Float64Array(size));
    this.starts = copy(this.starts, new Int32Array(size));
    this.ends = copy(this.ends, new Int32Array(size));
  }
}

/**
 * The rows of `clauseFeatures(tokens[from, to), no context, hits, rule)` that the model knows, in the same
 * order, into `out`; `ids` are the tokens' (TokenIds.read).
 */
export function clauseRows(
  index: CompiledIndex,
  tokens: readonly Token[],
  ids: TokenIds,
  from: number,
  to: number,
  hits: readonly RuleHit[],
  rule: { label: string; score: number },
  out: ClauseRows,
): ClauseRows {
  out.n = 0;
  out.push(index.bias, 1, -1, -1);
  out.wordsFrom = out.n;
  const vocabSize = index.vocab.size;
  let previous: Token | null = null;
  let previousId = -1;
  let negatedUntil = -1;
  let k = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (!isFeatureToken(t)) {
      if (t.kind === 'punct' || t.kind === 'break') previous = null;
      if (t.kind === 'punct' && t.text.includes('?')) out.push(index.question, 1, t.start, t.end);
      continue;
    }
    const id = ids.ids[i]!;
    if (id >= 0) out.push(index.word[id]!, 1, t.start, t.end);
    out.push(ids.forms[i]!, 1, t.start, t.end);
    if (id >= 0 && k <= negatedUntil) out.push(index.negated[id]!, 1, t.start, t.end);
    if (t.kind === 'word' && isNegator(t.lower)) negatedUntil = k + NEGATION_REACH;
    if (previous !== null && previousId >= 0 && id >= 0) {
      const row = index.bigram.get(previousId * vocabSize + id);
      if (row !== undefined) out.push(row, 1, previous.start, t.end);
    }
    previous = t;
    previousId = id;
    k++;
  }
  if (k === 0) out.push(index.empty, 1, -1, -1);
  out.words = k;
  for (const h of hits) {
    out.push(index.hit.get(h.id) ?? -1, 1, h.start, h.end);
    out.push(index.hitLabel.get(h.kind)?.get(h.label) ?? -1, 1, h.start, h.end);
  }
  out.wordsTo = out.n;
  out.push(index.ruleLabel.get(rule.label) ?? -1, 1, -1, -1);
  out.push(index.ruleScore, rule.score, -1, -1);
  return out;
}

/** The rows of an item's context features (its distinct words, `ids` read from it), each worth CONTEXT_VALUE. */
export function contextRows(index: CompiledIndex, ids: TokenIds, out: ClauseRows): ClauseRows {
  out.n = 0;
  for (let i = 0; i < ids.n; i++)
    if (ids.firsts[i] === 1) out.push(index.context[ids.ids[i]!]!, CONTEXT_VALUE, -1, -1);
  return out;
}
