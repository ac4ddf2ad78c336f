// The colder stack operators (spec §4.4.1 numeric instructions): i64 tests, comparisons
// and arithmetic, conversions and sign extension. The i32 operators, the hot path of real
// contracts, are cases of the interpreter's own switch (exec.ts); everything here is one
// direct call away from it. (A table of closures, one per operator, was measurably slower
// on a loop benchmark: the call through it is megamorphic.)
//
// Operands are read from the top of the value stack `vs` below `sp`; the result replaces
// the first operand. Casts are the operand types validation guarantees (spec §3.3).

import type { Value } from "../types.js";
import {
  i64Clz, i64Ctz, i64DivS, i64DivU, i64LtU, i64Popcnt, i64RemS, i64RemU,
  i64Rotl, i64Rotr, i64Shl, i64ShrS, i64ShrU, wrap64,
} from "./numeric.js";

const b2i = (c: boolean): number => (c ? 1 : 0);

/**
 * Apply operator `op` to the top of the stack and return the new stack pointer.
 * Throws Trap for div_by_zero / int_overflow; throws Error for an opcode that is not an operator.
 */
export function applyOperator(op: number, vs: Value[], sp: number): number {
  if (op <= 0x66 || (op >= 0xa7 && op <= 0xad) || op >= 0xc0) {
    // Unary operators (tests, conversions, sign extension) and i64 comparisons.
    switch (op) {
      case 0x50: vs[sp - 1] = b2i(vs[sp - 1] === 0n); return sp; // i64.eqz
      case 0xa7: vs[sp - 1] = Number(BigInt.asIntN(32, vs[sp - 1] as bigint)); return sp; // i32.wrap_i64
      case 0xac: vs[sp - 1] = BigInt(vs[sp - 1] as number); return sp; // i64.extend_i32_s
      case 0xad: vs[sp - 1] = BigInt((vs[sp - 1] as number) >>> 0); return sp; // i64.extend_i32_u
      case 0xc0: vs[sp - 1] = ((vs[sp - 1] as number) << 24) >> 24; return sp; // i32.extend8_s
      case 0xc1: vs[sp - 1] = ((vs[sp - 1] as number) << 16) >> 16; return sp; // i32.extend16_s
      case 0xc2: vs[sp - 1] = BigInt.asIntN(8, vs[sp - 1] as bigint); return sp; // i64.extend8_s
      case 0xc3: vs[sp - 1] = BigInt.asIntN(16, vs[sp - 1] as bigint); return sp; // i64.extend16_s
      case 0xc4: vs[sp - 1] = BigInt.asIntN(32, vs[sp - 1] as bigint); return sp; // i64.extend32_s
    }
    if (op >= 0x51 && op <= 0x5a) { // i64 comparisons, results are i32
      const b = vs[sp - 1] as bigint;
      const a = vs[sp - 2] as bigint;
      let r: boolean;
      switch (op) {
        case 0x51: r = a === b; break; // eq
        case 0x52: r = a !== b; break; // ne
        case 0x53: r = a < b; break; // lt_s
        case 0x54: r = i64LtU(a, b); break; // lt_u
        case 0x55: r = a > b; break; // gt_s
        case 0x56: r = i64LtU(b, a); break; // gt_u
        case 0x57: r = a <= b; break; // le_s
        case 0x58: r = !i64LtU(b, a); break; // le_u
        case 0x59: r = a >= b; break; // ge_s
        default: r = !i64LtU(a, b); // 0x5a ge_u
      }
      vs[sp - 2] = b2i(r);
      return sp - 1;
    }
    throw new Error(`interp: 0x${op.toString(16)} is not an integer operator`);
  }

  if (op >= 0x79 && op <= 0x8a) { // i64 arithmetic; bitwise ops on signed bigints stay in range
    if (op <= 0x7b) {
      const a = vs[sp - 1] as bigint;
      vs[sp - 1] = op === 0x79 ? i64Clz(a) : op === 0x7a ? i64Ctz(a) : i64Popcnt(a);
      return sp;
    }
    const b = vs[sp - 1] as bigint;
    const a = vs[sp - 2] as bigint;
    let r: bigint;
    switch (op) {
      case 0x7c: r = wrap64(a + b); break; // add
      case 0x7d: r = wrap64(a - b); break; // sub
      case 0x7e: r = wrap64(a * b); break; // mul
      case 0x7f: r = i64DivS(a, b); break;
      case 0x80: r = i64DivU(a, b); break;
      case 0x81: r = i64RemS(a, b); break;
      case 0x82: r = i64RemU(a, b); break;
      case 0x83: r = a & b; break;
      case 0x84: r = a | b; break;
      case 0x85: r = a ^ b; break;
      case 0x86: r = i64Shl(a, b); break;
      case 0x87: r = i64ShrS(a, b); break;
      case 0x88: r = i64ShrU(a, b); break;
      case 0x89: r = i64Rotl(a, b); break;
      default: r = i64Rotr(a, b); // 0x8a
    }
    vs[sp - 2] = r;
    return sp - 1;
  }
  throw new Error(`interp: 0x${op.toString(16)} is not an integer operator`);
}
