// A memo for per-word work on the hot path (stems, hashes, feature ids): the same few thousand words recur
// in feedback, and the bound keeps a stream of unseen words from growing memory without limit.
const MAX_CACHED = 50_000;

/** `compute`, memoised by its string key; the memo is emptied when it reaches `max` entries. */
export function boundedMemo<V>(compute: (key: string) => V, max = MAX_CACHED): (key: string) => V {
  const memo = new Map<string, V>();
  return (key) => {
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
    return value;
  };
}
