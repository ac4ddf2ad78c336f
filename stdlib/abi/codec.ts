// The canonical binary encoding (DESIGN §4, docs/abi.md §2).
//
//   bool            1 byte, 0 or 1
//   uN / iN         N/8 bytes, little-endian; signed as two's complement
//   address/bytes32 32 bytes
//   bytes / string  u32 length (LE) + the bytes (string: well-formed UTF-8)
//   [T; N]          N items, no length
//   Vec<T>          u32 count (LE) + items
//   tuple / struct  fields in order, no padding
//   enum            u8 tag (variant index in declaration order) + payload fields in order
//   Option<T>       tag 0 = None | tag 1 + T;   Result<T,E>: tag 0 + T (Ok) | tag 1 + E (Err)
//
// Decoding is strict and total: every byte string either decodes to the one value that encodes to
// exactly it, or throws an AbiError with a code and the byte offset; nothing else escapes.

import { AbiError } from "./errors.js";
import { checkType, minSize, type AbiField, type AbiType, type VariantPayload } from "./types.js";

/** JS form of ABI values: bigint, boolean, Uint8Array (address, bytes32, bytes), string, arrays
 *  (fixed arrays, Vec, tuples, tuple payloads), objects (structs) and `{ tag, value? }` (enums,
 *  Option as None/Some, Result as Ok/Err). */
export type AbiValue = boolean | bigint | string | Uint8Array | readonly AbiValue[] | AbiStructValue | AbiEnumValue;
export interface AbiStructValue {
  readonly [field: string]: AbiValue;
}
export interface AbiEnumValue {
  readonly tag: string;
  readonly value?: AbiValue;
}

/** Deepest nesting of composite values the codec handles (recursive types through Vec). */
export const MAX_DEPTH = 128;
/** Longest Vec of zero-sized items (e.g. `Vec<()>`); any other Vec is bounded by its bytes. */
export const MAX_ZERO_SIZED_ITEMS = 1 << 16;
const U32_LIMIT = 2 ** 32;

const OPTION_TAGS = ["None", "Some"] as const;
const RESULT_TAGS = ["Ok", "Err"] as const;

const CHECKED = new WeakSet<AbiType>();
/** Types are checked once (`checkType`) the first time the codec sees them. */
export function ensureChecked(t: AbiType): void {
  if (CHECKED.has(t)) return;
  checkType(t);
  CHECKED.add(t);
}

// ── encoding ───────────────────────────────────────────────────────────────────────────────
class Writer {
  private buf = new Uint8Array(64);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  u32(n: number): void {
    this.room(4);
    for (let i = 0; i < 4; i++) this.buf[this.length++] = (n >>> (8 * i)) & 0xff;
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /\p{Cs}/u;

/** Encodes `value` as type `t`. Throws `encode.*` AbiErrors naming the path inside the value. */
export function encode(t: AbiType, value: unknown, path = "value"): Uint8Array {
  ensureChecked(t);
  const w = new Writer();
  put(w, t, value, path, 0);
  return w.finish();
}

/** Encodes values as the fields of a tuple (call arguments, event data, error fields). */
export function encodeTuple(types: readonly AbiType[], values: readonly unknown[], path = "args"): Uint8Array {
  types.forEach(ensureChecked);
  if (!Array.isArray(values) || values.length !== types.length) {
    throw new AbiError("encode.bad-value", `expected ${types.length} values`, { path });
  }
  const w = new Writer();
  types.forEach((t, i) => put(w, t, values[i], `${path}[${i}]`, 0));
  return w.finish();
}

function badValue(path: string, want: string, got: unknown): never {
  const shown = typeof got === "bigint" ? `${got}n` : got instanceof Uint8Array ? `Uint8Array(${got.length})` : Array.isArray(got) ? `array(${got.length})` : typeof got;
  throw new AbiError("encode.bad-value", `expected ${want}, got ${shown}`, { path });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function put(w: Writer, t: AbiType, v: unknown, path: string, depth: number): void {
  switch (t.kind) {
    case "bool":
      if (typeof v !== "boolean") badValue(path, "a boolean", v);
      return w.byte(v ? 1 : 0);
    case "int": {
      if (typeof v !== "bigint") badValue(path, "a bigint", v);
      const bits = BigInt(t.bits);
      const [min, max] = t.signed ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
      if (v < min || v > max) throw new AbiError("encode.out-of-range", `${v} does not fit ${t.signed ? "i" : "u"}${t.bits}`, { path });
      let x = v < 0n ? v + (1n << bits) : v;
      for (let i = 0; i < t.bits / 8; i++, x >>= 8n) w.byte(Number(x & 0xffn));
      return;
    }
    case "address":
    case "bytes32":
      if (!(v instanceof Uint8Array)) badValue(path, "a Uint8Array", v);
      if (v.length !== 32) throw new AbiError("encode.out-of-range", `${t.kind} is 32 bytes, got ${v.length}`, { path });
      return w.bytes(v);
    case "bytes":
      if (!(v instanceof Uint8Array)) badValue(path, "a Uint8Array", v);
      putLength(w, v.length, path);
      return w.bytes(v);
    case "string": {
      if (typeof v !== "string") badValue(path, "a string", v);
      if (LONE_SURROGATE.test(v)) throw new AbiError("encode.bad-string", "string has a lone surrogate (not encodable as UTF-8)", { path });
      const b = utf8.encode(v);
      putLength(w, b.length, path);
      return w.bytes(b);
    }
    case "array":
      if (!Array.isArray(v)) badValue(path, `an array of ${t.len}`, v);
      if (v.length !== t.len) throw new AbiError("encode.bad-value", `expected ${t.len} items, got ${v.length}`, { path });
      deeper(depth, path);
      return v.forEach((x, i) => put(w, t.elem, x, `${path}[${i}]`, depth + 1));
    case "vec":
      if (!Array.isArray(v)) badValue(path, "an array", v);
      if (minSize(t.elem) === 0 && v.length > MAX_ZERO_SIZED_ITEMS) {
        throw new AbiError("encode.too-many-items", `a Vec of zero-sized items holds at most ${MAX_ZERO_SIZED_ITEMS}`, { path });
      }
      putLength(w, v.length, path);
      deeper(depth, path);
      return v.forEach((x, i) => put(w, t.elem, x, `${path}[${i}]`, depth + 1));
    case "tuple":
      if (!Array.isArray(v)) badValue(path, `a tuple (array) of ${t.elems.length}`, v);
      if (v.length !== t.elems.length) throw new AbiError("encode.bad-value", `expected ${t.elems.length} items, got ${v.length}`, { path });
      deeper(depth, path);
      return t.elems.forEach((e, i) => put(w, e, v[i], `${path}[${i}]`, depth + 1));
    case "struct":
      deeper(depth, path);
      return putFields(w, t.fields, v, path, depth + 1);
    case "enum": {
      const { index, value } = enumParts(t.variants.map((x) => x.name), v, path);
      deeper(depth, path);
      w.byte(index);
      return putPayload(w, t.variants[index]!.payload, value, `${path}.value`, depth + 1);
    }
    case "option": {
      const { index, value } = enumParts(OPTION_TAGS, v, path);
      deeper(depth, path);
      w.byte(index);
      if (index === 1) put(w, t.inner, value, `${path}.value`, depth + 1);
      else noPayload(value, path);
      return;
    }
    case "result": {
      const { index, value } = enumParts(RESULT_TAGS, v, path);
      deeper(depth, path);
      w.byte(index);
      return put(w, index === 0 ? t.ok : t.err, value, `${path}.value`, depth + 1);
    }
  }
}

function deeper(depth: number, path: string): void {
  if (depth >= MAX_DEPTH) throw new AbiError("encode.too-deep", `nesting deeper than ${MAX_DEPTH}`, { path });
}

function putLength(w: Writer, n: number, path: string): void {
  if (n >= U32_LIMIT) throw new AbiError("encode.out-of-range", `length ${n} does not fit u32`, { path });
  w.u32(n);
}

function putFields(w: Writer, fields: readonly AbiField[], v: unknown, path: string, depth: number): void {
  if (!isPlainObject(v)) badValue(path, "an object", v);
  const names = new Set(fields.map((f) => f.name));
  for (const k of Object.keys(v)) if (!names.has(k)) throw new AbiError("encode.bad-value", `unknown field \`${k}\``, { path });
  for (const f of fields) {
    if (!Object.hasOwn(v, f.name)) throw new AbiError("encode.bad-value", `missing field \`${f.name}\``, { path });
    put(w, f.type, v[f.name], `${path}.${f.name}`, depth);
  }
}

function putPayload(w: Writer, p: VariantPayload | undefined, value: unknown, path: string, depth: number): void {
  if (p === undefined) return noPayload(value, path);
  if (p.kind === "struct") return putFields(w, p.fields, value, path, depth);
  if (!Array.isArray(value)) badValue(path, `a tuple payload (array) of ${p.elems.length}`, value);
  if (value.length !== p.elems.length) throw new AbiError("encode.bad-value", `expected ${p.elems.length} payload items, got ${value.length}`, { path });
  p.elems.forEach((e, i) => put(w, e, value[i], `${path}[${i}]`, depth));
}

function noPayload(value: unknown, path: string): void {
  if (value !== undefined) throw new AbiError("encode.bad-value", "this variant has no payload", { path });
}

function enumParts(tags: readonly string[], v: unknown, path: string): { index: number; value: unknown } {
  if (!isPlainObject(v) || typeof v.tag !== "string") return badValue(path, `{ tag: ${tags.join(" | ")}, value? }`, v);
  for (const k of Object.keys(v)) if (k !== "tag" && k !== "value") throw new AbiError("encode.bad-value", `unknown enum key \`${k}\``, { path });
  const index = tags.indexOf(v.tag);
  if (index < 0) throw new AbiError("encode.bad-value", `unknown variant \`${v.tag}\` (one of ${tags.join(", ")})`, { path });
  return { index, value: v.value };
}

// ── decoding ───────────────────────────────────────────────────────────────────────────────
class Reader {
  constructor(readonly bytes: Uint8Array, public pos: number) {}
  need(n: number, what: string): void {
    const left = this.bytes.length - this.pos;
    if (n > left) throw new AbiError("decode.truncated", `${what} needs ${n} bytes, ${left} left`, { offset: this.pos });
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    return this.bytes.slice(this.pos, (this.pos += n));
  }
  byte(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.bytes, p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }
}

/** Decodes exactly `bytes[start..]` as `t`; offsets in errors are offsets into `bytes`. */
export function decode(t: AbiType, bytes: Uint8Array, start = 0): AbiValue {
  ensureChecked(t);
  const r = new Reader(bytes, start);
  const v = get(r, t, 0);
  end(r);
  return v;
}

/** Decodes exactly `bytes[start..]` as consecutive values of `types`. */
export function decodeTuple(types: readonly AbiType[], bytes: Uint8Array, start = 0): AbiValue[] {
  types.forEach(ensureChecked);
  const r = new Reader(bytes, start);
  const out = types.map((t) => get(r, t, 0));
  end(r);
  return out;
}

function end(r: Reader): void {
  if (r.pos !== r.bytes.length) throw new AbiError("decode.trailing-bytes", `${r.bytes.length - r.pos} bytes after the value`, { offset: r.pos });
}

/** Reads one integer of `bits` at the reader's position. */
function getInt(r: Reader, signed: boolean, bits: number): bigint {
  const n = bits / 8;
  r.need(n, `u${bits}`);
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 8n) | BigInt(r.bytes[r.pos + i]!);
  r.pos += n;
  if (signed && x >= 1n << BigInt(bits - 1)) x -= 1n << BigInt(bits);
  return x;
}

function get(r: Reader, t: AbiType, depth: number): AbiValue {
  switch (t.kind) {
    case "bool": {
      const at = r.pos;
      const b = r.byte("bool");
      if (b > 1) throw new AbiError("decode.bad-bool", `bool byte is ${b}, not 0 or 1`, { offset: at });
      return b === 1;
    }
    case "int":
      return getInt(r, t.signed, t.bits);
    case "address":
    case "bytes32":
      return r.take(32, t.kind);
    case "bytes":
      return r.take(getLength(r, "bytes"), "bytes");
    case "string": {
      const n = getLength(r, "string");
      const at = r.pos;
      const raw = r.take(n, "string");
      try {
        return utf8Strict.decode(raw);
      } catch {
        throw new AbiError("decode.bad-utf8", "string is not well-formed UTF-8", { offset: at });
      }
    }
    case "array": {
      r.need(t.len * minSize(t.elem), `[_; ${t.len}]`);
      deeperAt(r, depth);
      const out: AbiValue[] = [];
      for (let i = 0; i < t.len; i++) out.push(get(r, t.elem, depth + 1));
      return out;
    }
    case "vec": {
      const at = r.pos;
      const n = r.u32("Vec count");
      const size = minSize(t.elem);
      if (size === 0 && n > MAX_ZERO_SIZED_ITEMS) {
        throw new AbiError("decode.too-many-items", `a Vec of zero-sized items holds at most ${MAX_ZERO_SIZED_ITEMS}`, { offset: at });
      }
      if (n * size > r.bytes.length - r.pos) {
        throw new AbiError("decode.truncated", `Vec of ${n} items needs at least ${n * size} bytes, ${r.bytes.length - r.pos} left`, { offset: at });
      }
      deeperAt(r, depth);
      const out: AbiValue[] = [];
      for (let i = 0; i < n; i++) out.push(get(r, t.elem, depth + 1));
      return out;
    }
    case "tuple":
      deeperAt(r, depth);
      return t.elems.map((e) => get(r, e, depth + 1));
    case "struct":
      deeperAt(r, depth);
      return getFields(r, t.fields, depth + 1);
    case "enum": {
      const index = getTag(r, t.variants.length, t.name);
      deeperAt(r, depth);
      const v = t.variants[index]!;
      if (v.payload === undefined) return { tag: v.name };
      const value = v.payload.kind === "struct" ? getFields(r, v.payload.fields, depth + 1) : v.payload.elems.map((e) => get(r, e, depth + 1));
      return { tag: v.name, value };
    }
    case "option": {
      const index = getTag(r, 2, "Option");
      deeperAt(r, depth);
      return index === 0 ? { tag: "None" } : { tag: "Some", value: get(r, t.inner, depth + 1) };
    }
    case "result": {
      const index = getTag(r, 2, "Result");
      deeperAt(r, depth);
      return { tag: RESULT_TAGS[index]!, value: get(r, index === 0 ? t.ok : t.err, depth + 1) };
    }
  }
}

function deeperAt(r: Reader, depth: number): void {
  if (depth >= MAX_DEPTH) throw new AbiError("decode.too-deep", `nesting deeper than ${MAX_DEPTH}`, { offset: r.pos });
}

function getLength(r: Reader, what: string): number {
  const at = r.pos;
  const n = r.u32(`${what} length`);
  if (n > r.bytes.length - r.pos) {
    throw new AbiError("decode.truncated", `${what} of ${n} bytes, ${r.bytes.length - r.pos} left`, { offset: at });
  }
  return n;
}

function getTag(r: Reader, count: number, what: string): number {
  const at = r.pos;
  const tag = r.byte(`${what} tag`);
  if (tag >= count) throw new AbiError("decode.bad-tag", `${what} has no variant ${tag} (it has ${count})`, { offset: at });
  return tag;
}

function getFields(r: Reader, fields: readonly AbiField[], depth: number): AbiStructValue {
  const out: Record<string, AbiValue> = {};
  // defineProperty: a field may be called `__proto__` without touching the prototype.
  for (const f of fields) Object.defineProperty(out, f.name, { value: get(r, f.type, depth), enumerable: true, writable: true, configurable: true });
  return out;
}
