// Small deterministic encodings used at the host boundary: u256 as 32 bytes little-endian
// (DESIGN §4), unsigned views of i32 arguments, and checked memory ranges.

import { Trap, type Value } from "../engine/types.js";

export const U256_MAX = (1n << 256n) - 1n;

export function u256ToBytes(x: bigint): Uint8Array {
  if (x < 0n || x > U256_MAX) throw new RangeError("u256 out of range");
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

export function bytesToU256(b: Uint8Array): bigint {
  if (b.length !== 32) throw new RangeError("u256 needs 32 bytes");
  let x = 0n;
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(b[i]);
  return x;
}

/** An i32 argument as an unsigned 32-bit number (pointers and lengths). */
export function u32(v: Value): number {
  return Number(v) >>> 0;
}

/** The i64 argument as an unsigned 64-bit bigint (gas amounts). */
export function u64(v: Value): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

/** Slice [offset, offset+len) of `data`, or Trap("host_error") when it does not fit. */
export function sliceChecked(data: Uint8Array, offset: number, len: number): Uint8Array {
  if (offset + len > data.length) throw new Trap("host_error", "range beyond data");
  return data.subarray(offset, offset + len);
}

/**
 * Encode an export's Wasm results as return data: each value little-endian at its width
 * (i32 → 4 bytes, i64 → 8 bytes), concatenated in order. Engines hand i32 as number and
 * i64 as bigint, so the JS type says the width.
 */
export function encodeResults(values: readonly Value[]): Uint8Array {
  let len = 0;
  for (const v of values) len += typeof v === "bigint" ? 8 : 4;
  const out = new Uint8Array(len);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const v of values) {
    if (typeof v === "bigint") {
      view.setBigUint64(at, BigInt.asUintN(64, v), true);
      at += 8;
    } else {
      view.setUint32(at, v >>> 0, true);
      at += 4;
    }
  }
  return out;
}
