// Arguments for invariants and for fuzzed calls, by ABI type (docs/cli.md "silk test" and
// "silk fuzz"):
// - `edgeValues`: a small fixed set per type, for invariant parameters. `silk test` and `silk
//   fuzz` check an invariant for every combination of them, so an `address` parameter ranges
//   over exactly the actors, the contract's own address and the zero address.
// - `valueArb`: fast-check arbitraries for entry-point arguments, biased towards the values that
//   break contracts: addresses drawn from the same pool, integers from their edges and small
//   numbers more often than from the whole range, short bytes and strings.

import fc from "fast-check";
import type { AbiValue } from "../../stdlib/abi/codec.js";
import type { AbiField, AbiType } from "../../stdlib/abi/types.js";

export interface ValuePool {
  /** What an `address` can be: the actors, the contract, the zero address. */
  addresses: readonly Uint8Array[];
}

/** Vectors nested deeper than this are empty, so values of recursive types stay finite. */
const MAX_VEC_DEPTH = 2;
/** Fixed arrays longer than this are not generated (the entry point is skipped). */
export const MAX_ARRAY_ITEMS = 1024;
/** At most this many argument combinations per invariant; beyond it, a diagonal of them. */
export const MAX_COMBINATIONS = 512;

function intRange(t: { signed: boolean; bits: number }): { min: bigint; max: bigint } {
  const b = BigInt(t.bits);
  return t.signed ? { min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n } : { min: 0n, max: (1n << b) - 1n };
}

/** Integers that break arithmetic: 0, ±1, 2, the extremes and their neighbours, the midpoint. */
function intEdges(t: { signed: boolean; bits: number }): bigint[] {
  const { min, max } = intRange(t);
  const c = [0n, 1n, 2n, -1n, min, min + 1n, max, max - 1n, 1n << BigInt(t.bits - 1)];
  return [...new Set(c.filter((x) => x >= min && x <= max))];
}

function objectOf(fields: readonly AbiField[], values: readonly AbiValue[]): Record<string, AbiValue> {
  const o: Record<string, AbiValue> = {};
  // defineProperty: a field called `__proto__` must still be a plain field.
  fields.forEach((f, i) => Object.defineProperty(o, f.name, { value: values[i], enumerable: true, writable: true, configurable: true }));
  return o;
}

/** Combines per-position choices: every combination up to `cap`, else the diagonal (i-th of each). */
export function combinations<T>(choices: readonly (readonly T[])[], cap = MAX_COMBINATIONS): T[][] {
  if (choices.some((c) => c.length === 0)) return [];
  const total = choices.reduce((n, c) => n * c.length, 1);
  if (total <= cap) {
    let out: T[][] = [[]];
    for (const c of choices) out = out.flatMap((prefix) => c.map((x) => [...prefix, x]));
    return out;
  }
  const n = Math.max(...choices.map((c) => c.length));
  return Array.from({ length: n }, (_, i) => choices.map((c) => c[i % c.length]!));
}

/** The edge values of `t` (invariant parameters). Composite types combine their parts' edges diagonally. */
export function edgeValues(t: AbiType, pool: ValuePool, vecDepth = 0): AbiValue[] {
  const sub = (x: AbiType) => edgeValues(x, pool, vecDepth);
  const diagonal = (types: readonly AbiType[]) => combinations(types.map(sub), 0);
  switch (t.kind) {
    case "bool": return [false, true];
    case "int": {
      const { min, max } = intRange(t);
      return t.signed ? [min, -1n, 0n, 1n, max] : [0n, 1n, max];
    }
    case "address": return [...pool.addresses];
    case "bytes32": return [new Uint8Array(32), new Uint8Array(32).fill(0xff)];
    case "bytes": return [new Uint8Array(0), new Uint8Array([1])];
    case "string": return ["", "a"];
    case "array": return t.len === 0 ? [[]] : sub(t.elem).map((x) => Array.from({ length: t.len }, () => x));
    case "vec": return vecDepth >= MAX_VEC_DEPTH ? [[]] : [[], ...edgeValues(t.elem, pool, vecDepth + 1).slice(0, 1).map((x) => [x])];
    case "tuple": return t.elems.length === 0 ? [[]] : diagonal(t.elems);
    case "struct": return t.fields.length === 0 ? [{}] : diagonal(t.fields.map((f) => f.type)).map((vs) => objectOf(t.fields, vs));
    case "enum":
      return t.variants.flatMap((v): AbiValue[] => {
        if (v.payload === undefined) return [{ tag: v.name }];
        if (v.payload.kind === "tuple") return (v.payload.elems.length ? diagonal(v.payload.elems) : [[]]).map((value) => ({ tag: v.name, value }));
        const fs = v.payload.fields;
        return (fs.length ? diagonal(fs.map((f) => f.type)) : [[]]).map((vs) => ({ tag: v.name, value: objectOf(fs, vs) }));
      });
    case "option": return [{ tag: "None" }, ...sub(t.inner).map((value) => ({ tag: "Some", value }))];
    case "result": return [...sub(t.ok).map((value) => ({ tag: "Ok", value })), ...sub(t.err).map((value) => ({ tag: "Err", value }))];
  }
}

/** Why values of `t` are not generated (a fixed array too long), or undefined. */
export function ungeneratable(t: AbiType, seen = new Set<AbiType>()): string | undefined {
  if (seen.has(t)) return undefined; // recursion passes through a Vec, which may be empty
  seen.add(t);
  const all = (ts: readonly AbiType[]) => ts.map((x) => ungeneratable(x, seen)).find((r) => r !== undefined);
  switch (t.kind) {
    case "array": return t.len > MAX_ARRAY_ITEMS ? `a fixed array of ${t.len} items (at most ${MAX_ARRAY_ITEMS})` : ungeneratable(t.elem, seen);
    case "vec": return ungeneratable(t.elem, seen);
    case "tuple": return all(t.elems);
    case "struct": return all(t.fields.map((f) => f.type));
    case "enum": return all(t.variants.flatMap((v) => (v.payload === undefined ? [] : v.payload.kind === "tuple" ? v.payload.elems : v.payload.fields.map((f) => f.type))));
    case "option": return ungeneratable(t.inner, seen);
    case "result": return all([t.ok, t.err]);
    default: return undefined;
  }
}

/** Random values of `t` for entry-point arguments, biased to edges; shrinks towards simple values. */
export function valueArb(t: AbiType, pool: ValuePool, vecDepth = 0): fc.Arbitrary<AbiValue> {
  const sub = (x: AbiType) => valueArb(x, pool, vecDepth);
  const fieldsArb = (fs: readonly AbiField[]) => fc.tuple(...fs.map((f) => sub(f.type))).map((vs) => objectOf(fs, vs));
  switch (t.kind) {
    case "bool": return fc.boolean();
    case "int": {
      const { min, max } = intRange(t);
      const small = fc.bigInt({ min: min > -16n ? min : -16n, max: max < 1000n ? max : 1000n });
      // Cross-shrinking lets a failing edge value shrink into the small range (max → 1001).
      return fc.oneof(
        { withCrossShrink: true },
        { arbitrary: small, weight: 4 },
        { arbitrary: fc.constantFrom(...intEdges(t)), weight: 3 },
        { arbitrary: fc.bigInt({ min, max }), weight: 1 },
      );
    }
    case "address": return fc.constantFrom(...pool.addresses);
    case "bytes32":
      return fc.oneof(fc.constantFrom(new Uint8Array(32), new Uint8Array(32).fill(0xff)), fc.uint8Array({ minLength: 32, maxLength: 32 }));
    case "bytes": return fc.uint8Array({ maxLength: 8 });
    case "string": return fc.string({ maxLength: 8 });
    case "array": return t.len === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: t.len }, () => sub(t.elem)));
    case "vec": return vecDepth >= MAX_VEC_DEPTH ? fc.constant([]) : fc.array(valueArb(t.elem, pool, vecDepth + 1), { maxLength: 3 });
    case "tuple": return t.elems.length === 0 ? fc.constant([]) : fc.tuple(...t.elems.map(sub));
    case "struct": return t.fields.length === 0 ? fc.constant({}) : fieldsArb(t.fields);
    case "enum":
      return fc.oneof(...t.variants.map((v): fc.Arbitrary<AbiValue> => {
        if (v.payload === undefined) return fc.constant({ tag: v.name });
        const p = v.payload.kind === "tuple"
          ? (v.payload.elems.length ? fc.tuple(...v.payload.elems.map(sub)) : fc.constant([]))
          : (v.payload.fields.length ? fieldsArb(v.payload.fields) : fc.constant({}));
        return p.map((value: AbiValue) => ({ tag: v.name, value }));
      }));
    case "option": return fc.oneof(fc.constant({ tag: "None" }), sub(t.inner).map((value) => ({ tag: "Some", value })));
    case "result": return fc.oneof(sub(t.ok).map((value) => ({ tag: "Ok", value })), sub(t.err).map((value) => ({ tag: "Err", value })));
  }
}
