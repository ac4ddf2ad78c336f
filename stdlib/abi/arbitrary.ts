// fast-check arbitraries of ABI types and of values of a given type. Used by this folder's
// properties and, later, by the conformance suite that tests the compiler's Wasm-side encoders
// against this codec (generate a type, then a value of it, and compare the bytes).

import fc from "fast-check";
import type { AbiValue } from "./codec.js";
import { INT_BITS, payloadTypes, type AbiField, type AbiType, type AbiVariant, type VariantPayload } from "./types.js";

export interface TypeArbOptions {
  /** Nesting depth bound of composite types (default 3). */
  maxDepth?: number;
  /** Most items in fixed arrays, tuples, fields and variants (default 4). */
  maxWidth?: number;
  /** Prefix of the generated struct / enum names, to combine types generated separately. */
  namePrefix?: string;
}

const ident = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), weight: 8 },
  // names that are special to JS objects must still be plain field names to the codec
  { arbitrary: fc.constantFrom("__proto__", "constructor", "tag", "value", "toString"), weight: 1 },
);

function uniqueFields(t: fc.Arbitrary<AbiType>, max: number, min = 0): fc.Arbitrary<AbiField[]> {
  return fc
    .uniqueArray(fc.tuple(ident, t), { minLength: min, maxLength: max, selector: ([n]) => n })
    .map((fs) => fs.map(([name, type]) => ({ name, type })));
}

/** Arbitrary ABI types (trees: no recursion; struct/enum names are made unique afterwards). */
export function abiTypeArb(opts: TypeArbOptions = {}): fc.Arbitrary<AbiType> {
  const maxWidth = opts.maxWidth ?? 4;
  const leaf: fc.Arbitrary<AbiType> = fc.oneof(
    fc.constantFrom<AbiType>({ kind: "bool" }, { kind: "address" }, { kind: "bytes32" }, { kind: "bytes" }, { kind: "string" }),
    fc.record({ signed: fc.boolean(), bits: fc.constantFrom(...INT_BITS) }).map(({ signed, bits }): AbiType => ({ kind: "int", signed, bits })),
  );
  const { type } = fc.letrec<{ type: AbiType }>((tie) => {
    const t = tie("type");
    const payload: fc.Arbitrary<VariantPayload | undefined> = fc.oneof(
      fc.constant(undefined),
      fc.array(t, { maxLength: 3 }).map((elems): VariantPayload => ({ kind: "tuple", elems })),
      uniqueFields(t, 3).map((fields): VariantPayload => ({ kind: "struct", fields })),
    );
    const variants = fc
      .uniqueArray(fc.tuple(fc.stringMatching(/^[A-Z][a-z0-9]{0,5}$/), payload), { minLength: 1, maxLength: maxWidth, selector: ([n]) => n })
      .map((vs) => vs.map(([name, p]): AbiVariant => (p === undefined ? { name } : { name, payload: p })));
    return {
      type: fc.oneof(
        { depthSize: "small", maxDepth: opts.maxDepth ?? 3, withCrossShrink: true },
        leaf,
        fc.tuple(t, fc.integer({ min: 0, max: maxWidth })).map(([elem, len]): AbiType => ({ kind: "array", elem, len })),
        t.map((elem): AbiType => ({ kind: "vec", elem })),
        fc.array(t, { maxLength: maxWidth }).map((elems): AbiType => ({ kind: "tuple", elems })),
        uniqueFields(t, maxWidth).map((fields): AbiType => ({ kind: "struct", name: "S", fields })),
        variants.map((vs): AbiType => ({ kind: "enum", name: "E", variants: vs })),
        t.map((inner): AbiType => ({ kind: "option", inner })),
        fc.tuple(t, t).map(([ok, err]): AbiType => ({ kind: "result", ok, err })),
      ),
    };
  });
  return type.map((t) => uniqueNames(t, opts.namePrefix ?? ""));
}

/** Renames every struct / enum of a generated tree `S0`, `E1`, … so that names are unique. */
function uniqueNames(root: AbiType, prefix: string): AbiType {
  let n = 0;
  const go = (t: AbiType): AbiType => {
    switch (t.kind) {
      case "array": return { ...t, elem: go(t.elem) };
      case "vec": return { ...t, elem: go(t.elem) };
      case "tuple": return { ...t, elems: t.elems.map(go) };
      case "option": return { ...t, inner: go(t.inner) };
      case "result": return { ...t, ok: go(t.ok), err: go(t.err) };
      case "struct": return { ...t, name: `${prefix}S${n++}`, fields: t.fields.map((f) => ({ ...f, type: go(f.type) })) };
      case "enum":
        return {
          ...t,
          name: `${prefix}E${n++}`,
          variants: t.variants.map((v) =>
            v.payload === undefined ? v
              : v.payload.kind === "tuple" ? { ...v, payload: { kind: "tuple", elems: v.payload.elems.map(go) } }
              : { ...v, payload: { kind: "struct", fields: v.payload.fields.map((f) => ({ ...f, type: go(f.type) })) } },
          ),
        };
      default: return t;
    }
  };
  return go(root);
}

function objectOf(fields: readonly AbiField[], values: readonly AbiValue[]): Record<string, AbiValue> {
  const o: Record<string, AbiValue> = {};
  fields.forEach((f, i) => Object.defineProperty(o, f.name, { value: values[i], enumerable: true, writable: true, configurable: true }));
  return o;
}

function fieldsArb(fields: readonly AbiField[], vecDepth: number): fc.Arbitrary<AbiValue> {
  return fc.tuple(...fields.map((f) => abiValueArb(f.type, vecDepth))).map((vs) => objectOf(fields, vs));
}

/** Vecs nested deeper than this are generated empty, so values of recursive types are finite. */
const MAX_VEC_DEPTH = 4;

/** Arbitrary JS values of type `t`, in the codec's value form. */
export function abiValueArb(t: AbiType, vecDepth = 0): fc.Arbitrary<AbiValue> {
  const sub = (x: AbiType) => abiValueArb(x, vecDepth);
  switch (t.kind) {
    case "bool":
      return fc.boolean();
    case "int": {
      const b = BigInt(t.bits);
      return t.signed ? fc.bigInt({ min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n }) : fc.bigInt({ min: 0n, max: (1n << b) - 1n });
    }
    case "address":
    case "bytes32":
      return fc.uint8Array({ minLength: 32, maxLength: 32 });
    case "bytes":
      return fc.uint8Array({ maxLength: 40 });
    case "string":
      return fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom("\uFEFF", "é", "😀"));
    case "array":
      return fc.tuple(...Array.from({ length: t.len }, () => sub(t.elem)));
    case "vec":
      return vecDepth >= MAX_VEC_DEPTH ? fc.constant([]) : fc.array(abiValueArb(t.elem, vecDepth + 1), { maxLength: 4 });
    case "tuple":
      return fc.tuple(...t.elems.map(sub));
    case "struct":
      return fieldsArb(t.fields, vecDepth);
    case "enum":
      return fc.oneof(
        ...t.variants.map((v): fc.Arbitrary<AbiValue> =>
          v.payload === undefined ? fc.constant({ tag: v.name })
            : (v.payload.kind === "tuple" ? fc.tuple(...payloadTypes(v.payload).map(sub)) : fieldsArb(v.payload.fields, vecDepth)).map((value) => ({ tag: v.name, value })),
        ),
      );
    case "option":
      return fc.oneof(fc.constant({ tag: "None" }), sub(t.inner).map((value) => ({ tag: "Some", value })));
    case "result":
      return fc.oneof(sub(t.ok).map((value) => ({ tag: "Ok", value })), sub(t.err).map((value) => ({ tag: "Err", value })));
  }
}

/** A type and a value of it. */
export function typedValueArb(opts?: TypeArbOptions): fc.Arbitrary<{ type: AbiType; value: AbiValue }> {
  return abiTypeArb(opts).chain((type) => abiValueArb(type).map((value) => ({ type, value })));
}

/** fast-check parameters: `runs` by default, FC_SEED / FC_PATH replay a reported failure. */
export function propertyParams<T>(runs: number): fc.Parameters<T> {
  const env = process.env;
  const params: fc.Parameters<T> = { numRuns: runs };
  if (env.FC_SEED !== undefined && env.FC_SEED !== "") params.seed = Number(env.FC_SEED);
  if (env.FC_PATH !== undefined && env.FC_PATH !== "") params.path = env.FC_PATH;
  return params;
}
