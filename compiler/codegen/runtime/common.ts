// Shared pieces of the runtime generators: the requirement callback, panic codes, the
// scratch region, and the call that ends execution with a panic.

import { PanicCode } from "../../../stdlib/abi/selector.js";
import { Fn, T, type X } from "./builder.js";

/** Ensures a runtime function exists in the module being built and returns its Wasm name. */
export type Rt = (name: string) => string;
export type Sign = "u" | "i";

export const PANIC_ARITHMETIC_OVERFLOW: number = PanicCode.ArithmeticOverflow; // 0x11
export const PANIC_DIVISION_BY_ZERO: number = PanicCode.DivisionByZero; // 0x12
export const PANIC_BAD_CAST: number = PanicCode.BadCast; // 0x21

/**
 * Linear memory [64, 256) belongs to the runtime; generated code must not keep data there.
 * - [64, 72): revert data of a panic (selector of `Panic(u32)` ‖ u32 LE code);
 * - [96, 128): the 32-byte widening buffer of `int.cast`, `int.from_i64`, `int.to_i64`;
 * - the rest is reserved for later runtime functions.
 */
export const SCRATCH_START = 64;
export const SCRATCH_END = 256;
export const PANIC_BUF = 64;
export const WIDE_BUF = 96;

/** `panic(code); unreachable` as one expression. */
export function panicCall(f: Fn, rt: Rt, code: number): X {
  const m = f.mod;
  return m.block(null, [m.call(rt("panic"), [m.i32.const(code)], T.none), m.unreachable()]);
}
