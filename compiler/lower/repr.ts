// Silk types → run-time representations (lower/ast.ts `Repr`) and → ABI types (stdlib/abi).
// Only the types lowering supports have a representation; `reprOf` returns undefined for the
// rest and the caller reports the construct as not supported (E9003).

import type { AbiType } from "../../stdlib/abi/types.js";
import { prune, type IntType, type Type } from "../check/types.js";
import type { StructDecl, TypeExpr, VariantDecl } from "../ast/ast.js";
import type { Repr, ValTy } from "./ast.js";

export const UNIT_REPR: Repr = { kind: "unit" };

/** Field types of a struct (from the checker's typeExprs); without it structs have no repr. */
export type StructFields = (d: StructDecl | VariantDecl) => Type[] | undefined;

const visiting = new Set<unknown>();
/** Struct / enum ABI types being built, by declaration (for types that hold themselves). */
const building = new Map<unknown, AbiType>();

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
    case "vec":
      // The item type is looked at where items are handled: a struct may hold a Vec of itself.
      return { kind: "vec" };
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
      if (!r) return undefined;
      if (isPointer(r) || (r.kind === "mem" && r.noncanon)) canon = false;
      n += fixedSize(r);
    }
    sizes.push(n);
  }
  return { kind: "mem", size: 1 + Math.max(...sizes), noncanon: true, tags: sizes, ...(canon ? { option: true as const } : {}) };
}

/** The bytes a value occupies inline in memory, as a member or item (0 for unit, 4 for a pointer). */
export function fixedSize(r: Repr): number {
  return r.kind === "unit" ? 0 : isPointer(r) ? 4 : r.size;
}

/** `bytes`, `string` and `Vec` values live behind a pointer, also inside other values. */
export function isPointer(r: Repr): r is { kind: "dyn"; unit: number; str?: true } | { kind: "vec" } {
  return r.kind === "dyn" || r.kind === "vec";
}

/**
 * Whether encode.ts's inline code writes and reads the value's canonical encoding: scalars,
 * canonical memory values, `Option`/`Result`/enums of canonical payloads, bytes and string.
 * Everything else (a Vec, a value holding a pointer or a nested tagged union) goes through the
 * generated codec functions (codec.ts).
 */
export function isSimple(r: Repr): boolean {
  return r.kind === "unit" || r.kind === "scalar" || r.kind === "dyn" || (r.kind === "mem" && (!r.noncanon || r.option === true));
}

/** A tuple / struct / array of fixed-size members, laid out inline (`times` copies of one member for arrays). */
function aggregate(rs: (Repr | undefined)[], times = 1): Repr | undefined {
  let size = 0;
  let noncanon = false;
  for (const r of rs) {
    if (!r) return undefined;
    if (isPointer(r) || (r.kind === "mem" && r.noncanon)) noncanon = true;
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
    case "enum":
    case "struct": {
      // A struct or enum that holds itself (through a Vec) becomes a cyclic AbiType: the object
      // under construction is what the inner reference gets (stdlib/abi/types.ts allows cycles).
      const open = building.get(t.decl);
      if (open) return open;
      const shell: { kind: string; name: string; fields?: unknown[]; variants?: unknown[] } =
        t.kind === "struct" ? { kind: "struct", name: t.name, fields: [] } : { kind: "enum", name: t.name, variants: [] };
      const obj = shell as unknown as AbiType;
      building.set(t.decl, obj);
      try {
        if (t.kind === "enum") {
          const e = enumAbi(t, fields);
          if (!e || e.kind !== "enum") return undefined;
          shell.variants!.push(...e.variants);
          return obj;
        }
        const ts = fields?.(t.decl);
        if (!ts) return undefined;
        const fs = ts.map((x) => abiTypeOf(x, fields));
        if (!fs.every((x) => x)) return undefined;
        shell.fields!.push(...t.decl.fields.map((f, i) => ({ name: f.name.text, type: fs[i]! })));
        return obj;
      } finally {
        building.delete(t.decl);
      }
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
