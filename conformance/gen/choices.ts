// The generator's only source of randomness: a finite stream of numbers that fast-check
// produces and shrinks (a "choice sequence", as Hypothesis calls it). Every decision reads
// one number; an exhausted stream answers 0, and 0 always means the simplest option (no
// more instructions, the first alternative, the smallest constant). So shrinking the array —
// dropping elements, lowering values — shrinks the generated module, and any array at all
// still yields a valid module.

export class Choices {
  private at = 0;

  constructor(private readonly xs: readonly number[]) {}

  /** Numbers consumed so far. */
  get used(): number {
    return this.at;
  }

  private next(): number {
    return this.at < this.xs.length ? this.xs[this.at++]! : 0;
  }

  /** An integer in [0, n); 0 for n ≤ 1 (no choice is consumed then). */
  int(n: number): number {
    if (n <= 1) return 0;
    return this.next() % n;
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `pct`%; an exhausted stream answers false. */
  chance(pct: number): boolean {
    return this.int(100) >= 100 - pct;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("Choices.pick: empty list");
    return xs[this.int(xs.length)]!;
  }

  /**
   * One of several weighted alternatives. Alternatives with weight 0 are skipped; the first
   * alternative with a positive weight is the one an exhausted stream takes.
   */
  weighted<T>(alts: ReadonlyArray<readonly [number, () => T]>): T {
    let total = 0;
    for (const [w] of alts) total += Math.max(0, w);
    if (total === 0) throw new Error("Choices.weighted: no alternative has a positive weight");
    let r = this.int(total);
    for (const [w, f] of alts) {
      if (w <= 0) continue;
      if (r < w) return f();
      r -= w;
    }
    throw new Error("unreachable");
  }

  /** 32 random bits as a signed i32 (two numbers of 16 bits). */
  i32(): number {
    return ((this.int(0x10000) << 16) | this.int(0x10000)) | 0;
  }

  /** 64 random bits as a signed bigint. */
  i64(): bigint {
    const hi = BigInt(this.i32() >>> 0);
    const lo = BigInt(this.i32() >>> 0);
    return BigInt.asIntN(64, (hi << 32n) | lo);
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}
