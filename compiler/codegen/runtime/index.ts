// The Wasm-side runtime for 128- and 256-bit integers (docs/codegen-runtime.md), emitted into a
// binaryen module on demand: codegen asks for a function by its runtime name and gets back the
// Wasm name to call; each function (and what it calls) is added at most once per module.
//
// Values live in linear memory as 16/32 bytes little-endian (two's complement when signed)
// and are passed by i32 pointer. Linear memory [64, 256) is the runtime's scratch region.

import type binaryen from "binaryen";
import { genArith, genDiv, type ArithMode, type ArithOp, type DivMode } from "./arith.js";
import { genBitwise, genCompare, genIsZero, genNeg, genShift } from "./bits.js";
import type { Rt, Sign } from "./common.js";
import { genCast, genFromI64, genPanic, genToI64 } from "./convert.js";

export { SCRATCH_START, SCRATCH_END, PANIC_BUF, WIDE_BUF } from "./common.js";
export { REVERT_IMPORT, requireRevertImport } from "./convert.js";

/** Prefix of every runtime function's Wasm name: runtime `u256.add` is Wasm `$rt.u256.add`. */
export const RUNTIME_PREFIX = "rt.";

type Gen = (mod: binaryen.Module, rt: Rt, wasmName: string) => void;

const ARITH: Record<string, [ArithOp, ArithMode]> = {
  add: ["add", "checked"], sub: ["sub", "checked"], mul: ["mul", "checked"],
  wrapping_add: ["add", "wrapping"], wrapping_sub: ["sub", "wrapping"], wrapping_mul: ["mul", "wrapping"],
  saturating_add: ["add", "saturating"], saturating_sub: ["sub", "saturating"], saturating_mul: ["mul", "saturating"],
  checked_add: ["add", "try"], checked_sub: ["sub", "try"], checked_mul: ["mul", "try"],
};
const DIV: Record<string, DivMode> = { div: "div", rem: "rem", checked_div: "try_div" };

/** The operations available for each `${s}${W}` prefix. */
export const WIDE_OPS: readonly string[] = Object.freeze([
  ...Object.keys(ARITH), ...Object.keys(DIV),
  "eq", "lt", "le", "is_zero", "and", "or", "xor", "not", "shl", "shr", "neg",
]);

/** Every runtime function name requireRuntime accepts, in a fixed order. */
export function runtimeNames(): string[] {
  const out: string[] = ["panic", "int.cast", "int.from_i64", "int.to_i64"];
  for (const s of ["u", "i"]) for (const w of [128, 256]) for (const op of WIDE_OPS) out.push(`${s}${w}.${op}`);
  return out;
}

function generatorFor(name: string): Gen | undefined {
  switch (name) {
    case "panic": return (mod, _rt, n) => genPanic(mod, n);
    case "int.cast": return (mod, rt, n) => genCast(mod, rt, n);
    case "int.from_i64": return (mod, _rt, n) => genFromI64(mod, n);
    case "int.to_i64": return (mod, _rt, n) => genToI64(mod, n);
  }
  const match = /^([ui])(128|256)\.([a-z_]+)$/.exec(name);
  if (!match) return undefined;
  const s = match[1] as Sign;
  const W = Number(match[2]);
  const op = match[3];
  if (Object.hasOwn(ARITH, op)) {
    const [aop, mode] = ARITH[op];
    return (mod, rt, n) => genArith(mod, rt, n, s, W, aop, mode);
  }
  if (Object.hasOwn(DIV, op)) return (mod, rt, n) => genDiv(mod, rt, n, s, W, DIV[op]);
  switch (op) {
    case "eq": case "lt": case "le": return (mod, _rt, n) => genCompare(mod, n, s, W, op);
    case "is_zero": return (mod, _rt, n) => genIsZero(mod, n, W);
    case "and": case "or": case "xor": case "not": return (mod, _rt, n) => genBitwise(mod, n, W, op);
    case "shl": case "shr": return (mod, _rt, n) => genShift(mod, n, s, W, op);
    case "neg": return (mod, rt, n) => genNeg(mod, rt, n, s, W);
  }
  return undefined;
}

const added = new WeakMap<binaryen.Module, Set<string>>();

/**
 * Ensures the runtime function `name` (and its dependencies, e.g. `panic` and the `silk.revert`
 * import) exists in `mod`, and returns the Wasm function name to call. Functions are added in
 * the order first requested, so the same sequence of requests gives the same module bytes.
 * An unknown name is a compiler bug and throws.
 */
export function requireRuntime(mod: binaryen.Module, name: string): string {
  let set = added.get(mod);
  if (!set) added.set(mod, (set = new Set()));
  const wasmName = RUNTIME_PREFIX + name;
  if (set.has(name)) return wasmName;
  const gen = generatorFor(name);
  if (!gen) throw new Error(`unknown runtime function '${name}'`);
  set.add(name);
  gen(mod, (dep) => requireRuntime(mod, dep), wasmName);
  return wasmName;
}
