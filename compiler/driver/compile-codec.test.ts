// The compiler's Wasm-side codec against the TS codec (docs/abi.md §2, §8), on generated types:
// for each type T (stdlib/abi `abiTypeArb`, written out as Silk declarations) a contract echoes
// a T, encodes it with `abi_encode`, stores it in a field and a map entry, compares two Ts and
// builds a Vec<T>. Values from `abiValueArb` must round-trip to the same bytes; mutated inputs
// must be accepted exactly when the TS codec decodes them, and then to the same value. Both
// engines. Replay: FC_SEED=<seed> [FC_PATH=<path>].

import fc from "fast-check";
import { expect, test } from "vitest";
import { compileOne, onBothEngines } from "./compile-testkit.js";
import { abiTypeArb, abiValueArb } from "../../stdlib/abi/arbitrary.js";
import { decodeTuple, encode, encodeCall, type AbiType, type AbiValue } from "../../stdlib/abi/index.js";

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const PATH = process.env.FC_PATH;
console.log(`compile-codec.test: FC_SEED=${SEED}`);

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);

/** A type Silk can declare: fields and variants renamed, empty tuples and payloads avoided. */
function normalize(t: AbiType): AbiType {
  switch (t.kind) {
    case "array": return { ...t, elem: normalize(t.elem) };
    case "vec": return { ...t, elem: normalize(t.elem) };
    case "tuple": return t.elems.length ? { ...t, elems: t.elems.map(normalize) } : { kind: "bool" };
    case "option": return { ...t, inner: normalize(t.inner) };
    case "result": return { ...t, ok: normalize(t.ok), err: normalize(t.err) };
    case "struct": {
      const fs = t.fields.length ? t.fields : [{ name: "x", type: { kind: "bool" } as AbiType }];
      return { ...t, fields: fs.map((f, i) => ({ name: `f${i}`, type: normalize(f.type) })) };
    }
    case "enum":
      return { ...t, variants: t.variants.map((v, i) => {
        const name = `V${i}`;
        if (!v.payload) return { name };
        if (v.payload.kind === "tuple") return v.payload.elems.length ? { name, payload: { kind: "tuple", elems: v.payload.elems.map(normalize) } } : { name };
        return v.payload.fields.length ? { name, payload: { kind: "struct", fields: v.payload.fields.map((f, j) => ({ name: `f${j}`, type: normalize(f.type) })) } } : { name };
      }) };
    default: return t;
  }
}

/** The Silk spelling of a type; struct and enum declarations are collected in `decls`. */
function silk(t: AbiType, decls: string[]): string {
  switch (t.kind) {
    case "int": return `${t.signed ? "i" : "u"}${t.bits}`;
    case "array": return `[${silk(t.elem, decls)}; ${t.len}]`;
    case "vec": return `Vec<${silk(t.elem, decls)}>`;
    case "tuple": return t.elems.length === 1 ? `(${silk(t.elems[0]!, decls)},)` : `(${t.elems.map((e) => silk(e, decls)).join(", ")})`;
    case "option": return `Option<${silk(t.inner, decls)}>`;
    case "result": return `Result<${silk(t.ok, decls)}, ${silk(t.err, decls)}>`;
    case "struct":
      decls.push(`struct ${t.name} { ${t.fields.map((f) => `${f.name}: ${silk(f.type, decls)}`).join(", ")} }`);
      return t.name;
    case "enum":
      decls.push(`enum ${t.name} { ${t.variants.map((v) => !v.payload ? v.name
        : v.payload.kind === "tuple" ? `${v.name}(${v.payload.elems.map((e) => silk(e, decls)).join(", ")})`
        : `${v.name} { ${v.payload.fields.map((f) => `${f.name}: ${silk(f.type, decls)}`).join(", ")} }`).join(", ")} }`);
      return t.name;
    default: return t.kind;
  }
}

function contractFor(t: AbiType): string {
  const decls: string[] = [];
  const T = silk(t, decls);
  return `${decls.join("\n")}
    contract C {
      storage { s: ${T}, m: Map<u32, ${T}> }
      pub fn echo(x: ${T}) -> ${T} { return x; }
      pub fn enc(x: ${T}) -> bytes { return abi_encode(x); }
      pub fn put(x: ${T}) { self.s = x; self.m[1] = x; }
      pub view fn get() -> (${T}, ${T}) { return (self.s, self.m[1]); }
      pub fn same(a: ${T}, b: ${T}) -> bool { return a == b; }
      pub fn twice(x: ${T}) -> Vec<${T}> { let mut v: Vec<${T}> = []; v.push(x); v.push(x); return v; }
    }`;
}

/** Byte-level damage to an input: cut, extend, or overwrite one byte. */
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("append" as const), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), byte: fc.constantFrom(0, 1, 2, 3, 0x7f, 0x80, 0xc0, 0xed, 0xff) }),
);
type Mutation = { kind: "cut"; at: number } | { kind: "append"; byte: number } | { kind: "set"; at: number; byte: number };
function mutate(input: Uint8Array, m: Mutation): Uint8Array {
  const body = input.length - 4;
  if (m.kind === "append") return Uint8Array.from([...input, m.byte]);
  if (body === 0) return input;
  if (m.kind === "cut") return input.slice(0, 4 + (m.at % body));
  const out = input.slice();
  out[4 + (m.at % body)] = m.byte;
  return out;
}

test("generated types: Wasm codec = TS codec, on both engines", () => {
  const typeArb = abiTypeArb({ maxDepth: 3, maxWidth: 3 }).map(normalize);
  fc.assert(fc.property(typeArb, fc.infiniteStream(fc.nat()), (t, ints) => {
    const src = contractFor(t);
    const c = compileOne(src);
    const values = fc.sample(abiValueArb(t), { numRuns: 4, seed: ints.next().value as number });
    const mutations = fc.sample(mutationArb, { numRuns: 12, seed: ints.next().value as number });
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const zero = s.call("get");
      expect(zero.status, src).toBe("ok");
      values.forEach((v, i) => {
        const bytes = encode(t, v);
        expect(s.call("echo", [v]), src).toMatchObject({ status: "ok", value: v });
        expect(s.call("enc", [v]), src).toMatchObject({ status: "ok", value: bytes });
        expect(s.call("put", [v]).status, src).toBe("ok");
        expect(s.call("get"), src).toMatchObject({ status: "ok", value: [v, v] });
        expect(s.call("twice", [v]), src).toMatchObject({ status: "ok", value: [v, v] });
        const w = values[(i + 1) % values.length]!;
        const equal = Buffer.compare(Buffer.from(bytes), Buffer.from(encode(t, w))) === 0;
        expect(s.call("same", [v, w]), src).toMatchObject({ status: "ok", value: equal });
        expect(s.call("same", [v, v]), src).toMatchObject({ status: "ok", value: true });
      });
      const good = encodeCall(s.abi, "echo", [values[0]!]);
      for (const m of mutations) {
        const input = mutate(good, m);
        let want: AbiValue | undefined;
        try {
          want = decodeTuple([t], input, 4)[0];
        } catch {
          want = undefined;
        }
        const r = s.call("echo", [], { input });
        if (want === undefined) expect(r, `${src}\n${Buffer.from(input).toString("hex")}`).toMatchObject({ status: "revert", error: { kind: "message", message: "silk: bad input" } });
        else expect(r, `${src}\n${Buffer.from(input).toString("hex")}`).toMatchObject({ status: "ok", value: want });
      }
      return { ok: true };
    });
  }), { seed: SEED, path: PATH, numRuns: Math.max(12, Number(process.env.SILK_PROPERTY_RUNS ?? 0) || 0), endOnFailure: true });
}, 600_000);
