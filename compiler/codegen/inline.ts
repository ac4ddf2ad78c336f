// Checked arithmetic and casts on integers of at most 64 bits, emitted inline at the use instead
// of as a call to a `chk.*` / `cast.*` helper (helpers.ts): binaryen does not inline those
// helpers (they call `rt.panic`), and a call per `+` is most of the cost of an integer loop. The
// semantics are the helpers' exactly: the same result, and Panic 0x11 (overflow) / 0x12 (division
// by zero) / 0x21 (bad cast) in the same cases, checked in the same order (division by zero
// first). Operands are evaluated once, left to right, into fresh locals. `inlineArith` returns
// undefined for the forms left to the helpers (64-bit multiplication and signed 64-bit division),
// which need more code than is worth copying. See docs/codegen-runtime.md.
//
// Values follow lower/ast.ts: ≤ 32-bit integers are i32 (unsigned zero-extended, signed
// sign-extended), 64-bit integers are i64.

import binaryen from "binaryen";
import { PanicCode } from "../../stdlib/abi/selector.js";
import type { ArithOp, IntKind } from "../lower/ast.js";
import type { Helpers } from "./helpers.js";

type X = binaryen.ExpressionRef;

const c64 = (m: binaryen.Module, v: bigint): X => (m.i64.const as unknown as (v: bigint) => X)(BigInt.asIntN(64, v));

export function inlineArith(h: Helpers, tmp: (t: binaryen.Type) => number, op: ArithOp, int: IntKind, a: X, b: X): X | undefined {
  const m = h.mod;
  const wide = int.bits === 64;
  const ty = wide ? binaryen.i64 : binaryen.i32;
  if (wide && (op === "mul" || (int.signed && (op === "div" || op === "rem")))) return undefined;
  const la = tmp(ty), lb = tmp(ty);
  const A = () => m.local.get(la, ty), B = () => m.local.get(lb, ty);
  const code: X[] = [m.local.set(la, a), m.local.set(lb, b)];
  const overflow = (cond: X) => m.if(cond, h.panic(PanicCode.ArithmeticOverflow));
  const done = (v: X) => m.block(null, [...code, v], ty);

  if (op === "div" || op === "rem") {
    code.push(m.if(wide ? m.i64.eqz(B()) : m.i32.eqz(B()), h.panic(PanicCode.DivisionByZero)));
    if (wide) return done(op === "div" ? m.i64.div_u(A(), B()) : m.i64.rem_u(A(), B()));
    if (!int.signed) return done(op === "div" ? m.i32.div_u(A(), B()) : m.i32.rem_u(A(), B()));
    // Signed ≤ 32 bits. rem: |a % b| < |b|, always in range (and i32.rem_s(MIN, -1) = 0, no trap).
    if (op === "rem") return done(m.i32.rem_s(A(), B()));
    // div: only MIN / -1 leaves the range (and traps in i32.div_s at 32 bits).
    const min = -(2 ** (int.bits - 1));
    code.push(overflow(m.i32.and(m.i32.eq(A(), m.i32.const(min)), m.i32.eq(B(), m.i32.const(-1)))));
    return done(m.i32.div_s(A(), B()));
  }

  if (wide) {
    // 64-bit add/sub (mul returned above): the wrapped result, then the carry / sign test.
    const lr = tmp(ty);
    const R = () => m.local.get(lr, ty);
    code.push(m.local.set(lr, op === "add" ? m.i64.add(A(), B()) : m.i64.sub(A(), B())));
    const zero = c64(m, 0n);
    if (op === "add") code.push(overflow(int.signed ? m.i64.lt_s(m.i64.and(m.i64.xor(A(), R()), m.i64.xor(B(), R())), zero) : m.i64.lt_u(R(), A())));
    else code.push(overflow(int.signed ? m.i64.lt_s(m.i64.and(m.i64.xor(A(), B()), m.i64.xor(A(), R())), zero) : m.i64.lt_u(A(), B())));
    return done(R());
  }

  if (!int.signed) {
    const max = int.bits === 32 ? -1 : (1 << int.bits) - 1;
    if (op === "sub") {
      code.push(overflow(m.i32.lt_u(A(), B())));
      return done(m.i32.sub(A(), B()));
    }
    if (op === "add") {
      const lr = tmp(ty);
      const R = () => m.local.get(lr, ty);
      code.push(m.local.set(lr, m.i32.add(A(), B())));
      // 32 bits: a carry out makes the sum smaller than a; narrower: the exact sum fits i32.
      code.push(overflow(int.bits === 32 ? m.i32.lt_u(R(), A()) : m.i32.gt_u(R(), m.i32.const(max))));
      return done(R());
    }
    // mul
    if (int.bits <= 16) {
      // (2^16 - 1)^2 < 2^32: the exact product fits an unsigned i32.
      const lr = tmp(ty);
      const R = () => m.local.get(lr, ty);
      code.push(m.local.set(lr, m.i32.mul(A(), B())), overflow(m.i32.gt_u(R(), m.i32.const(max))));
      return done(R());
    }
    const lr = tmp(binaryen.i64);
    const R = () => m.local.get(lr, binaryen.i64);
    code.push(m.local.set(lr, m.i64.mul(m.i64.extend_u(A()), m.i64.extend_u(B()))));
    code.push(overflow(m.i64.ne(m.i64.shr_u(R(), c64(m, 32n)), c64(m, 0n))));
    return done(m.i32.wrap(R()));
  }

  // Signed ≤ 32 bits, add/sub/mul.
  if (int.bits <= 16) {
    // Exact in i32 (|a·b| ≤ 2^30); in range iff r + 2^(bits-1) ≤ 2^bits - 1 unsigned.
    const lr = tmp(ty);
    const R = () => m.local.get(lr, ty);
    code.push(m.local.set(lr, op === "add" ? m.i32.add(A(), B()) : op === "sub" ? m.i32.sub(A(), B()) : m.i32.mul(A(), B())));
    code.push(overflow(m.i32.gt_u(m.i32.add(R(), m.i32.const(1 << (int.bits - 1))), m.i32.const((1 << int.bits) - 1))));
    return done(R());
  }
  if (op === "mul") {
    // Exact in i64; in range iff sign-extending its low 32 bits gives it back.
    const lr = tmp(binaryen.i64);
    const R = () => m.local.get(lr, binaryen.i64);
    code.push(m.local.set(lr, m.i64.mul(m.i64.extend_s(A()), m.i64.extend_s(B()))));
    code.push(overflow(m.i64.ne(R(), m.i64.extend32_s(R()))));
    return done(m.i32.wrap(R()));
  }
  const lr = tmp(ty);
  const R = () => m.local.get(lr, ty);
  code.push(m.local.set(lr, op === "add" ? m.i32.add(A(), B()) : m.i32.sub(A(), B())));
  const zero = m.i32.const(0);
  code.push(overflow(op === "add"
    ? m.i32.lt_s(m.i32.and(m.i32.xor(A(), R()), m.i32.xor(B(), R())), zero)
    : m.i32.lt_s(m.i32.and(m.i32.xor(A(), B()), m.i32.xor(A(), R())), zero)));
  return done(R());
}

/**
 * A checked cast between integer types of at most 64 bits, inline (the `cast.*` helpers'
 * semantics: the same value in the target type, or Panic 0x21 when it does not fit).
 */
export function inlineCast(h: Helpers, tmp: (t: binaryen.Type) => number, from: IntKind, to: IntKind, a: X): X {
  const m = h.mod;
  const wideIn = from.bits === 64, wideOut = to.bits === 64;
  const tyIn = wideIn ? binaryen.i64 : binaryen.i32;
  const lv = tmp(tyIn);
  const V = () => m.local.get(lv, tyIn);
  const bad = (cond: X) => m.if(cond, h.panic(PanicCode.BadCast));
  const toMax = to.signed ? 2n ** BigInt(to.bits - 1) - 1n : 2n ** BigInt(to.bits) - 1n;
  const fits = from.signed === to.signed ? to.bits >= from.bits : !from.signed && to.signed && to.bits > from.bits;
  const code: X[] = [m.local.set(lv, a)];
  if (!fits) {
    if (!wideIn) {
      // v as an i32: zero-extended (unsigned) or sign-extended (signed).
      if (!from.signed || !to.signed) {
        // Unsigned source, or unsigned target: negative values read as huge unsigned ones.
        if (toMax < 0xffffffffn) code.push(bad(m.i32.gt_u(V(), m.i32.const(Number(toMax)))));
        else code.push(bad(m.i32.lt_s(V(), m.i32.const(0))));
      } else {
        // Signed to a narrower signed type: v + 2^(bits−1) must be below 2^bits.
        code.push(bad(m.i32.gt_u(m.i32.add(V(), m.i32.const(2 ** (to.bits - 1))), m.i32.const(2 ** to.bits - 1))));
      }
    } else if (!from.signed || !to.signed) {
      code.push(bad(toMax < (1n << 64n) - 1n ? m.i64.gt_u(V(), c64(m, toMax)) : m.i64.lt_s(V(), c64(m, 0n))));
    } else {
      code.push(bad(m.i64.gt_u(m.i64.add(V(), c64(m, 1n << BigInt(to.bits - 1))), c64(m, (1n << BigInt(to.bits)) - 1n))));
    }
  }
  let v: X = V();
  if (!wideIn && wideOut) v = from.signed ? m.i64.extend_s(v) : m.i64.extend_u(v);
  if (wideIn && !wideOut) v = m.i32.wrap(v);
  return m.block(null, [...code, v], wideOut ? binaryen.i64 : binaryen.i32);
}
