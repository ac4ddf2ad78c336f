// Silk types → run-time representations (lower/ast.ts `Repr`) and → ABI types (stdlib/abi).
// Only the types lowering supports so far have a representation; `reprOf` returns undefined
// for the rest and the caller reports the construct as not yet supported.

import type { AbiType } from "../../stdlib/abi/types.js";
import { prune, type IntType, type Type } from "../check/types.js";
import type { StructDecl, TypeExpr, VariantDecl } from "../ast/ast.js";
import type { Repr, ValTy } from "./ast.js";

export const UNIT_REPR: Repr = { kind: "unit" };

/** Field types of a struct (from the checker's typeExprs); without it structs have no repr. */
export type StructFields = (d: StructDecl | VariantDecl) => Type[] | undefined;

const visiting = new Set<unknown>();

export function reprOf(t: Type, fields?: StructFields): Repr | undefined {
  t = prune(t);
  switch (t.kind) {
    case "bool":
      return { kind: "scalar", ty: "i32", size: 1, bool: true };
    case "int":
      return intRepr(t);
    case "address":
    case "bytes32":
    case "interface":
      return { kind: "mem", size: 32 };
    case "tuple":
      return t.elems.length === 0 ? UNIT_REPR : aggregate(t.elems.map((e) => reprOf(e, fields)));
    case "struct": {
      const fs = fields?.(t.decl);
      return fs && aggregate(fs.map((e) => reprOf(e, fields)));
    }
    case "array": {
      const e = reprOf(t.elem, fields);
      return e && aggregate(Array.from({ length: Math.min(t.len, 1) }, () => e), t.len);
    }
    case "option":
      return tagged([[], [t.inner]], fields);
    case "result":
      return tagged([[t.ok], [t.err]], fields);
    case "enum": {
      const d = t.decl;
      if (d.variants.length === 0 || d.variants.length > 256) return undefined;
      if (d.variants.every((v) => !v.payload)) return { kind: "scalar", ty: "i32", size: 1, enumN: d.variants.length };
      if (visiting.has(d)) return undefined;
      visiting.add(d);
      try {
        const ps = d.variants.map((v) => fields?.(v));
        return ps.every((p) => p) ? tagged(ps as Type[][], fields) : undefined;
      } finally {
        visiting.delete(d);
      }
    }
    case "callError":
      // The call's status: 1 revert, 2 failed.
      return { kind: "scalar", ty: "i32", size: 1, enumN: 3 };
    case "bytes":
      return { kind: "dyn", unit: 1 };
    case "string":
      return { kind: "dyn", unit: 1, str: true };
    case "vec": {
      // Items of a fixed, nonzero size, canonical: the vector is its own encoding.
      const e = reprOf(t.elem, fields);
      if (!e || e.kind === "dyn" || e.kind === "unit" || (e.kind === "mem" && (e.noncanon || e.size === 0))) return undefined;
      return { kind: "dyn", unit: e.size };
    }
    case "never":
      return UNIT_REPR;
    default:
      return undefined;
  }
}

/** A tagged union: tag byte ‖ payload (each variant's payload types laid out in order). */
function tagged(payloads: Type[][], fields?: StructFields): Repr | undefined {
  const sizes: number[] = [];
  let canon = true;
  for (const p of payloads) {
    let n = 0;
    for (const t of p) {
      const r = reprOf(t, fields);
      if (!r || r.kind === "dyn") return undefined;
      if (r.kind === "mem" && r.noncanon) canon = false;
      n += fixedSize(r);
    }
    sizes.push(n);
  }
  return { kind: "mem", size: 1 + Math.max(...sizes), noncanon: true, tags: sizes, ...(canon ? { option: true as const } : {}) };
}

/** The byte length of a fixed-size value (0 for unit). */
export function fixedSize(r: Repr): number {
  return r.kind === "unit" ? 0 : r.kind === "dyn" ? NaN : r.size;
}

/** A tuple / struct / array of fixed-size members, laid out inline (`times` copies of one member for arrays). */
function aggregate(rs: (Repr | undefined)[], times = 1): Repr | undefined {
  let size = 0;
  let noncanon = false;
  for (const r of rs) {
    if (!r || r.kind === "dyn") return undefined;
    if (r.kind === "mem" && r.noncanon) noncanon = true;
    size += fixedSize(r);
  }
  if (rs.length === 1) size *= times;
  else if (rs.length === 0) size = 0;
  return { kind: "mem", size, ...(noncanon ? { noncanon: true as const } : {}) };
}

/** Struct field types from the checker's type-expression table. */
export function structFieldsOf(typeExprs: Map<TypeExpr, Type>): StructFields {
  return (d) => {
    const fs = d.kind === "StructDecl" ? d.fields : d.payload?.kind === "StructPayload" ? d.payload.fields : undefined;
    if (d.kind === "VariantDecl" && !fs) {
      const ts = (d.payload?.kind === "TuplePayload" ? d.payload.types : []).map((x) => typeExprs.get(x));
      return ts.every((t) => t) ? ts.map((t) => prune(t!)) : undefined;
    }
    const ts = fs!.map((f) => typeExprs.get(f.type));
    return ts.every((t) => t) ? ts.map((t) => prune(t!)) : undefined;
  };
}

export function intRepr(t: IntType): Repr {
  const int = { signed: t.signed, bits: t.bits };
  if (t.bits <= 32) return { kind: "scalar", ty: "i32", size: t.bits / 8, int };
  if (t.bits === 64) return { kind: "scalar", ty: "i64", size: 8, int };
  return { kind: "mem", size: t.bits / 8, int };
}

/** The Wasm value type carrying a representation (memory values travel as i32 pointers). */
export function valTy(r: Repr): ValTy | undefined {
  return r.kind === "unit" ? undefined : r.kind === "scalar" ? r.ty : "i32";
}

/** The ABI type of a Silk type, for selectors, abi.json and encoding. */
export function abiTypeOf(t: Type, fields?: StructFields): AbiType | undefined {
  t = prune(t);
  switch (t.kind) {
    case "bool":
    case "address":
    case "bytes32":
    case "bytes":
    case "string":
      return { kind: t.kind } as AbiType;
    case "int":
      return { kind: "int", signed: t.signed, bits: t.bits as 8 } as AbiType;
    case "array": {
      const e = abiTypeOf(t.elem, fields);
      return e && ({ kind: "array", elem: e, len: t.len } as AbiType);
    }
    case "vec": {
      const e = abiTypeOf(t.elem, fields);
      return e && ({ kind: "vec", elem: e } as AbiType);
    }
    case "tuple": {
      const es = t.elems.map((x) => abiTypeOf(x, fields));
      return es.every((x) => x) ? ({ kind: "tuple", elems: es } as AbiType) : undefined;
    }
    case "option": {
      const i = abiTypeOf(t.inner, fields);
      return i && ({ kind: "option", inner: i } as AbiType);
    }
    case "result": {
      const o = abiTypeOf(t.ok, fields), e = abiTypeOf(t.err, fields);
      return o && e && ({ kind: "result", ok: o, err: e } as AbiType);
    }
    case "interface":
      return { kind: "address" } as AbiType;
    case "enum": {
      if (visiting.has(t.decl)) return undefined;
      visiting.add(t.decl);
      try {
        return enumAbi(t, fields);
      } finally {
        visiting.delete(t.decl);
      }
    }
    case "struct": {
      // Recursion through a struct's own fields is only possible behind a Vec (not lowered yet).
      const ts = fields?.(t.decl);
      if (!ts) return undefined;
      const fs = ts.map((x) => abiTypeOf(x, fields));
      if (!fs.every((x) => x)) return undefined;
      return { kind: "struct", name: t.name, fields: t.decl.fields.map((f, i) => ({ name: f.name.text, type: fs[i]! })) } as AbiType;
    }
    default:
      return undefined;
  }
}

function enumAbi(t: Type & { kind: "enum" }, fields?: StructFields): AbiType | undefined {
  const vs = [];
      for (const v of t.decl.variants) {
        const ts = fields?.(v);
        if (!ts) return undefined;
        const as = ts.map((x) => abiTypeOf(x, fields));
        if (!as.every((x) => x)) return undefined;
        const p = v.payload;
        vs.push(!p ? { name: v.name.text }
          : p.kind === "TuplePayload" ? { name: v.name.text, payload: { kind: "tuple", elems: as } }
          : { name: v.name.text, payload: { kind: "struct", fields: p.fields.map((f, i) => ({ name: f.name.text, type: as[i]! })) } });
      }
  return { kind: "enum", name: t.name, variants: vs } as AbiType;
}
