// Calls, returns, events and revert data against a loaded ABI (docs/abi.md §3–§5).
//
//   call input   = selector(fn) ‖ encode(inputs as a tuple)
//   return data  = encode(outputs as a tuple)           (one output: just that value)
//   event        = topics [topic(Event), indexed fields…] + data = encode(non-indexed fields)
//   revert data  = selector(Error) ‖ encode(fields)     (also Error(string) and Panic(u32))

import { sha256 } from "@noble/hashes/sha2.js";
import { decode, decodeTuple, encode, encodeTuple, type AbiValue } from "./codec.js";
import { AbiError } from "./errors.js";
import type { AbiErrorDef, AbiEvent, AbiFunction, ContractAbi } from "./schema.js";
import {
  bytesEqual, panicName, toHex, ERROR_STRING, ERROR_STRING_SELECTOR, PANIC, PANIC_SELECTOR, SELECTOR_BYTES, TOPIC_BYTES,
} from "./selector.js";
import { isWordType, minSize, type AbiField, type AbiType } from "./types.js";

/** Positional values, or an object keyed by parameter name. */
export type Args = readonly unknown[] | Readonly<Record<string, unknown>>;

function fn(abi: ContractAbi, name: string): AbiFunction {
  const f = abi.functions.get(name);
  if (!f) throw new AbiError("abi.unknown-function", `no function \`${name}\` (have: ${[...abi.functions.keys()].join(", ") || "none"})`);
  return f;
}

function positional(fields: readonly AbiField[], args: Args, path: string): unknown[] {
  if (Array.isArray(args)) {
    if (args.length !== fields.length) throw new AbiError("abi.arity", `expected ${fields.length} values, got ${args.length}`, { path });
    return args;
  }
  if (typeof args !== "object" || args === null) throw new AbiError("encode.bad-value", "expected an array or an object of values", { path });
  const named = args as Readonly<Record<string, unknown>>;
  for (const k of Object.keys(named)) if (!fields.some((f) => f.name === k)) throw new AbiError("encode.bad-value", `unknown parameter \`${k}\``, { path });
  return fields.map((f) => {
    if (!Object.hasOwn(named, f.name)) throw new AbiError("abi.arity", `missing parameter \`${f.name}\``, { path });
    return named[f.name];
  });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

// ── calls and returns ──────────────────────────────────────────────────────────────────────
export function encodeCall(abi: ContractAbi, fnName: string, args: Args): Uint8Array {
  const f = fn(abi, fnName);
  return concat(f.selector, encodeTuple(f.inputs.map((p) => p.type), positional(f.inputs, args, fnName), fnName));
}

/** The constructor's input (no selector: `init` is not dispatched by selector). */
export function encodeInit(abi: ContractAbi, args: Args): Uint8Array {
  const inputs = abi.init?.inputs ?? [];
  return encodeTuple(inputs.map((p) => p.type), positional(inputs, args, "init"), "init");
}

/** Which function a call input names, and its arguments. */
export function decodeCall(abi: ContractAbi, input: Uint8Array): { fn: AbiFunction; args: AbiValue[] } {
  if (input.length < SELECTOR_BYTES) throw new AbiError("decode.truncated", "call input shorter than a selector", { offset: input.length });
  const f = abi.functionsBySelector.get(toHex(input.subarray(0, SELECTOR_BYTES)));
  if (!f) throw new AbiError("decode.unknown-selector", `no function has selector ${toHex(input.subarray(0, SELECTOR_BYTES))}`, { offset: 0 });
  return { fn: f, args: decodeTuple(f.inputs.map((p) => p.type), input, SELECTOR_BYTES) };
}

export function encodeReturn(abi: ContractAbi, fnName: string, value: unknown): Uint8Array {
  const f = fn(abi, fnName);
  const types = f.outputs.map((p) => p.type);
  return types.length === 1 ? encode(types[0]!, value, "return") : encodeTuple(types, value as unknown[], "return");
}

/** Decodes return data: the value for one output, an array of values otherwise (`[]` for none). */
export function decodeReturn(abi: ContractAbi, fnName: string, bytes: Uint8Array): AbiValue | AbiValue[] {
  const f = fn(abi, fnName);
  const values = decodeTuple(f.outputs.map((p) => p.type), bytes);
  return f.outputs.length === 1 ? values[0]! : values;
}

// ── events ─────────────────────────────────────────────────────────────────────────────────
export interface EncodedEvent {
  readonly topics: Uint8Array[];
  readonly data: Uint8Array;
}

/** The topic word of an indexed value: a word type's encoding left-aligned and zero-padded to
 *  32 bytes; any other type's sha256(encoding). */
export function topicWord(t: AbiType, value: unknown, path = "value"): Uint8Array {
  const enc = encode(t, value, path);
  if (!isWordType(t)) return sha256(enc);
  const word = new Uint8Array(TOPIC_BYTES);
  word.set(enc);
  return word;
}

export function encodeEvent(abi: ContractAbi, eventName: string, args: Args): EncodedEvent {
  const e = abi.events.get(eventName);
  if (!e) throw new AbiError("abi.unknown-event", `no event \`${eventName}\``);
  const values = positional(e.fields, args, eventName);
  const topics: Uint8Array[] = [e.topic.slice()];
  const dataTypes: AbiType[] = [];
  const dataValues: unknown[] = [];
  e.fields.forEach((f, i) => {
    if (f.indexed) topics.push(topicWord(f.type, values[i], `${eventName}.${f.name}`));
    else dataTypes.push(f.type), dataValues.push(values[i]);
  });
  return { topics, data: encodeTuple(dataTypes, dataValues, eventName) };
}

export interface DecodedEvent {
  readonly event: AbiEvent;
  readonly name: string;
  /** Every field except hashed indexed ones, by name. */
  readonly values: Readonly<Record<string, AbiValue>>;
  /** Indexed fields of non-word types: only their sha256 is on chain. */
  readonly hashes: Readonly<Record<string, Uint8Array>>;
}

export function decodeEvent(abi: ContractAbi, topics: readonly Uint8Array[], data: Uint8Array): DecodedEvent {
  if (topics.length === 0) throw new AbiError("decode.truncated", "an event has at least topic 0", { path: "topics" });
  topics.forEach((t, i) => {
    if (t.length !== TOPIC_BYTES) throw new AbiError("decode.truncated", `a topic is ${TOPIC_BYTES} bytes, got ${t.length}`, { path: `topics[${i}]`, offset: 0 });
  });
  const e = abi.eventsByTopic.get(toHex(topics[0]!));
  if (!e) throw new AbiError("decode.unknown-selector", `no event has topic ${toHex(topics[0]!)}`, { path: "topics[0]" });
  const indexed = e.fields.filter((f) => f.indexed);
  if (topics.length !== 1 + indexed.length) {
    throw new AbiError(topics.length < 1 + indexed.length ? "decode.truncated" : "decode.trailing-bytes", `\`${e.name}\` has ${1 + indexed.length} topics, got ${topics.length}`, { path: "topics" });
  }
  const values: Record<string, AbiValue> = {};
  const hashes: Record<string, Uint8Array> = {};
  const set = (o: Record<string, unknown>, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  indexed.forEach((f, i) => {
    const word = topics[i + 1]!;
    if (!isWordType(f.type)) return set(hashes, f.name, word.slice());
    const width = minSize(f.type);
    const pad = word.subarray(width).findIndex((b) => b !== 0);
    if (pad >= 0) throw new AbiError("decode.bad-padding", `topic padding of \`${f.name}\` is not zero`, { path: `topics[${i + 1}]`, offset: width + pad });
    try {
      set(values, f.name, decode(f.type, word.subarray(0, width)));
    } catch (err) {
      if (err instanceof AbiError) throw new AbiError(err.code, err.detail, { path: `topics[${i + 1}]`, ...(err.offset !== undefined ? { offset: err.offset } : {}) });
      throw err;
    }
  });
  const plain = e.fields.filter((f) => !f.indexed);
  const decoded = decodeTuple(plain.map((f) => f.type), data);
  plain.forEach((f, i) => set(values, f.name, decoded[i]));
  return { event: e, name: e.name, values, hashes };
}

// ── revert data ────────────────────────────────────────────────────────────────────────────
export type DecodedRevert =
  | { readonly kind: "error"; readonly error: AbiErrorDef; readonly name: string; readonly values: Readonly<Record<string, AbiValue>> }
  | { readonly kind: "message"; readonly message: string }
  | { readonly kind: "panic"; readonly code: number; readonly name: string | undefined };

export function encodeError(abi: ContractAbi, errorName: string, args: Args): Uint8Array {
  const e = abi.errors.get(errorName);
  if (!e) throw new AbiError("abi.unknown-error", `no error \`${errorName}\``);
  return concat(e.selector, encodeTuple(e.fields.map((f) => f.type), positional(e.fields, args, errorName), errorName));
}

/** Revert data of `require(cond, "text")`. */
export function encodeErrorString(message: string): Uint8Array {
  return concat(ERROR_STRING_SELECTOR, encodeTuple(ERROR_STRING.types, [message], "Error"));
}

/** Revert data of a panic (see `PanicCode`). */
export function encodePanic(code: number): Uint8Array {
  return concat(PANIC_SELECTOR, encodeTuple(PANIC.types, [BigInt(code)], "Panic"));
}

/** Decodes revert data: one of the ABI's errors, `Error(string)` or `Panic(u32)`. `abi` may be
 *  omitted to decode only the built-in two. */
export function decodeError(abi: ContractAbi | undefined, bytes: Uint8Array): DecodedRevert {
  if (bytes.length < SELECTOR_BYTES) throw new AbiError("decode.truncated", "revert data shorter than a selector", { offset: bytes.length });
  const sel = bytes.subarray(0, SELECTOR_BYTES);
  if (bytesEqual(sel, ERROR_STRING_SELECTOR)) {
    return { kind: "message", message: decodeTuple(ERROR_STRING.types, bytes, SELECTOR_BYTES)[0] as string };
  }
  if (bytesEqual(sel, PANIC_SELECTOR)) {
    const code = Number(decodeTuple(PANIC.types, bytes, SELECTOR_BYTES)[0] as bigint);
    return { kind: "panic", code, name: panicName(code) };
  }
  const e = abi?.errorsBySelector.get(toHex(sel));
  if (!e) throw new AbiError("decode.unknown-selector", `no error has selector ${toHex(sel)}`, { offset: 0 });
  const decoded = decodeTuple(e.fields.map((f) => f.type), bytes, SELECTOR_BYTES);
  const values: Record<string, AbiValue> = {};
  e.fields.forEach((f, i) => Object.defineProperty(values, f.name, { value: decoded[i], enumerable: true, writable: true, configurable: true }));
  return { kind: "error", error: e, name: e.name, values };
}
