// Integer numerics of the reference interpreter (spec §4.3.2 "Integer Operations").
// i32 values are signed JS numbers in [-2^31, 2^31); i64 values are signed bigints in
// [-2^63, 2^63). Every function here takes and returns values in that canonical form, so
// the interpreter never has to normalise a value after an operation.

import { Trap } from "../types.js";

const I32_MIN = -0x80000000;
const I64_MIN = -(1n << 63n);
const MASK32 = 0xffffffffn;

// ---- i32 ----

/** ctz via the lowest set bit: x & -x isolates it, clz32 locates it (spec §4.3.2 ictz). */
export function i32Ctz(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** Population count by the classic SWAR reduction (spec §4.3.2 ipopcnt). */
export function i32Popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** idiv_s: traps on a zero divisor, and on INT_MIN / -1 whose result is not representable. */
export function i32DivS(a: number, b: number): number {
  if (b === 0) throw new Trap("div_by_zero");
  if (a === I32_MIN && b === -1) throw new Trap("int_overflow");
  // |a|, |b| < 2^31, so the double quotient truncates to the exact integer quotient.
  return (a / b) | 0;
}

export function i32DivU(a: number, b: number): number {
  if (b === 0) throw new Trap("div_by_zero");
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** irem_s: the sign follows the dividend, as JS `%`; INT_MIN rem -1 is 0 (no trap). */
export function i32RemS(a: number, b: number): number {
  if (b === 0) throw new Trap("div_by_zero");
  return (a % b) | 0; // `| 0` also turns the -0 of INT_MIN % -1 into 0
}

export function i32RemU(a: number, b: number): number {
  if (b === 0) throw new Trap("div_by_zero");
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** Rotations take the count modulo 32 (JS shifts already mask it to 5 bits). */
export function i32Rotl(a: number, b: number): number {
  return (a << b) | (a >>> (32 - (b & 31)));
}

export function i32Rotr(a: number, b: number): number {
  return (a >>> b) | (a << (32 - (b & 31)));
}

// ---- i64 ----

export function wrap64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

export function u64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}

/** Low and high 32-bit halves of an i64, each as an unsigned-in-int32 JS number. */
function lo32(x: bigint): number {
  return Number(x & MASK32) | 0;
}
function hi32(x: bigint): number {
  return Number((x >> 32n) & MASK32) | 0;
}

export function i64Clz(x: bigint): bigint {
  const hi = hi32(x);
  return BigInt(hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo32(x)));
}

export function i64Ctz(x: bigint): bigint {
  const lo = lo32(x);
  return BigInt(lo !== 0 ? i32Ctz(lo) : 32 + i32Ctz(hi32(x)));
}

export function i64Popcnt(x: bigint): bigint {
  return BigInt(i32Popcnt(lo32(x)) + i32Popcnt(hi32(x)));
}

export function i64DivS(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap("div_by_zero");
  if (a === I64_MIN && b === -1n) throw new Trap("int_overflow");
  return a / b; // bigint division truncates toward zero, as idiv_s
}

export function i64DivU(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap("div_by_zero");
  return wrap64(u64(a) / u64(b));
}

export function i64RemS(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap("div_by_zero");
  return a % b; // sign of the dividend; I64_MIN % -1n is 0n
}

export function i64RemU(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Trap("div_by_zero");
  return wrap64(u64(a) % u64(b));
}

export function i64Shl(a: bigint, b: bigint): bigint {
  return wrap64(a << (b & 63n));
}

/** Arithmetic shift of the signed value is exactly ishr_s. */
export function i64ShrS(a: bigint, b: bigint): bigint {
  return a >> (b & 63n);
}

export function i64ShrU(a: bigint, b: bigint): bigint {
  return wrap64(u64(a) >> (b & 63n));
}

export function i64Rotl(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  const u = u64(a);
  return wrap64((u << k) | (u >> (64n - k)));
}

export function i64Rotr(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  const u = u64(a);
  return wrap64((u >> k) | (u << (64n - k)));
}

export function i64LtU(a: bigint, b: bigint): boolean {
  return u64(a) < u64(b);
}
