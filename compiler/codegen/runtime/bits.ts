// Wide comparisons, bitwise operations, shifts and negation.

import type binaryen from "binaryen";
import { Fn, T, type Limbs, type X } from "./builder.js";
import { PANIC_ARITHMETIC_OVERFLOW, panicCall, type Rt, type Sign } from "./common.js";

export type CmpOp = "eq" | "lt" | "le";

/** `eq|lt|le (a, b) → i32`; `le` is `!(b < a)`. */
export function genCompare(mod: binaryen.Module, name: string, s: Sign, W: number, op: CmpOp): void {
  const N = W / 64;
  const f = new Fn(mod, [T.i32, T.i32]);
  const a = f.limbs(N);
  const b = f.limbs(N);
  const code: X[] = [...f.load(0, a), ...f.load(1, b)];
  const signed = s === "i";
  if (op === "eq") code.push(f.eq(a, b));
  else if (op === "lt") code.push(f.lt(a, b, signed));
  else code.push(mod.i32.eqz(f.lt(b, a, signed)));
  f.finish(name, T.i32, code);
}

/** `is_zero (a) → i32`. */
export function genIsZero(mod: binaryen.Module, name: string, W: number): void {
  const f = new Fn(mod, [T.i32]);
  const a = f.limbs(W / 64);
  f.finish(name, T.i32, [...f.load(0, a), f.isZero(a)]);
}

export type BitOp = "and" | "or" | "xor";

/** `and|or|xor (dst, a, b)` and `not (dst, a)`. */
export function genBitwise(mod: binaryen.Module, name: string, W: number, op: BitOp | "not"): void {
  const N = W / 64;
  const m = mod;
  if (op === "not") {
    const f = new Fn(mod, [T.i32, T.i32]);
    const a = f.limbs(N);
    f.finish(name, T.none, [...f.load(1, a), ...a.map((l) => f.set(l, m.i64.xor(f.get(l), f.c64(-1n)))), ...f.store(0, a)]);
    return;
  }
  const f = new Fn(mod, [T.i32, T.i32, T.i32]);
  const a = f.limbs(N);
  const b = f.limbs(N);
  const fn = op === "and" ? m.i64.and : op === "or" ? m.i64.or : m.i64.xor;
  f.finish(name, T.none, [
    ...f.load(1, a), ...f.load(2, b),
    ...a.map((l, i) => f.set(l, fn(f.get(l), f.get(b[i])))),
    ...f.store(0, a),
  ]);
}

/**
 * `shl|shr (dst, a, n)`; n is an unsigned i32. `shr` is logical for u and arithmetic for i.
 * n ≥ W shifts everything out: 0, or the sign fill (0 / -1) for an arithmetic right shift.
 */
export function genShift(mod: binaryen.Module, name: string, s: Sign, W: number, dir: "shl" | "shr"): void {
  const N = W / 64;
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32, T.i32]); // dst, a, n
  const a = f.limbs(N);
  const fill = f.local();
  const nn = f.local();
  const n = 2;
  const done = f.label("limbs_done");
  const again = f.label("limbs");
  const code: X[] = [...f.load(1, a)];
  code.push(f.set(fill, s === "i" && dir === "shr" ? f.signMask(a) : f.c64(0n)));
  // n = min(n, W): whole-limb moves, then a bit shift by n mod 64 (< 64)
  code.push(f.set(n, m.select(m.i32.gt_u(f.get(n), m.i32.const(W)), m.i32.const(W), f.get(n))));
  const move: X[] = [];
  if (dir === "shl") {
    for (let i = N - 1; i >= 1; i--) move.push(f.set(a[i], f.get(a[i - 1])));
    move.push(f.set(a[0], f.c64(0n)));
  } else {
    for (let i = 0; i < N - 1; i++) move.push(f.set(a[i], f.get(a[i + 1])));
    move.push(f.set(a[N - 1], f.get(fill)));
  }
  code.push(m.block(done, [m.loop(again, m.block(null, [
    m.br(done, m.i32.lt_u(f.get(n), m.i32.const(64))),
    ...move,
    f.set(n, m.i32.sub(f.get(n), m.i32.const(64))),
    m.br(again),
  ]))]));
  code.push(f.set(nn, m.i64.extend_u(f.get(n))));
  // (x >> 1) >> (63 - nn) is x >> (64 - nn) without nn = 0 wrapping the shift count to 0
  const inv = (): X => m.i64.sub(f.c64(63n), f.get(nn));
  if (dir === "shl") {
    for (let i = N - 1; i >= 1; i--) {
      code.push(f.set(a[i], m.i64.or(
        m.i64.shl(f.get(a[i]), f.get(nn)),
        m.i64.shr_u(m.i64.shr_u(f.get(a[i - 1]), f.c64(1n)), inv()),
      )));
    }
    code.push(f.set(a[0], m.i64.shl(f.get(a[0]), f.get(nn))));
  } else {
    for (let i = 0; i < N - 1; i++) {
      code.push(f.set(a[i], m.i64.or(
        m.i64.shr_u(f.get(a[i]), f.get(nn)),
        m.i64.shl(m.i64.shl(f.get(a[i + 1]), f.c64(1n)), inv()),
      )));
    }
    const topShift = s === "i" ? m.i64.shr_s : m.i64.shr_u;
    code.push(f.set(a[N - 1], topShift(f.get(a[N - 1]), f.get(nn))));
  }
  code.push(...f.store(0, a));
  f.finish(name, T.none, code);
}

/** Checked `neg (dst, a)`: i panics 0x11 on MIN; u panics 0x11 on any nonzero value (dst = 0). */
export function genNeg(mod: binaryen.Module, rt: Rt, name: string, s: Sign, W: number): void {
  const N = W / 64;
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32]);
  const a = f.limbs(N);
  const code: X[] = [...f.load(1, a)];
  if (s === "u") {
    code.push(m.if(m.i32.eqz(f.isZero(a)), panicCall(f, rt, PANIC_ARITHMETIC_OVERFLOW)));
  } else {
    let isMin = m.i64.eq(f.get(a[N - 1]), f.c64(1n << 63n));
    if (N > 1) isMin = m.i32.and(isMin, f.isZero(a.slice(0, N - 1) as Limbs));
    const ones = f.local();
    code.push(m.if(isMin, panicCall(f, rt, PANIC_ARITHMETIC_OVERFLOW)), f.set(ones, f.c64(-1n)), ...f.condNeg(a, ones));
  }
  code.push(...f.store(0, a));
  f.finish(name, T.none, code);
}
