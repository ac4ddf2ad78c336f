// Canonical ABI encoding and decoding (docs/abi.md §2) of the fixed-size values lowering
// supports, as IR: stores into and loads from a buffer at static offsets.

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

export function sizeOfFields(rs: Repr[]): number {
  return rs.reduce((n, r) => n + (r.kind === "unit" ? 0 : r.size), 0);
}

/** Writes the canonical encoding of `v` (representation `r`) at ptr+offset. */
export function encodeStmts(ptr: Expr, offset: number, v: Expr, r: Repr): Stmt[] {
  if (r.kind === "unit") return [];
  if (r.kind === "scalar") return [{ k: "store", width: r.size as 1 | 2 | 4 | 8, ty: r.ty, ptr, offset, value: v }];
  return [{ k: "copy", dst: offset ? { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(offset) } : ptr, src: v, len: i32(r.size) }];
}

/** Reads a value of representation `r` at ptr+offset (memory values point into the buffer). */
export function decodeExpr(ptr: Expr, offset: number, r: Repr): Expr {
  if (r.kind === "scalar") {
    return { k: "load", ty: r.ty, width: r.size as 1 | 2 | 4 | 8, signed: r.int?.signed ?? false, ptr, offset };
  }
  return offset ? { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(offset) } : ptr;
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
