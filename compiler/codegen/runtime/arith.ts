// Wide add / sub / mul / div / rem in their checked, wrapping, saturating and `checked_*`
// (i32 ok-flag) forms. Every function loads its operands into i64 limb locals first and
// stores the result last, so `dst` may alias either operand.

import { Fn, T, type Limbs, type X } from "./builder.js";
import { PANIC_ARITHMETIC_OVERFLOW, PANIC_DIVISION_BY_ZERO, panicCall, type Rt, type Sign } from "./common.js";
import type binaryen from "binaryen";

export type ArithOp = "add" | "sub" | "mul";
/** checked: panic 0x11 · wrapping · saturating · try: `checked_*`, returns 1 ok / 0 and leaves dst alone. */
export type ArithMode = "checked" | "wrapping" | "saturating" | "try";

const TOP = 1n << 63n;

/**
 * Unsigned schoolbook product of two N-limb values on 32-bit digits (every partial sum
 * x·y + z + carry < 2^64, so no 64×64 multiply is needed). Writes the low N limbs to `r`;
 * when `needHigh`, also returns an i32 local that is 1 when the high half is nonzero.
 */
function mulCore(f: Fn, r: Limbs, a: Limbs, b: Limbs, needHigh: boolean): { code: X[]; high: number | undefined } {
  const m = f.mod;
  const D = 2 * a.length; // digits per operand
  const mask = f.c64(0xffffffffn);
  const code: X[] = [];
  const digits = (x: Limbs): number[] => {
    const d: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const lo = f.local();
      const hi = f.local();
      code.push(f.set(lo, m.i64.and(f.get(x[i]), f.c64(0xffffffffn))));
      code.push(f.set(hi, m.i64.shr_u(f.get(x[i]), f.c64(32n))));
      d.push(lo, hi);
    }
    return d;
  };
  const x = digits(a);
  const y = digits(b);
  const zLen = needHigh ? 2 * D : D;
  const z = Array.from({ length: zLen }, () => f.local());
  const carry = f.local();
  const t = f.local();
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      const k = i + j;
      if (k >= zLen) break;
      // t = x_i·y_j + z_k + carry
      let sum = m.i64.mul(f.get(x[i]), f.get(y[j]));
      if (i > 0) sum = m.i64.add(sum, f.get(z[k]));
      if (j > 0) sum = m.i64.add(sum, f.get(carry));
      code.push(f.set(t, sum));
      code.push(f.set(z[k], m.i64.and(f.get(t), mask)));
      code.push(f.set(carry, m.i64.shr_u(f.get(t), f.c64(32n))));
    }
    if (i + D < zLen) code.push(f.set(z[i + D], f.get(carry)));
  }
  for (let i = 0; i < r.length; i++) {
    code.push(f.set(r[i], m.i64.or(f.get(z[2 * i]), m.i64.shl(f.get(z[2 * i + 1]), f.c64(32n)))));
  }
  if (!needHigh) return { code, high: undefined };
  let acc = f.get(z[D]);
  for (let k = D + 1; k < 2 * D; k++) acc = m.i64.or(acc, f.get(z[k]));
  const high = f.local(T.i32);
  code.push(f.set(high, m.i64.ne(acc, f.c64(0n))));
  return { code, high };
}

export function genArith(mod: binaryen.Module, rt: Rt, name: string, s: Sign, W: number, op: ArithOp, mode: ArithMode): void {
  const N = W / 64;
  const f = new Fn(mod, [T.i32, T.i32, T.i32]); // dst, a, b
  const m = mod;
  const a = f.limbs(N);
  const b = f.limbs(N);
  const r = f.limbs(N);
  const top = (x: Limbs): X => f.get(x[N - 1]);
  const code: X[] = [...f.load(1, a), ...f.load(2, b)];
  const ovf = f.local(T.i32);
  /** i64 local: 0 → saturate to MAX, -1 → to MIN (signed only). */
  const satMask = f.local();
  const needOvf = mode !== "wrapping";

  if (op === "add" || op === "sub") {
    if (op === "add") {
      const { code: c, carry } = f.add(r, a, b);
      code.push(...c);
      if (s === "u") code.push(f.set(ovf, m.i32.wrap(f.get(carry))));
      // signed: both operands have the sign the result lacks
      else code.push(f.set(ovf, m.i64.lt_s(m.i64.and(m.i64.xor(top(a), top(r)), m.i64.xor(top(b), top(r))), f.c64(0n))));
    } else {
      const { code: c, borrow } = f.sub(r, a, b);
      code.push(...c);
      if (s === "u") code.push(f.set(ovf, m.i32.wrap(f.get(borrow))));
      // signed: operands differ in sign and the result's sign differs from a's
      else code.push(f.set(ovf, m.i64.lt_s(m.i64.and(m.i64.xor(top(a), top(b)), m.i64.xor(top(a), top(r))), f.c64(0n))));
    }
    if (s === "i") code.push(f.set(satMask, f.signMask(a)));
  } else if (!needOvf) {
    // The low W bits of a product are the same for both signednesses.
    code.push(...mulCore(f, r, a, b, false).code);
  } else if (s === "u") {
    const { code: c, high } = mulCore(f, r, a, b, true);
    code.push(...c, f.set(ovf, f.get(high!)));
  } else {
    // |a|·|b| unsigned, then the sign; it fits iff the magnitude is < 2^(W-1), or equals it for a negative result.
    const ma = f.local();
    const mb = f.local();
    code.push(f.set(ma, f.signMask(a)), f.set(mb, f.signMask(b)), ...f.condNeg(a, ma), ...f.condNeg(b, mb));
    const { code: c, high } = mulCore(f, r, a, b, true);
    code.push(...c);
    code.push(f.set(satMask, m.i64.xor(f.get(ma), f.get(mb))));
    let lowerZero = m.i32.const(1);
    if (N > 1) lowerZero = f.isZero(r.slice(0, N - 1));
    const isMinMagnitude = m.i32.and(m.i64.eq(top(r), f.c64(TOP)), lowerZero);
    const resultNeg = m.i64.ne(f.get(satMask), f.c64(0n));
    code.push(f.set(ovf, m.i32.or(f.get(high!), m.i32.and(
      m.i64.lt_s(top(r), f.c64(0n)),
      m.i32.eqz(m.i32.and(resultNeg, isMinMagnitude)),
    ))));
    code.push(...f.condNeg(r, satMask));
  }

  switch (mode) {
    case "wrapping":
      code.push(...f.store(0, r));
      f.finish(name, T.none, code);
      return;
    case "checked":
      code.push(m.if(f.get(ovf), panicCall(f, rt, PANIC_ARITHMETIC_OVERFLOW)), ...f.store(0, r));
      f.finish(name, T.none, code);
      return;
    case "try":
      code.push(m.if(f.get(ovf), m.return(m.i32.const(0))), ...f.store(0, r), m.i32.const(1));
      f.finish(name, T.i32, code);
      return;
    case "saturating": {
      let sat: X[];
      if (s === "i") sat = f.setSatSigned(r, f.get(satMask));
      else sat = f.fill(r, op === "sub" ? 0n : -1n);
      code.push(m.if(f.get(ovf), m.block(null, sat)), ...f.store(0, r));
      f.finish(name, T.none, code);
      return;
    }
  }
}

/**
 * Unsigned restoring division on limb locals: `a` becomes the quotient, `r` (zero on entry)
 * the remainder; b must be nonzero. Whole zero limbs and then the leading zero bits of the
 * dividend are skipped, so the loop runs once per significant bit of a.
 */
function divCore(f: Fn, a: Limbs, b: Limbs, r: Limbs, W: number): X[] {
  const m = f.mod;
  const N = a.length;
  const count = f.local(T.i32);
  const lz = f.local();
  const shl1 = (x: Limbs, carryIn: X): X[] => {
    const out: X[] = [];
    for (let i = N - 1; i >= 1; i--) {
      out.push(f.set(x[i], m.i64.or(m.i64.shl(f.get(x[i]), f.c64(1n)), m.i64.shr_u(f.get(x[i - 1]), f.c64(63n)))));
    }
    out.push(f.set(x[0], m.i64.or(m.i64.shl(f.get(x[0]), f.c64(1n)), carryIn)));
    return out;
  };
  const done = f.label("div_zero");
  const skip = f.label("div_skip");
  const main = f.label("div_main");
  const limbShift: X[] = [];
  for (let i = N - 1; i >= 1; i--) limbShift.push(f.set(a[i], f.get(a[i - 1])));
  limbShift.push(f.set(a[0], f.c64(0n)));
  const bitShift: X[] = [];
  for (let i = N - 1; i >= 1; i--) {
    // (x >> 1) >> (63 - lz) is x >> (64 - lz) without the lz = 0 case wrapping the shift count
    bitShift.push(f.set(a[i], m.i64.or(
      m.i64.shl(f.get(a[i]), f.get(lz)),
      m.i64.shr_u(m.i64.shr_u(f.get(a[i - 1]), f.c64(1n)), m.i64.sub(f.c64(63n), f.get(lz))),
    )));
  }
  bitShift.push(f.set(a[0], m.i64.shl(f.get(a[0]), f.get(lz))));
  const { code: subCode } = f.sub(r, r, b);
  const step: X[] = [
    ...shl1(r, m.i64.shr_u(f.get(a[N - 1]), f.c64(63n))),
    ...shl1(a, f.c64(0n)),
    // r stays below 2^W: after k dividend bits it is at most their value, < 2^k ≤ 2^W
    m.if(m.i32.eqz(f.lt(r, b, false)), m.block(null, [
      ...subCode,
      f.set(a[0], m.i64.or(f.get(a[0]), f.c64(1n))),
    ])),
    f.set(count, m.i32.sub(f.get(count), m.i32.const(1))),
    m.br(main, f.get(count)),
  ];
  return [
    f.set(count, m.i32.const(W)),
    m.block(done, [m.loop(skip, m.block(null, [
      m.br(done, m.i32.eqz(f.get(count))),
      m.br(done, m.i64.ne(f.get(a[N - 1]), f.c64(0n))),
      ...limbShift,
      f.set(count, m.i32.sub(f.get(count), m.i32.const(64))),
      m.br(skip),
    ]))]),
    m.if(f.get(count), m.block(null, [
      f.set(lz, m.i64.clz(f.get(a[N - 1]))),
      ...bitShift,
      f.set(count, m.i32.sub(f.get(count), m.i32.wrap(f.get(lz)))),
      m.loop(main, m.block(null, step)),
    ])),
  ];
}

export type DivMode = "div" | "rem" | "try_div";

export function genDiv(mod: binaryen.Module, rt: Rt, name: string, s: Sign, W: number, mode: DivMode): void {
  const N = W / 64;
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32, T.i32]);
  const a = f.limbs(N);
  const b = f.limbs(N);
  const r = f.limbs(N);
  const fail = (code: number): X => (mode === "try_div" ? m.return(m.i32.const(0)) : panicCall(f, rt, code));
  const code: X[] = [...f.load(1, a), ...f.load(2, b)];
  code.push(m.if(f.isZero(b), fail(PANIC_DIVISION_BY_ZERO)));
  const ma = f.local();
  const mb = f.local();
  if (s === "i") {
    if (mode !== "rem") {
      // MIN / -1 = 2^(W-1) does not fit; MIN % -1 = 0 does.
      let isMin = m.i64.eq(f.get(a[N - 1]), f.c64(TOP));
      if (N > 1) isMin = m.i32.and(isMin, f.isZero(a.slice(0, N - 1)));
      let allOnes = f.get(b[0]);
      for (let i = 1; i < N; i++) allOnes = m.i64.and(allOnes, f.get(b[i]));
      code.push(m.if(m.i32.and(isMin, m.i64.eq(allOnes, f.c64(-1n))), fail(PANIC_ARITHMETIC_OVERFLOW)));
    }
    code.push(f.set(ma, f.signMask(a)), f.set(mb, f.signMask(b)), ...f.condNeg(a, ma), ...f.condNeg(b, mb));
  }
  code.push(...divCore(f, a, b, r, W));
  if (mode === "rem") {
    if (s === "i") code.push(...f.condNeg(r, ma)); // the remainder takes the dividend's sign
    code.push(...f.store(0, r));
  } else {
    if (s === "i") {
      const mq = f.local();
      code.push(f.set(mq, m.i64.xor(f.get(ma), f.get(mb))), ...f.condNeg(a, mq));
    }
    code.push(...f.store(0, a));
  }
  if (mode === "try_div") {
    code.push(m.i32.const(1));
    f.finish(name, T.i32, code);
  } else {
    f.finish(name, T.none, code);
  }
}
