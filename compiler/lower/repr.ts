// Silk types → run-time representations (lower/ast.ts `Repr`) and → ABI types (stdlib/abi).
// Only the types lowering supports so far have a representation; `reprOf` returns undefined
// for the rest and the caller reports the construct as not yet supported.

import type { AbiType } from "../../stdlib/abi/types.js";
import { prune, type IntType, type Type } from "../check/types.js";
import type { Repr, ValTy } from "./ast.js";

export const UNIT_REPR: Repr = { kind: "unit" };

export function reprOf(t: Type): Repr | undefined {
  t = prune(t);
  switch (t.kind) {
    case "bool":
      return { kind: "scalar", ty: "i32", size: 1, bool: true };
    case "int":
      return intRepr(t);
    case "address":
    case "bytes32":
      return { kind: "mem", size: 32 };
    case "tuple":
      return t.elems.length === 0 ? UNIT_REPR : undefined;
    case "never":
      return UNIT_REPR;
    default:
      return undefined;
  }
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
export function abiTypeOf(t: Type): AbiType | undefined {
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
      const e = abiTypeOf(t.elem);
      return e && ({ kind: "array", elem: e, len: t.len } as AbiType);
    }
    case "vec": {
      const e = abiTypeOf(t.elem);
      return e && ({ kind: "vec", elem: e } as AbiType);
    }
    case "tuple": {
      const es = t.elems.map(abiTypeOf);
      return es.every((x) => x) ? ({ kind: "tuple", elems: es } as AbiType) : undefined;
    }
    case "option": {
      const i = abiTypeOf(t.inner);
      return i && ({ kind: "option", inner: i } as AbiType);
    }
    case "result": {
      const o = abiTypeOf(t.ok), e = abiTypeOf(t.err);
      return o && e && ({ kind: "result", ok: o, err: e } as AbiType);
    }
    case "interface":
      return { kind: "address" } as AbiType;
    default:
      return undefined;
  }
}
