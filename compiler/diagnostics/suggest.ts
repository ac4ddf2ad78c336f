// "Did you mean …" suggestions: the closest in-scope name by edit distance, in the spirit of
// rustc's `find_best_match_for_name` (distance bounded by a third of the name's length).

/** Levenshtein distance with the classic two-row dynamic programme. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The best candidate for a misspelt `name`, or undefined when nothing is close enough.
 * A case-only difference always wins; otherwise the distance must be at most
 * max(1, ⌊len/3⌋) so that short names do not attract unrelated suggestions.
 * Ties break by candidate order then alphabetically, so output is deterministic.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDist = Infinity;
  const lower = name.toLowerCase();
  const sorted = [...new Set(candidates)].filter((c) => c !== name).sort();
  for (const c of sorted) {
    if (c.toLowerCase() === lower) return c;
    const d = levenshtein(name, c);
    if (d <= limit && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** The hint text the catalogue uses for a suggestion. */
export function didYouMeanHint(name: string, candidates: Iterable<string>): string[] {
  const s = didYouMean(name, candidates);
  return s === undefined ? [] : [`did you mean \`${s}\`?`];
}
