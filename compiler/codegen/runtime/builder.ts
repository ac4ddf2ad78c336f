// A small helper for writing one runtime function: locals by index, i64 limb vectors, and the
// limb-level building blocks (carry chains, comparisons, conditional negation) that every
// wide-integer operation is made of. Limbs are i64 locals, least significant first.

import binaryen from "binaryen";

export type X = binaryen.ExpressionRef;
/** The local indices of a wide value's limbs, least significant first. */
export type Limbs = number[];

const i64 = binaryen.i64;
const i32 = binaryen.i32;
export const T = { i32, i64, none: binaryen.none };
export class Fn {
  private readonly types: binaryen.Type[];
  private readonly vars: binaryen.Type[] = [];
  private labels = 0;

  constructor(readonly mod: binaryen.Module, readonly params: readonly binaryen.Type[]) {
    this.types = [...params];
  }

  /** A fresh local of the given type (zero on entry, as every Wasm local). */
  local(t: binaryen.Type = i64): number {
    this.vars.push(t);
    this.types.push(t);
    return this.types.length - 1;
  }

  limbs(n: number): Limbs {
    return Array.from({ length: n }, () => this.local(i64));
  }

  /** A label unique within this function. */
  label(base: string): string {
    return `${base}${this.labels++}`;
  }

  get(i: number): X {
    return this.mod.local.get(i, this.types[i]);
  }

  set(i: number, v: X): X {
    return this.mod.local.set(i, v);
  }

  c64(v: bigint): X {
    return this.mod.i64.const(BigInt.asIntN(64, v));
  }

  c32(v: number): X {
    return this.mod.i32.const(v | 0);
  }

  /** Adds the function to the module. */
  finish(name: string, result: binaryen.Type, body: X[]): void {
    const mod = this.mod;
    const b = body.length === 1 ? body[0] : mod.block(null, body, result === binaryen.none ? binaryen.none : result);
    mod.addFunction(name, binaryen.createType([...this.params]), result, this.vars, b);
  }

  // ── memory ──────────────────────────────────────────────────────────────────────────────
  /** Load N limbs from the pointer in i32 local `ptr`. */
  load(ptr: number, dst: Limbs): X[] {
    return dst.map((l, i) => this.set(l, this.mod.i64.load(8 * i, 8, this.get(ptr))));
  }

  store(ptr: number, src: Limbs): X[] {
    return src.map((l, i) => this.mod.i64.store(8 * i, 8, this.get(ptr), this.get(l)));
  }

  copy(dst: Limbs, src: Limbs): X[] {
    return dst.map((l, i) => this.set(l, this.get(src[i])));
  }

  // ── limb arithmetic ─────────────────────────────────────────────────────────────────────
  /** r = a + b (mod 2^W); returns the code and the local holding the carry out (0/1, i64). */
  add(r: Limbs, a: Limbs, b: Limbs): { code: X[]; carry: number } {
    const m = this.mod;
    const c = this.local();
    const t = this.local();
    const code: X[] = [this.set(c, this.c64(0n))];
    const c1 = this.local(T.i32);
    for (let i = 0; i < r.length; i++) {
      // t = a + b; c1 = t <u a; r = t + c; carry = c1 | (r <u t). Alias-safe: r may be a or b.
      code.push(this.set(t, m.i64.add(this.get(a[i]), this.get(b[i]))));
      code.push(this.set(c1, m.i64.lt_u(this.get(t), this.get(a[i]))));
      code.push(this.set(r[i], m.i64.add(this.get(t), this.get(c))));
      code.push(this.set(c, m.i64.extend_u(m.i32.or(this.get(c1), m.i64.lt_u(this.get(r[i]), this.get(t))))));
    }
    return { code, carry: c };
  }

  /** r = a - b (mod 2^W); returns the code and the local holding the borrow out (0/1, i64). */
  sub(r: Limbs, a: Limbs, b: Limbs): { code: X[]; borrow: number } {
    const m = this.mod;
    const c = this.local();
    const t = this.local();
    const code: X[] = [this.set(c, this.c64(0n))];
    const b1 = this.local(T.i32);
    for (let i = 0; i < r.length; i++) {
      // t = a - b; b1 = a <u b; r = t - c; borrow = b1 | (t <u c). Alias-safe: r may be a or b.
      code.push(this.set(b1, m.i64.lt_u(this.get(a[i]), this.get(b[i]))));
      code.push(this.set(t, m.i64.sub(this.get(a[i]), this.get(b[i]))));
      code.push(this.set(r[i], m.i64.sub(this.get(t), this.get(c))));
      code.push(this.set(c, m.i64.extend_u(m.i32.or(this.get(b1), m.i64.lt_u(this.get(t), this.get(c))))));
    }
    return { code, borrow: c };
  }

  /**
   * In place: x = (x XOR mask) + (mask & 1), i.e. x = -x when mask is all ones and x unchanged
   * when it is zero (mask is an i64 local holding 0 or -1).
   */
  condNeg(x: Limbs, mask: number): X[] {
    const m = this.mod;
    const c = this.local();
    const code: X[] = [this.set(c, m.i64.and(this.get(mask), this.c64(1n)))];
    for (let i = 0; i < x.length; i++) {
      code.push(this.set(x[i], m.i64.add(m.i64.xor(this.get(x[i]), this.get(mask)), this.get(c))));
      // carry out of "v + c" with c ∈ {0,1}: the sum wrapped to something below c
      if (i + 1 < x.length) code.push(this.set(c, m.i64.extend_u(m.i64.lt_u(this.get(x[i]), this.get(c)))));
    }
    return code;
  }

  /** Sign mask of a value: all ones when its top bit is set, else zero (as an expression). */
  signMask(x: Limbs): X {
    return this.mod.i64.shr_s(this.get(x[x.length - 1]), this.c64(63n));
  }

  // ── comparisons (i32 expressions) ──────────────────────────────────────────────────────
  isZero(x: Limbs): X {
    const m = this.mod;
    let acc = this.get(x[0]);
    for (let i = 1; i < x.length; i++) acc = m.i64.or(acc, this.get(x[i]));
    return m.i64.eqz(acc);
  }

  eq(a: Limbs, b: Limbs): X {
    const m = this.mod;
    let acc = m.i64.xor(this.get(a[0]), this.get(b[0]));
    for (let i = 1; i < a.length; i++) acc = m.i64.or(acc, m.i64.xor(this.get(a[i]), this.get(b[i])));
    return m.i64.eqz(acc);
  }

  /** a < b, lexicographic from the top limb; the top limb compares signed when `signed`. */
  lt(a: Limbs, b: Limbs, signed: boolean): X {
    const m = this.mod;
    let acc = m.i64.lt_u(this.get(a[0]), this.get(b[0]));
    for (let i = 1; i < a.length; i++) {
      const top = i === a.length - 1 && signed;
      const less = top ? m.i64.lt_s(this.get(a[i]), this.get(b[i])) : m.i64.lt_u(this.get(a[i]), this.get(b[i]));
      acc = m.i32.or(less, m.i32.and(m.i64.eq(this.get(a[i]), this.get(b[i])), acc));
    }
    if (a.length === 1 && signed) return m.i64.lt_s(this.get(a[0]), this.get(b[0]));
    return acc;
  }

  /** Set x to the signed MAX (mask = 0) or MIN (mask = -1) of its width. */
  setSatSigned(x: Limbs, mask: X): X[] {
    const m = this.mod;
    const t = this.local();
    const code: X[] = [this.set(t, m.i64.xor(mask, this.c64(-1n)))];
    for (let i = 0; i < x.length - 1; i++) code.push(this.set(x[i], this.get(t)));
    code.push(this.set(x[x.length - 1], m.i64.xor(this.get(t), this.c64(1n << 63n))));
    return code;
  }

  fill(x: Limbs, v: bigint): X[] {
    return x.map((l) => this.set(l, this.c64(v)));
  }
}

