// Canonical ABI encoding and decoding (docs/abi.md §2) of simple values (repr.ts `isSimple`) as
// inline IR — stores into and loads from a buffer at static offsets — and the in-memory slots of
// members and items. Other values are encoded by the generated functions of codec.ts.

import { ERROR_STRING_SELECTOR } from "../../stdlib/abi/selector.js";
import type { Expr, Repr, Stmt } from "./ast.js";

export const i32 = (v: number | bigint): Expr => ({ k: "const", ty: "i32", value: BigInt(v) });
export const i64 = (v: number | bigint): Expr => ({ k: "const", ty: "i64", value: BigInt(v) });

/** The constant `v` in representation `r` (memory values become data: LE two's complement). */
export function intConst(r: Repr, v: bigint): Expr {
  if (r.kind === "scalar") return { k: "const", ty: r.ty, value: r.ty === "i32" ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v) };
  if (r.kind === "mem") {
    const bytes = new Uint8Array(r.size);
    let x = BigInt.asUintN(r.size * 8, v);
    for (let i = 0; i < r.size; i++, x >>= 8n) bytes[i] = Number(x & 0xffn);
    return { k: "data", bytes };
  }
  return i32(0);
}

/** Whether the encoding's length may depend on the value (`bytes`, `string`, `Vec`, tagged, complex). */
export function isVariable(r: Repr): boolean {
  return r.kind === "dyn" || r.kind === "vec" || (r.kind === "mem" && (r.option === true || r.noncanon === true));
}

/** Total size of fixed-size values (a variable one counts 0: its size is known at run time only). */
export function sizeOfFields(rs: Repr[]): number {
  return rs.reduce((n, r) => n + (r.kind === "unit" || isVariable(r) ? 0 : (r as { size: number }).size), 0);
}

/** The byte length of the canonical encoding of `v` (a pure expression: it may be read twice). */
export function encodedSize(v: Expr, r: Repr): Expr {
  if (r.kind === "dyn") {
    const n: Expr = { k: "load", ty: "i32", width: 4, signed: false, ptr: v, offset: 0 };
    return { k: "raw", op: "add", ty: "i32", a: r.unit === 1 ? n : { k: "raw", op: "mul", ty: "i32", a: n, b: i32(r.unit) }, b: i32(4) };
  }
  if (r.kind === "mem" && r.option && r.tags) return taggedSize({ k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 }, r.tags);
  if (r.kind === "mem" && r.option) {
    return { k: "ifx", ty: "i32", cond: { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 }, then: i32(r.size), else: i32(1) };
  }
  if (r.kind === "vec") throw new Error("encodedSize of a Vec: codec.ts encodes it");
  return i32(r.kind === "unit" ? 0 : r.size);
}

/** Writes the canonical encoding of `v` (a simple representation `r`, repr.ts `isSimple`) at ptr+offset. */
export function encodeStmts(ptr: Expr, offset: number, v: Expr, r: Repr): Stmt[] {
  if (r.kind === "unit") return [];
  if (r.kind === "scalar") return [{ k: "store", width: r.size as 1 | 2 | 4 | 8, ty: r.ty, ptr, offset, value: v }];
  return [{ k: "copy", dst: offset ? { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(offset) } : ptr, src: v, len: encodedSize(v, r) }];
}

/**
 * Reads a value of representation `r` from its in-memory slot at ptr+offset: a scalar is loaded,
 * a fixed memory value is a pointer into the slot, a `bytes`/`string`/`Vec` slot holds a pointer.
 * (For simple canonical values the slot is the canonical encoding, so this also decodes.)
 */
export function decodeExpr(ptr: Expr, offset: number, r: Repr): Expr {
  if (r.kind === "scalar") {
    return { k: "load", ty: r.ty, width: r.size as 1 | 2 | 4 | 8, signed: r.int?.signed ?? false, ptr, offset };
  }
  if (r.kind === "dyn" || r.kind === "vec") return { k: "load", ty: "i32", width: 4, signed: false, ptr, offset };
  return offset ? { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(offset) } : ptr;
}

/** Writes `v` into its in-memory slot at ptr+offset (the inverse of `decodeExpr`). */
export function storeSlot(ptr: Expr, offset: number, v: Expr, r: Repr): Stmt[] {
  if (r.kind === "unit") return [];
  if (r.kind === "scalar") return [{ k: "store", width: r.size as 1 | 2 | 4 | 8, ty: r.ty, ptr, offset, value: v }];
  if (r.kind === "dyn" || r.kind === "vec") return [{ k: "store", width: 4, ty: "i32", ptr, offset, value: v }];
  return [{ k: "copy", dst: offset ? { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(offset) } : ptr, src: v, len: i32(r.size) }];
}

/** u32 length (LE) ‖ the bytes: a `bytes` / `string` value known at compile time. */
export function lengthPrefixed(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length, true);
  out.set(b, 4);
  return out;
}

/** `Error(string)` revert data for a message known at compile time. */
export function errorData(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + message.length);
  out.set(ERROR_STRING_SELECTOR, 0);
  new DataView(out.buffer).setUint32(4, message.length, true);
  out.set(message, 8);
  return out;
}

export function revertError(_fx: unknown, message: Uint8Array): Stmt[] {
  const data = errorData(message);
  return [{ k: "revert", ptr: { k: "data", bytes: data }, len: i32(data.length) }];
}

/** 1 + tags[tag]: the encoded size of a tagged union with tag `tag` (a pure expression). */
export function taggedSize(tag: Expr, tags: number[]): Expr {
  let e: Expr = i32(1 + tags[tags.length - 1]!);
  for (let i = tags.length - 2; i >= 0; i--) {
    if (tags[i] === tags[i + 1] && e.k === "const") continue;
    e = { k: "ifx", ty: "i32", cond: { k: "raw", op: "eq", ty: "i32", a: tag, b: i32(i) }, then: i32(1 + tags[i]!), else: e };
  }
  return e;
}
