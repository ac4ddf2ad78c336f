// Call expressions for the CLI (docs/abi.md §7): `transfer(0x…, 10)` → the call's input bytes.
// Literals are read against the parameter types, so `10` is a u256 here and an i8 there:
//
//   bool       true | false
//   integers   -12 | 1_000 | 0xff | 0b1010           (range-checked against the type)
//   address, bytes32   0x + 64 hex digits
//   bytes      0x + an even number of hex digits
//   string     "JSON-style text \n \u00e9"
//   [T;N], Vec [a, b, c]        tuples (a, b) and (a,)
//   structs    { field: v, … } or Name { field: v, … }   (every field, any order)
//   enums      Variant | Variant(a, b) | Variant { f: v } with an optional `Name::` prefix
//   Option     None | Some(v)        Result   Ok(v) | Err(e)
//
// Errors are AbiErrors `call.syntax` / `call.bad-literal` with the character offset.

import { encodeCall } from "./contract.js";
import type { AbiValue } from "./codec.js";
import { AbiError, type AbiErrorCode } from "./errors.js";
import type { AbiFunction, ContractAbi } from "./schema.js";
import { typeString, type AbiField, type AbiType, type VariantPayload } from "./types.js";

export interface ParsedCall {
  readonly fn: AbiFunction;
  readonly args: AbiValue[];
  /** selector ‖ encoded arguments */
  readonly input: Uint8Array;
}

export function parseCallExpression(text: string, abi: ContractAbi): ParsedCall {
  const p = new CallParser(text);
  const nameAt = p.skip();
  const name = p.ident("a function name");
  const fn = abi.functions.get(name);
  if (!fn) throw new AbiError("abi.unknown-function", `no function \`${name}\` (have: ${[...abi.functions.keys()].join(", ") || "none"})`, { offset: nameAt });
  p.expect("(");
  const args: AbiValue[] = [];
  p.list(")", (i) => {
    const param = fn.inputs[i];
    if (!param) throw new AbiError("abi.arity", `\`${fn.signature}\` takes ${fn.inputs.length} arguments`, { offset: p.skip() });
    args.push(p.value(param.type));
  });
  if (args.length !== fn.inputs.length) {
    throw new AbiError("abi.arity", `\`${fn.signature}\` takes ${fn.inputs.length} arguments, got ${args.length}`, { offset: p.pos });
  }
  p.skip();
  if (p.pos !== text.length) p.fail("call.syntax", "unexpected text after the call");
  return { fn, args, input: encodeCall(abi, name, args) };
}

/** Parses one literal of type `t` (e.g. a CLI `--arg`), the whole text. */
export function parseValue(text: string, t: AbiType): AbiValue {
  const p = new CallParser(text);
  const v = p.value(t);
  p.skip();
  if (p.pos !== text.length) p.fail("call.syntax", "unexpected text after the value");
  return v;
}

class CallParser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(code: AbiErrorCode, msg: string, at = this.pos): never {
    throw new AbiError(code, msg, { offset: at });
  }
  skip(): number {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
    return this.pos;
  }
  peek(s: string): boolean {
    this.skip();
    return this.text.startsWith(s, this.pos);
  }
  eat(s: string): boolean {
    return this.peek(s) ? ((this.pos += s.length), true) : false;
  }
  expect(s: string): void {
    if (!this.eat(s)) this.fail("call.syntax", `expected \`${s}\``);
  }
  ident(what: string): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) return this.fail("call.syntax", `expected ${what}`);
    this.pos += m[0].length;
    return m[0];
  }
  /** Items separated by commas up to `close` (a trailing comma is allowed). */
  list(close: string, item: (i: number) => void): number {
    let n = 0;
    while (!this.eat(close)) {
      item(n++);
      if (!this.eat(",")) {
        this.expect(close);
        break;
      }
    }
    return n;
  }
  /** A run of literal characters: digits, letters, `_`, `-`. */
  word(): { text: string; at: number } {
    const at = this.skip();
    const m = /^-?[A-Za-z0-9_]+/.exec(this.text.slice(this.pos));
    if (!m) return this.fail("call.syntax", "expected a value");
    this.pos += m[0].length;
    return { text: m[0], at };
  }

  value(t: AbiType): AbiValue {
    switch (t.kind) {
      case "bool": {
        const w = this.word();
        if (w.text === "true" || w.text === "false") return w.text === "true";
        return this.fail("call.bad-literal", `expected true or false, got \`${w.text}\``, w.at);
      }
      case "int":
        return this.integer(t.signed, t.bits);
      case "address":
      case "bytes32":
      case "bytes": {
        const w = this.word();
        if (!/^0x([0-9a-fA-F]{2})*$/.test(w.text)) return this.fail("call.bad-literal", `expected 0x-prefixed hex bytes for ${t.kind}`, w.at);
        const b = new Uint8Array((w.text.length - 2) / 2).map((_, i) => parseInt(w.text.slice(2 + 2 * i, 4 + 2 * i), 16));
        if (t.kind !== "bytes" && b.length !== 32) this.fail("call.bad-literal", `${t.kind} is 32 bytes (64 hex digits), got ${b.length}`, w.at);
        return b;
      }
      case "string":
        return this.string();
      case "array":
      case "vec": {
        const at = this.skip();
        this.expect("[");
        const items: AbiValue[] = [];
        this.list("]", () => items.push(this.value(t.elem)));
        if (t.kind === "array" && items.length !== t.len) this.fail("call.bad-literal", `${typeString(t)} needs ${t.len} items, got ${items.length}`, at);
        return items;
      }
      case "tuple":
        return this.tuple(t.elems, typeString(t));
      case "struct":
        this.eatPrefix(t.name, false);
        return this.fields(t.fields);
      case "enum": {
        this.eatPrefix(t.name, true);
        const w = this.word();
        const v = t.variants.find((x) => x.name === w.text);
        if (!v) return this.fail("call.bad-literal", `\`${t.name}\` has no variant \`${w.text}\` (one of ${t.variants.map((x) => x.name).join(", ")})`, w.at);
        return v.payload ? { tag: v.name, value: this.payload(v.payload, `${t.name}::${v.name}`) } : { tag: v.name };
      }
      case "option": {
        const w = this.word();
        if (w.text === "None") return { tag: "None" };
        if (w.text !== "Some") return this.fail("call.bad-literal", `expected None or Some(…) for ${typeString(t)}`, w.at);
        return { tag: "Some", value: this.wrapped(t.inner) };
      }
      case "result": {
        const w = this.word();
        if (w.text !== "Ok" && w.text !== "Err") return this.fail("call.bad-literal", `expected Ok(…) or Err(…) for ${typeString(t)}`, w.at);
        return { tag: w.text, value: this.wrapped(w.text === "Ok" ? t.ok : t.err) };
      }
    }
  }

  private integer(signed: boolean, bits: number): bigint {
    const w = this.word();
    const m = /^(-?)(0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*)$/.exec(w.text);
    if (!m || /_$|__|^-?0[xb]_/.test(w.text)) return this.fail("call.bad-literal", `not an integer: \`${w.text}\``, w.at);
    const magnitude = BigInt(m[2]!.replaceAll("_", ""));
    const v = m[1] === "-" ? -magnitude : magnitude;
    const b = BigInt(bits);
    const [min, max] = signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n];
    if (v < min || v > max) {
      const range = bits <= 64 ? `${min}..=${max}` : signed ? `-2^${bits - 1}..=2^${bits - 1}-1` : `0..=2^${bits}-1`;
      this.fail("call.bad-literal", `${w.text} does not fit ${signed ? "i" : "u"}${bits} (${range})`, w.at);
    }
    return v;
  }

  private string(): string {
    const at = this.skip();
    if (this.text[this.pos] !== '"') return this.fail("call.bad-literal", "expected a double-quoted string", at);
    let i = this.pos + 1;
    while (i < this.text.length && this.text[i] !== '"') i += this.text[i] === "\\" ? 2 : 1;
    if (i >= this.text.length) return this.fail("call.syntax", "unterminated string", at);
    let s: string;
    try {
      s = JSON.parse(this.text.slice(this.pos, i + 1)) as string;
    } catch {
      return this.fail("call.bad-literal", "bad string escape (strings use JSON escapes)", at);
    }
    if (/\p{Cs}/u.test(s)) this.fail("call.bad-literal", "string has a lone surrogate (not encodable as UTF-8)", at);
    this.pos = i + 1;
    return s;
  }

  private tuple(elems: readonly AbiType[], shown: string): AbiValue[] {
    const at = this.skip();
    this.expect("(");
    const items: AbiValue[] = [];
    this.list(")", (i) => {
      const e = elems[i];
      if (!e) this.fail("call.bad-literal", `${shown} has ${elems.length} items`, this.skip());
      items.push(this.value(e));
    });
    if (items.length !== elems.length) this.fail("call.bad-literal", `${shown} has ${elems.length} items, got ${items.length}`, at);
    return items;
  }

  private wrapped(t: AbiType): AbiValue {
    this.expect("(");
    const v = this.value(t);
    this.expect(")");
    return v;
  }

  private fields(fields: readonly AbiField[]): Record<string, AbiValue> {
    const at = this.skip();
    this.expect("{");
    const out: Record<string, AbiValue> = {};
    const seen = new Set<string>();
    this.list("}", () => {
      const nameAt = this.skip();
      const name = this.ident("a field name");
      const f = fields.find((x) => x.name === name);
      if (!f) this.fail("call.bad-literal", `no field \`${name}\` (fields: ${fields.map((x) => x.name).join(", ")})`, nameAt);
      if (seen.has(name)) this.fail("call.bad-literal", `field \`${name}\` given twice`, nameAt);
      seen.add(name);
      this.expect(":");
      Object.defineProperty(out, name, { value: this.value(f.type), enumerable: true, writable: true, configurable: true });
    });
    const missing = fields.filter((f) => !seen.has(f.name)).map((f) => f.name);
    if (missing.length > 0) this.fail("call.bad-literal", `missing field(s) ${missing.join(", ")}`, at);
    // Field order of the type, whatever order the text used.
    const ordered: Record<string, AbiValue> = {};
    for (const f of fields) Object.defineProperty(ordered, f.name, { value: out[f.name], enumerable: true, writable: true, configurable: true });
    return ordered;
  }

  private payload(p: VariantPayload, shown: string): AbiValue {
    return p.kind === "tuple" ? this.tuple(p.elems, shown) : this.fields(p.fields);
  }

  /** An optional `Name` (struct) or `Name::` (enum) before a literal. */
  private eatPrefix(name: string, isEnum: boolean): void {
    const save = this.pos;
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (m && m[0] === name) {
      this.pos += m[0].length;
      if (!isEnum || this.eat("::")) return;
    }
    this.pos = save;
  }
}

/**
 * Prints a value as call-expression text that `parseValue` reads back to the same value (tools:
 * fuzz reports, replay scripts). `address` may name an address (e.g. `@bob`) instead of hex.
 */
export function formatValue(t: AbiType, v: AbiValue, address?: (a: Uint8Array) => string | undefined): string {
  const go = (t: AbiType, v: AbiValue): string => {
    const hex = (b: Uint8Array) => "0x" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    const fields = (fs: readonly AbiField[], o: AbiValue) => `{ ${fs.map((f) => `${f.name}: ${go(f.type, (o as Record<string, AbiValue>)[f.name]!)}`).join(", ")} }`;
    const tagged = v as { tag: string; value?: AbiValue };
    switch (t.kind) {
      case "bool": case "int": return String(v);
      case "address": return address?.(v as Uint8Array) ?? hex(v as Uint8Array);
      case "bytes32": case "bytes": return hex(v as Uint8Array);
      case "string": return JSON.stringify(v);
      case "array": case "vec": return `[${(v as AbiValue[]).map((x) => go(t.elem, x)).join(", ")}]`;
      case "tuple": return `(${t.elems.map((e, i) => go(e, (v as AbiValue[])[i]!)).join(", ")}${t.elems.length === 1 ? "," : ""})`;
      case "struct": return `${t.name} ${fields(t.fields, v)}`;
      case "enum": {
        const p = t.variants.find((x) => x.name === tagged.tag)?.payload;
        const body = p === undefined ? "" : p.kind === "struct" ? ` ${fields(p.fields, tagged.value!)}` : `(${p.elems.map((x, i) => go(x, (tagged.value as AbiValue[])[i]!)).join(", ")})`;
        return `${t.name}::${tagged.tag}${body}`;
      }
      case "option": return tagged.tag === "None" ? "None" : `Some(${go(t.inner, tagged.value!)})`;
      case "result": return `${tagged.tag}(${go(tagged.tag === "Ok" ? t.ok : t.err, tagged.value!)})`;
    }
  };
  return go(t, v);
}
