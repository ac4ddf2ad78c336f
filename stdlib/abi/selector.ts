// Selectors, event topics, and the two built-in errors (docs/abi.md §3–§5).
//
// selector(sig)   = sha256(utf8(sig))[0..4]            — functions, errors, and events
// eventTopic(sig) = sha256(utf8(sig))                  — topic 0 of an event, all 32 bytes
// The first four bytes of an event's topic 0 are its selector, so one rule names everything;
// topic 0 keeps the whole hash because a topic is a 32-byte word anyway and log filters then
// have 256 bits to tell events apart rather than 32.

import { sha256 } from "@noble/hashes/sha2.js";
import { AbiError } from "./errors.js";
import { signature, string, u32, type AbiType } from "./types.js";

export const SELECTOR_BYTES = 4;
export const TOPIC_BYTES = 32;

const utf8 = new TextEncoder();

export function selector(sig: string): Uint8Array {
  return sha256(utf8.encode(sig)).slice(0, SELECTOR_BYTES);
}

export function eventTopic(sig: string): Uint8Array {
  return sha256(utf8.encode(sig));
}

/** `0x`-prefixed lowercase hex. */
export function toHex(b: Uint8Array): string {
  let s = "0x";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Parses `0x`-prefixed hex with an even number of digits (either case). */
export function fromHex(hex: string, path = "hex"): Uint8Array {
  if (typeof hex !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) {
    throw new AbiError("encode.bad-value", `expected 0x-prefixed hex with an even number of digits`, { path });
  }
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export function selectorHex(sig: string): string {
  return toHex(selector(sig));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ── built-in errors ────────────────────────────────────────────────────────────────────────
/** Revert data of `require(cond, "text")` and `revert("text")`: selector("Error(string)") + string. */
export const ERROR_STRING = Object.freeze({ name: "Error", types: Object.freeze([string]) as readonly AbiType[] });
/** Revert data of a failed `assert` or checked operation: selector("Panic(u32)") + u32 code. */
export const PANIC = Object.freeze({ name: "Panic", types: Object.freeze([u32]) as readonly AbiType[] });
export const ERROR_STRING_SIGNATURE = signature(ERROR_STRING.name, ERROR_STRING.types); // "Error(string)"
export const PANIC_SIGNATURE = signature(PANIC.name, PANIC.types); // "Panic(u32)"
export const ERROR_STRING_SELECTOR = selector(ERROR_STRING_SIGNATURE);
export const PANIC_SELECTOR = selector(PANIC_SIGNATURE);

/**
 * Panic codes (the u32 of `Panic(u32)`). The numbers follow Solidity's where the meaning is the
 * same, so tools and auditors recognise them; gaps are reserved for later codes.
 */
export const PanicCode = Object.freeze({
  /** `assert(cond)` failed: a bug in the contract, distinct from a revert. */
  AssertFailed: 0x01,
  /** Checked `+ - * **` or unary minus overflowed or underflowed. */
  ArithmeticOverflow: 0x11,
  /** `/` or `%` by zero. */
  DivisionByZero: 0x12,
  /** An `as` conversion out of the target's range, or a byte that is not a valid enum tag. */
  BadCast: 0x21,
  /** An index outside a fixed array, Vec or storage Vec (also `pop` of an empty Vec). */
  IndexOutOfBounds: 0x32,
  /** The call's memory is exhausted: an allocation would pass the VM's memory cap. */
  OutOfMemory: 0x41,
});
export type PanicCode = (typeof PanicCode)[keyof typeof PanicCode];

const PANIC_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(PanicCode).map(([k, v]) => [v, k]));

/** The name of a panic code (`ArithmeticOverflow`), or undefined for a code this table lacks. */
export function panicName(code: number): string | undefined {
  return PANIC_NAMES.get(code);
}
